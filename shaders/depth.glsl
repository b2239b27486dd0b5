// Depth helpers shared by the resolve and the depth-cue pass.
uniform sampler2D u_depth;    // window depth, supersampled
uniform float u_near;
uniform float u_far;
uniform float u_projScale;    // proj[1][1] * hi-res height / 2: pixels per unit at distance 1
uniform float u_aoRadius;     // world units
uniform ivec2 u_tileOrigin;   // this tile's offset in the full supersampled image (0 when untiled)

float linearDepth(float d) { return u_near * u_far / (u_far - d * (u_far - u_near)); }

float fetchDepth(ivec2 p, ivec2 size) {
  p = clamp(p, ivec2(0), size - 1);
  float d = texelFetch(u_depth, p, 0).r;
  return d >= 1.0 ? 1e9 : linearDepth(d);
}

#if AO_SAMPLES > 0
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
#endif
