#version 330 core
uniform uint u_id;
layout(location = 0) out uint o_id;
void main() { o_id = u_id; }
