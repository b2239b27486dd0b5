#version 330 core
// Weighted blended order-independent transparency (McGuire & Bavoil 2013). Both targets use
// glBlendFuncSeparate(ONE, ONE, ZERO, ONE_MINUS_SRC_ALPHA): rgb accumulates, alpha keeps the revealage.
#include "lighting.glsl"
uniform float u_opacity;
layout(location = 0) out vec4 o_accum;
layout(location = 1) out vec4 o_weight;
void main() {
  float a = u_opacity;
  float d = 1.0 - gl_FragCoord.z;
  float w = a * clamp(3e3 * d * d * d, 1e-2, 3e3);
  o_accum = vec4(shade() * a * w, a);
  o_weight = vec4(a * w, 0.0, 0.0, a);
}
