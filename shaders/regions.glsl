// Regions painted on a surface: unions of spheres and capsules in world space, one colour and pattern
// per style. Solid fills have a soft inner edge and (optionally) a crisp border; stipple is a dot
// lattice fixed to the surface, so it neither swims when the model turns nor changes between window
// and figure.
// MAX_SHAPES and MAX_STYLES come from kMaxRegionShapes and kMaxRegionStyles (core/frame_plan.hpp), defined
// by ProgramSpec for every program, so the shaders and the plan cannot disagree.
#if !defined(MAX_SHAPES) || !defined(MAX_STYLES)
#error MAX_SHAPES and MAX_STYLES are injected by the renderer
#endif
uniform int u_shapeCount;
uniform vec4 u_shapeA[MAX_SHAPES];   // xyz, radius
uniform vec4 u_shapeB[MAX_SHAPES];   // xyz, style index (+ MAX_STYLES when highlighted)
uniform vec4 u_shapeF[MAX_SHAPES];   // xyz: the point a painted surface faces (its muscle), w: least cosine (< -1: any)
uniform vec4 u_styleColor[MAX_STYLES];  // linear rgb, a = fill opacity
uniform vec4 u_styleInfo[MAX_STYLES];   // x: stipple, y: border
uniform float u_softEdge;            // metres
uniform float u_dotSpacing;          // metres
uniform float u_lineScale;
uniform int u_anyLit;                // some regions are emphasised: the others step back
#if !REGIONS
vec4 regionPaint() { return vec4(0.0); }
#else
in vec3 v_posWorld;
in vec3 v_normalWorld;

float stipple() {
  vec3 n = abs(v_normalWorld);
  vec2 uv = (n.x > n.y && n.x > n.z) ? v_posWorld.yz : (n.y > n.z ? v_posWorld.xz : v_posWorld.xy);
  uv /= u_dotSpacing;
  uv.x += 0.5 * mod(floor(uv.y), 2.0);  // offset rows: a hexagonal-looking lattice
  float r = length(fract(uv) - 0.5);
  float w = max(fwidth(r), 1e-4);
  float dots = 1.0 - smoothstep(0.27 - w, 0.27 + w, r);
  // Dots smaller than a pixel would shimmer: blend towards an even light fill instead.
  return mix(dots, 0.32, smoothstep(0.25, 0.5, max(fwidth(uv.x), fwidth(uv.y))));
}

// rgb: paint colour (linear), a: coverage 0..1
// A surface turned away from the shape's muscle is outside it: an attachment area on a thin bone wing does
// not show through on the far side (core/region_reach.cpp tests the same on the CPU).
bool faces(int i) {
  vec3 to = u_shapeF[i].xyz - v_posWorld;
  float len = length(to) * length(v_normalWorld);
  return u_shapeF[i].w < -1.0 || len < 1e-12 || dot(v_normalWorld, to) >= u_shapeF[i].w * len;
}

float shapeDistance(int i) {
  if (!faces(i)) return 1e9;
  vec3 a = u_shapeA[i].xyz, ab = u_shapeB[i].xyz - a;
  float t = clamp(dot(v_posWorld - a, ab) / max(dot(ab, ab), 1e-12), 0.0, 1.0);
  return length(v_posWorld - (a + ab * t)) - u_shapeA[i].w;
}

vec4 regionPaint() {
  // Most of a surface is far from every region: one cheap pass decides, before the per-style work
  // (whose small arrays a software rasteriser handles slowly).
  float nearest = 1e9;
  for (int i = 0; i < u_shapeCount; ++i) nearest = min(nearest, shapeDistance(i));
  if (nearest > u_softEdge) return vec4(0.0);
  // Derivatives below are taken in non-uniform flow only where a quad straddles the soft edge's outer
  // limit, where nothing is painted.
  float d[MAX_STYLES];
  bool lit[MAX_STYLES];
  for (int s = 0; s < MAX_STYLES; ++s) { d[s] = 1e9; lit[s] = false; }
  // An emphasised region and a plain one of the same style may overlap; emphasis wins there.
  for (int i = 0; i < u_shapeCount; ++i) {
    float dist = shapeDistance(i);
    int code = int(u_shapeB[i].w + 0.5);
    int s = code % MAX_STYLES;
    if (dist < d[s]) d[s] = dist;
    if (code >= MAX_STYLES && dist < 0.0) lit[s] = true;
  }
  vec4 acc = vec4(0.0);
  for (int s = 0; s < MAX_STYLES; ++s) {
    if (d[s] > u_softEdge) continue;
    float px = max(fwidth(d[s]), 1e-7);  // metres per pixel here
    float inside = 1.0 - smoothstep(-px, px, d[s]);
    float fill = inside * mix(0.45, 1.0, smoothstep(0.0, u_softEdge, -d[s])) * u_styleColor[s].a;
    if (u_styleInfo[s].x > 0.5) fill *= stipple();
    float border = u_styleInfo[s].y > 0.5 ? 1.0 - smoothstep(0.6, 1.6, abs(d[s] + px) / (px * u_lineScale)) : 0.0;
    vec3 c = u_styleColor[s].rgb;
    if (lit[s]) fill = min(1.0, fill * 1.15 + 0.08);
    else if (u_anyLit != 0) { fill *= 0.3; border *= 0.3; }
    float a = max(fill, border);
    vec3 col = mix(c, c * 0.45, border * (1.0 - fill * 0.5));
    acc = vec4(col * a + acc.rgb * (1.0 - a), a + acc.a * (1.0 - a));
  }
  return acc.a > 1e-5 ? vec4(acc.rgb / acc.a, acc.a) : vec4(0.0);
}
#endif
