#version 330 core
// Resolves the supersampled passes into one output pixel: opaque colour with an ambient-occlusion-like
// depth cue and soft contour lines, transparency on top, the background, then the selection outline.
// Output: sRGB, straight alpha.
//
// The renderer compiles one variant per combination of the switches below. llvmpipe runs both sides of
// every branch, uniform or not, so a feature turned off by a uniform would still cost every pixel.
#ifndef SSAA
#define SSAA 1          // supersampling factor per axis
#endif
#ifndef AO_SAMPLES
#define AO_SAMPLES 10   // 0: no ambient-occlusion-like depth cue
#endif
#ifndef CONTOURS
#define CONTOURS 1
#endif
#ifndef TRANSLUCENT
#define TRANSLUCENT 1   // the transparency targets hold something
#endif
#ifndef SELECTION
#define SELECTION 0     // draw the selection outline from the mask
#endif
#ifndef OVERLAY
#define OVERLAY 0       // labels and legend
#endif
uniform sampler2D u_opaque;   // linear rgb
uniform sampler2D u_accum;    // OIT: rgb sum, a = revealage
uniform sampler2D u_weight;   // OIT: weight sum
uniform sampler2D u_mask;     // selection mask
uniform sampler2D u_ao;       // the depth cue at half the output size: r occlusion, g linear depth
uniform float u_aoStrength;
uniform float u_edgeStrength;
uniform vec4 u_background;    // linear, premultiplied
uniform vec3 u_outlineColor;  // linear
uniform float u_outlineWidth; // output pixels
uniform sampler2D u_overlay;  // labels and legend: sRGB, premultiplied, output size
out vec4 o_color;

#include "depth.glsl"

// 1.055 x^(1/2.4) - 0.055 for x above 0.0031308, by a least-squares fit in x^(1/2), x^(1/4) and x^(1/8):
// within 0.015 of an 8-bit step, and three square roots instead of pow(), which a software rasteriser
// computes as exp2(log2()) per channel.
vec3 linearToSrgbCurve(vec3 x) {
  vec3 s1 = sqrt(x), s2 = sqrt(s1), s3 = sqrt(s2);
  return 0.64800757 * s1 + 0.70277281 * s2 - 0.33037813 * s3 - 0.01919834 * x - 0.00124671;
}

float contour(ivec2 p, float z, ivec2 size) {
  float zmin = z;
  for (int i = 0; i < 4; ++i) {
    ivec2 o = ivec2(i == 0 ? 1 : (i == 1 ? -1 : 0), i == 2 ? 1 : (i == 3 ? -1 : 0)) * SSAA;
    zmin = min(zmin, fetchDepth(p + o, size));
  }
  return smoothstep(0.015, 0.05, (z - zmin) / z);
}

void main() {
  ivec2 out_px = ivec2(gl_FragCoord.xy);
  ivec2 size = textureSize(u_depth, 0);
  vec4 sum = vec4(0.0);
#if AO_SAMPLES > 0
  // The depth cue, computed at half size (ao.frag.glsl), is brought up to this pixel from its four
  // nearest half-size texels, each weighted by how close its depth is to this pixel's nearest sample:
  // no dark halo crosses a silhouette.
  float zNear = 1e9;
  for (int sy = 0; sy < SSAA; ++sy)
    for (int sx = 0; sx < SSAA; ++sx) zNear = min(zNear, fetchDepth(out_px * SSAA + ivec2(sx, sy), size));
  float ao = 1.0;
  if (zNear < 1e8) {
    ivec2 aoSize = textureSize(u_ao, 0);
    vec2 f = (vec2(out_px) + 0.5) * 0.5 - 0.5;
    ivec2 base = ivec2(floor(f));
    vec2 t = f - vec2(base);
    float occ = 0.0, wsum = 0.0;
    for (int k = 0; k < 4; ++k) {
      ivec2 o = ivec2(k & 1, k >> 1);
      vec2 s = texelFetch(u_ao, clamp(base + o, ivec2(0), aoSize - 1), 0).rg;
      float w = (o.x == 1 ? t.x : 1.0 - t.x) * (o.y == 1 ? t.y : 1.0 - t.y) + 1e-3;
      float dz = (s.g - zNear) / (0.02 * zNear);
      w /= 1.0 + dz * dz;
      occ += s.r * w;
      wsum += w;
    }
    ao = 1.0 - u_aoStrength * occ / max(wsum, 1e-6);
  }
#endif
  for (int sy = 0; sy < SSAA; ++sy)
    for (int sx = 0; sx < SSAA; ++sx) {
      ivec2 p = out_px * SSAA + ivec2(sx, sy);
      float z = fetchDepth(p, size);
      vec4 under = u_background;
      if (z < 1e8) {
        vec3 c = texelFetch(u_opaque, p, 0).rgb;
#if AO_SAMPLES > 0
        c *= ao;
#endif
#if CONTOURS
        c *= 1.0 - u_edgeStrength * contour(p, z, size);
#endif
        under = vec4(c, 1.0);
      }
#if TRANSLUCENT
      vec4 acc = texelFetch(u_accum, p, 0);
      float wsum = texelFetch(u_weight, p, 0).r;
      float coverage = 1.0 - acc.a;
      vec3 tc = acc.rgb / max(wsum, 1e-5);
      sum += vec4(tc * coverage, coverage) + under * (1.0 - coverage);
#else
      sum += under;
#endif
    }
  vec4 c = sum / float(SSAA * SSAA);

#if SELECTION
  {
    // Outline outside the selected shape: how much of a ring around this pixel is covered by the mask.
    float inside = 0.0, ring = 0.0;
    ivec2 msize = textureSize(u_mask, 0);
    for (int sy = 0; sy < SSAA; ++sy)
      for (int sx = 0; sx < SSAA; ++sx)
        inside += texelFetch(u_mask, clamp(out_px * SSAA + ivec2(sx, sy), ivec2(0), msize - 1), 0).r;
    inside /= float(SSAA * SSAA);
    for (int i = 0; i < 16; ++i) {
      float ang = float(i) * 0.3927;
      vec2 o = vec2(cos(ang), sin(ang)) * u_outlineWidth * float(SSAA);
      ivec2 q = clamp(out_px * SSAA + ivec2(SSAA / 2) + ivec2(o), ivec2(0), msize - 1);
      ring = max(ring, texelFetch(u_mask, q, 0).r);
    }
    float a = clamp(ring - inside, 0.0, 1.0);
    c = mix(c, vec4(u_outlineColor, 1.0), a);
  }
#endif

  vec3 rgb = c.a > 1e-5 ? c.rgb / c.a : vec3(0.0);
  rgb = clamp(rgb, 0.0, 1.0);
  vec3 srgb = mix(rgb * 12.92, linearToSrgbCurve(rgb), step(0.0031308, rgb));
#if OVERLAY
  vec4 o = texelFetch(u_overlay, out_px, 0);
  float a = o.a + c.a * (1.0 - o.a);
  srgb = a > 1e-5 ? (o.rgb + srgb * c.a * (1.0 - o.a)) / a : vec3(0.0);
  o_color = vec4(srgb, a);
#else
  o_color = vec4(srgb, c.a);
#endif
}
