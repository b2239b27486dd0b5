#version 330 core
// Weighted blended order-independent transparency (McGuire & Bavoil 2013). Both targets use
// glBlendFuncSeparate(ONE, ONE, ZERO, ONE_MINUS_SRC_ALPHA): rgb accumulates, alpha keeps the revealage.
#include "lighting.glsl"
uniform float u_opacity;
layout(location = 0) out vec4 o_accum;
layout(location = 1) out vec4 o_weight;
void main() {
  // Denser towards the silhouette, clearer where the surface faces the viewer: an envelope reads as
  // an outline and the structures inside stay visible.
  vec3 n = surfaceNormal();
  float facing = abs(dot(n, normalize(-v_posView)));
  float a = clamp(u_opacity * mix(1.7, 0.3, facing), 0.0, 0.95);
  float d = 1.0 - gl_FragCoord.z;
  float w = a * clamp(3e3 * d * d * d, 1e-2, 3e3);
  o_accum = vec4(shade() * a * w, a);
  o_weight = vec4(a * w, 0.0, 0.0, a);
}
