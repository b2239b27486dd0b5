#version 330 core
// Meshes are already in atlas (world) space; lighting happens in view space so it follows the camera.
layout(location = 0) in vec3 a_position;
layout(location = 1) in vec3 a_normal;
uniform mat4 u_view;
uniform mat4 u_proj;
out vec3 v_posView;
out vec3 v_normalView;
void main() {
  vec4 pv = u_view * vec4(a_position, 1.0);
  v_posView = pv.xyz;
  v_normalView = mat3(u_view) * a_normal;
  gl_Position = u_proj * pv;
}
