#version 330 core
layout(location = 0) in vec3 a_position;
uniform mat4 u_view;
uniform mat4 u_proj;
uniform mat4 u_model;  // the item's placement: identity in the rest pose
uniform vec4 u_clip;
void main() {
  vec4 pw = u_model * vec4(a_position, 1.0);
  gl_ClipDistance[0] = dot(u_clip, pw);
  gl_Position = u_proj * u_view * pw;
}
