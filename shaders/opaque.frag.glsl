#version 330 core
#include "lighting.glsl"
#include "regions.glsl"
layout(location = 0) out vec4 o_color;
void main() {
  vec4 paint = regionPaint();  // before any branch: it takes screen-space derivatives
#if CUT
  if (!gl_FrontFacing) { o_color = vec4(shadeCap(), 1.0); return; }
#endif
  o_color = vec4(shade(mix(u_color, paint.rgb, paint.a)), 1.0);
}
