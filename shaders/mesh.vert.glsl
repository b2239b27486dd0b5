#version 330 core
// Meshes are in atlas (world) space (u_model places marker spheres); lighting happens in view space so
// it follows the camera; regions are evaluated in world space so they stay fixed to the anatomy.
layout(location = 0) in vec3 a_position;
layout(location = 1) in vec3 a_normal;
uniform mat4 u_model;
uniform mat4 u_view;
uniform mat4 u_proj;
uniform vec4 u_clip;  // world-space plane; points with dot(u_clip, p) < 0 are cut away (when enabled)
out vec3 v_posView;
out vec3 v_normalView;
out vec3 v_posWorld;
out vec3 v_normalWorld;
void main() {
  vec4 pw = u_model * vec4(a_position, 1.0);
  vec4 pv = u_view * pw;
  v_posWorld = pw.xyz;
  v_normalWorld = mat3(u_model) * a_normal;
  v_posView = pv.xyz;
  v_normalView = mat3(u_view) * v_normalWorld;
  gl_ClipDistance[0] = dot(u_clip, pw);
  gl_Position = u_proj * pv;
}
