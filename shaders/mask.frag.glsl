#version 330 core
layout(location = 0) out vec4 o_mask;
void main() { o_mask = vec4(1.0); }
