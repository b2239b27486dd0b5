#version 330 core
layout(location = 0) in vec3 a_position;
uniform mat4 u_view;
uniform mat4 u_proj;
uniform vec4 u_clip;
void main() {
  gl_ClipDistance[0] = dot(u_clip, vec4(a_position, 1.0));
  gl_Position = u_proj * u_view * vec4(a_position, 1.0);
}
