#version 330 core
#include "lighting.glsl"
layout(location = 0) out vec4 o_color;
void main() { o_color = vec4(shade(), 1.0); }
