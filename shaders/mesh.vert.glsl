#version 330 core
// Meshes are placed in atlas (world) space by u_model (marker spheres; posed bones); lighting happens in view space so
// it follows the camera; regions are evaluated in world space so they stay fixed to the anatomy.
// World-space outputs (REGIONS) and the clip distance (CUT) exist only in the variants that use them:
// a software rasteriser sets up every output of every triangle.
#ifndef REGIONS
#define REGIONS 0
#endif
#ifndef CUT
#define CUT 0
#endif
layout(location = 0) in vec3 a_position;
layout(location = 1) in vec3 a_normal;
uniform mat4 u_model;
uniform mat4 u_view;
uniform mat4 u_proj;
uniform vec4 u_clip;  // world-space plane; points with dot(u_clip, p) < 0 are cut away
out vec3 v_posView;
out vec3 v_normalView;
#if REGIONS
out vec3 v_posWorld;
out vec3 v_normalWorld;
#endif
void main() {
  vec4 pw = u_model * vec4(a_position, 1.0);
  vec4 pv = u_view * pw;
  vec3 nw = mat3(u_model) * a_normal;
#if REGIONS
  v_posWorld = pw.xyz;
  v_normalWorld = nw;
#endif
  v_posView = pv.xyz;
  v_normalView = mat3(u_view) * nw;
#if CUT
  gl_ClipDistance[0] = dot(u_clip, pw);
#endif
  gl_Position = u_proj * pv;
}
