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
uniform sampler2D u_depth;    // window depth
uniform sampler2D u_accum;    // OIT: rgb sum, a = revealage
uniform sampler2D u_weight;   // OIT: weight sum
uniform sampler2D u_mask;     // selection mask
uniform float u_near;
uniform float u_far;
uniform float u_projScale;    // proj[1][1] * hi-res height / 2: pixels per unit at distance 1
uniform float u_aoRadius;     // world units
uniform float u_aoStrength;
uniform float u_edgeStrength;
uniform vec4 u_background;    // linear, premultiplied
uniform vec3 u_outlineColor;  // linear
uniform float u_outlineWidth; // output pixels
uniform sampler2D u_overlay;  // labels and legend: sRGB, premultiplied, output size
uniform ivec2 u_tileOrigin;    // this tile's offset in the full supersampled image (0 when untiled)
out vec4 o_color;

float linearDepth(float d) { return u_near * u_far / (u_far - d * (u_far - u_near)); }

float fetchDepth(ivec2 p, ivec2 size) {
  p = clamp(p, ivec2(0), size - 1);
  float d = texelFetch(u_depth, p, 0).r;
  return d >= 1.0 ? 1e9 : linearDepth(d);
}

float occlusion(ivec2 p, float z, ivec2 size) {
  float r = clamp(u_aoRadius * u_projScale / z, 2.0, 48.0 * float(SSAA));
  // A golden-angle spiral, turned per pixel (by the global pixel, so tiles continue the pattern). The
  // loop unrolls with a constant count, so each sample's direction is a constant turned by one rotation:
  // two trigonometric calls a pixel instead of two a sample.
  ivec2 g = p + u_tileOrigin;
  float turn = float((g.x * 7 + g.y * 13) & 7) * 0.785;
  vec2 rot = vec2(cos(turn), sin(turn));
  float occ = 0.0;
  const int N = AO_SAMPLES;
  for (int i = 0; i < N; ++i) {
    float t = (float(i) + 0.5) / float(N);
    vec2 d = vec2(cos(float(i) * 2.39996), sin(float(i) * 2.39996));
    vec2 o = vec2(d.x * rot.x - d.y * rot.y, d.x * rot.y + d.y * rot.x) * r * sqrt(t);
    float zs = fetchDepth(p + ivec2(o), size);
    float dz = z - zs;  // > 0: the sample is in front of us
    float range = 1.0 - smoothstep(u_aoRadius * 1.0, u_aoRadius * 2.5, dz);
    occ += smoothstep(u_aoRadius * 0.04, u_aoRadius * 0.4, dz) * range;
  }
  return occ / float(N);
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
  // The depth cue varies slowly: one estimate per output pixel, at its nearest sample, serves all of
  // its samples (with supersampling this was most of the resolve's cost).
  float zNear = 1e9;
  ivec2 pNear = out_px * SSAA;
  for (int sy = 0; sy < SSAA; ++sy)
    for (int sx = 0; sx < SSAA; ++sx) {
      ivec2 p = out_px * SSAA + ivec2(sx, sy);
      float z = fetchDepth(p, size);
      if (z < zNear) { zNear = z; pNear = p; }
    }
  float ao = zNear < 1e8 ? 1.0 - u_aoStrength * occlusion(pNear, zNear, size) : 1.0;
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
  vec3 srgb = mix(rgb * 12.92, 1.055 * pow(rgb, vec3(1.0 / 2.4)) - 0.055, step(0.0031308, rgb));
#if OVERLAY
  vec4 o = texelFetch(u_overlay, out_px, 0);
  float a = o.a + c.a * (1.0 - o.a);
  srgb = a > 1e-5 ? (o.rgb + srgb * c.a * (1.0 - o.a)) / a : vec3(0.0);
  o_color = vec4(srgb, a);
#else
  o_color = vec4(srgb, c.a);
#endif
}
