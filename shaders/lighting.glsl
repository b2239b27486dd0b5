// Soft studio lighting in view space: a key light from the upper left, a weaker fill from the right,
// a hemisphere ambient and a faint sheen. Inputs and output are linear RGB.
uniform vec3 u_color;      // linear albedo
uniform float u_highlight; // 0..1 selection rim
uniform vec3 u_highlightColor;
// CUT 1: a clipping plane is on, and back faces seen through the cut are the cut surface (compiled in only
// then: a software rasteriser pays for both sides of a branch).
#ifndef CUT
#define CUT 0
#endif
uniform vec3 u_capNormal;   // view space, towards the viewer
in vec3 v_posView;
in vec3 v_normalView;

// Interpolated normals can cancel to zero across a sharp fold; normalize() would return NaN there.
vec3 surfaceNormal() {
  float len = length(v_normalView);
  return len > 1e-8 ? v_normalView / len : vec3(0.0, 0.0, 1.0);
}

vec3 shade(vec3 albedo) {
  vec3 n = surfaceNormal();
  if (!gl_FrontFacing) n = -n;  // open or inconsistently wound imported meshes still light correctly
  vec3 v = normalize(-v_posView);
  vec3 keyDir = normalize(vec3(-0.45, 0.65, 0.62));
  vec3 fillDir = normalize(vec3(0.7, -0.05, 0.45));
  float wrap = 0.25;
  float key = max((dot(n, keyDir) + wrap) / (1.0 + wrap), 0.0);
  float fill = max(dot(n, fillDir), 0.0);
  float hemi = 0.5 + 0.5 * n.y;
  vec3 ambient = mix(vec3(0.20, 0.19, 0.18), vec3(0.34, 0.35, 0.37), hemi);
  vec3 h = normalize(keyDir + v);
  // Powers by multiplication: a software rasteriser computes pow() as exp2(log2()), per pixel.
  float s1 = max(dot(n, h), 0.0), s2 = s1 * s1, s4 = s2 * s2, s8 = s4 * s4, s16 = s8 * s8;
  float spec = s16 * s16 * s16 * 0.10;  // exponent 48
  float f = 1.0 - max(dot(n, v), 0.0);
  float rim = f * f * f;
  vec3 c = albedo * (ambient + 0.78 * key + 0.22 * fill) + vec3(spec) + albedo * rim * 0.10;
  c = mix(c, u_highlightColor, u_highlight * (0.12 + 0.75 * rim));
  return c;
}

// The cut surface of a clipped closed mesh: flat, a little darker than the outside, lit as a plane
// facing the viewer.
vec3 shadeCap() {
  vec3 n = u_capNormal;
  vec3 keyDir = normalize(vec3(-0.45, 0.65, 0.62));
  float key = max(dot(n, keyDir), 0.0);
  return u_color * 0.82 * (vec3(0.32) + 0.55 * key);
}
