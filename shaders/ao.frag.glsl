#version 330 core
// The ambient-occlusion-like depth cue at half the output size, a quarter of its pixels: the cue varies
// slowly, and at full size it was the largest part of the resolve. Each texel takes the sample at the
// corner its four output pixels share. r: occlusion 0..1, g: that sample's linear depth (for the
// depth-aware upsampling in composite.frag.glsl).
#ifndef SSAA
#define SSAA 1
#endif
#ifndef AO_SAMPLES
#define AO_SAMPLES 10
#endif
#include "depth.glsl"
layout(location = 0) out vec2 o_ao;
void main() {
  ivec2 size = textureSize(u_depth, 0);
  ivec2 p = clamp((ivec2(gl_FragCoord.xy) * 2 + 1) * SSAA, ivec2(0), size - 1);
  float z = fetchDepth(p, size);
  o_ao = z < 1e8 ? vec2(occlusion(p, z, size), z) : vec2(0.0, 6e4);
}
