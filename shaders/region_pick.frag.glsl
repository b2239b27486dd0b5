#version 330 core
// Picking of painted regions on a surface that is itself too faint (or hidden) to be picked: only the
// painted part answers, so a referral zone on the body envelope can be clicked. Built with REGIONS 1.
#include "regions.glsl"
uniform uint u_id;
layout(location = 0) out uint o_id;
void main() {
  if (regionPaint().a < 0.05 || !gl_FrontFacing) discard;
  o_id = u_id;
}
