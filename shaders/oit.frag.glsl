#version 330 core
// Weighted blended order-independent transparency (McGuire & Bavoil 2013). Both targets use
// glBlendFuncSeparate(ONE, ONE, ZERO, ONE_MINUS_SRC_ALPHA): rgb accumulates, alpha keeps the revealage.
#include "lighting.glsl"
#include "regions.glsl"
uniform float u_opacity;  // 0: only the painted regions are drawn (a hidden envelope keeps its overlay)
uniform int u_outline;    // draw the surface as its silhouette only
layout(location = 0) out vec4 o_accum;
layout(location = 1) out vec4 o_weight;
void main() {
  // Denser towards the silhouette, clearer where the surface faces the viewer: an envelope reads as
  // an outline and the structures inside stay visible.
  vec3 n = surfaceNormal();
  float facing = abs(dot(n, normalize(-v_posView)));
  float a = u_outline != 0 ? 0.9 * (1.0 - smoothstep(0.10, 0.32, facing))
                           : clamp(u_opacity * mix(1.7, 0.3, facing), 0.0, 0.95);
  vec3 albedo = u_color;
  // Only the near side of an envelope carries its regions; the far side would show through mirrored.
  vec4 paint = regionPaint() * (gl_FrontFacing ? 1.0 : 0.0);
  if (paint.a > 0.0) {
    albedo = mix(albedo, paint.rgb, paint.a);
    a = mix(a, 0.92, paint.a);
  }
  if (a < 0.004) discard;
#if CUT
  vec3 c = gl_FrontFacing ? shade(albedo) : shadeCap();
#else
  vec3 c = shade(albedo);
#endif
  float d = 1.0 - gl_FragCoord.z;
  float w = a * clamp(3e3 * d * d * d, 1e-2, 3e3);
  o_accum = vec4(c * a * w, a);
  o_weight = vec4(a * w, 0.0, 0.0, a);
}
