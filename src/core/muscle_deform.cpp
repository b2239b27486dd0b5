#include "core/muscle_deform.hpp"

#include <algorithm>
#include <cmath>

#include <glm/geometric.hpp>

#include "core/atlas.hpp"
#include "core/bone_contact.hpp"

namespace psoas {

namespace {
// A path polyline with arc lengths and a rotation-minimising frame at each of its points.
struct Frames {
  std::vector<glm::vec3> p, t, n;
  std::vector<float> s;  // cumulative arc length
  float length() const { return s.back(); }
};

glm::vec3 safeNormalize(glm::vec3 v) {
  float l = glm::length(v);
  return l > 1e-9f ? v / l : glm::vec3(0.f);
}

glm::vec3 anyPerpendicular(glm::vec3 t) {
  glm::vec3 a = std::abs(t.x) < 0.6f ? glm::vec3(1, 0, 0) : glm::vec3(0, 0, 1);
  return glm::normalize(a - t * glm::dot(a, t));
}

// Parallel transport (double reflection would be finer; the spans here turn gently): each normal is the
// previous one with its component along the new tangent removed.
Frames buildFrames(const std::vector<glm::vec3>& polyline, glm::vec3 startNormal) {
  Frames f;
  f.p = polyline;
  std::size_t n = f.p.size();
  f.s.assign(n, 0.f);
  f.t.resize(n);
  f.n.resize(n);
  for (std::size_t i = 1; i < n; ++i) f.s[i] = f.s[i - 1] + glm::length(f.p[i] - f.p[i - 1]);
  for (std::size_t i = 0; i < n; ++i) {
    // Repeated points (a wrap arc starts where its tangent line ends) have no direction of their own.
    glm::vec3 a = i > 0 ? safeNormalize(f.p[i] - f.p[i - 1]) : glm::vec3(0.f);
    glm::vec3 b = i + 1 < n ? safeNormalize(f.p[i + 1] - f.p[i]) : glm::vec3(0.f);
    glm::vec3 t = a + b;
    f.t[i] = glm::length(t) > 1e-6f ? glm::normalize(t) : (glm::length(b) > 0.f ? b : a);
  }
  // A point with no direction on either side (three equal points) takes its neighbour's.
  for (std::size_t i = 1; i < n; ++i)
    if (glm::length(f.t[i]) == 0.f) f.t[i] = f.t[i - 1];
  for (std::size_t i = n - 1; i-- > 0;)
    if (glm::length(f.t[i]) == 0.f) f.t[i] = f.t[i + 1];
  glm::vec3 prev = startNormal - f.t[0] * glm::dot(startNormal, f.t[0]);
  prev = glm::length(prev) > 1e-6f ? glm::normalize(prev) : anyPerpendicular(f.t[0]);
  for (std::size_t i = 0; i < n; ++i) {
    glm::vec3 q = prev - f.t[i] * glm::dot(prev, f.t[i]);
    f.n[i] = glm::length(q) > 1e-6f ? glm::normalize(q) : anyPerpendicular(f.t[i]);
    prev = f.n[i];
  }
  return f;
}

struct FramePoint {
  glm::vec3 p, t, n, b;
};

FramePoint frameAt(const Frames& f, float s) {
  s = std::clamp(s, 0.f, f.length());
  // The span holding s: the first k whose end f.s[k + 1] reaches s (the last span at most); a binary
  // search, as a wrap arc makes the polyline long and every vertex asks.
  std::size_t k = std::size_t(std::lower_bound(f.s.begin() + 1, f.s.end() - 1, s) - (f.s.begin() + 1));
  float span = f.s[k + 1] - f.s[k];
  float w = span > 0.f ? (s - f.s[k]) / span : 0.f;
  FramePoint r;
  r.p = f.p[k] + (f.p[k + 1] - f.p[k]) * w;
  r.t = safeNormalize(f.t[k] + (f.t[k + 1] - f.t[k]) * w);
  if (glm::length(r.t) == 0.f) r.t = f.t[k];
  glm::vec3 n = f.n[k] + (f.n[k + 1] - f.n[k]) * w;
  n -= r.t * glm::dot(n, r.t);
  r.n = glm::length(n) > 1e-6f ? glm::normalize(n) : anyPerpendicular(r.t);
  r.b = glm::cross(r.t, r.n);
  return r;
}

// Arc length of the point of the polyline nearest to q.
float nearestArcLength(const Frames& f, glm::vec3 q) {
  float best = 1e30f, at = 0.f;
  for (std::size_t k = 0; k + 1 < f.p.size(); ++k) {
    glm::vec3 ab = f.p[k + 1] - f.p[k];
    float len2 = glm::dot(ab, ab);
    float w = len2 > 0.f ? std::clamp(glm::dot(q - f.p[k], ab) / len2, 0.f, 1.f) : 0.f;
    glm::vec3 c = f.p[k] + ab * w;
    float d = glm::dot(q - c, q - c);
    if (d < best) { best = d; at = f.s[k] + (f.s[k + 1] - f.s[k]) * w; }
  }
  return at;
}

}  // namespace

// Arc length where each path point (not each polyline point) lies: the spans between them stretch
// separately, so a span fixed to one bone (the iliac fossa) keeps its shape while the span across
// the hip shortens.
static std::vector<float> pointArcLengths(const Frames& f, const PathGeometry& g) {
  std::vector<float> out;
  for (int i : g.pointIndex) out.push_back(f.s[std::size_t(i)]);
  return out;
}

namespace {
// Span index + fraction within it -> arc length, for the span lengths `at`.
float arcAt(const std::vector<float>& at, float along) {
  std::size_t k = std::min(std::size_t(std::max(along, 0.f)), at.size() - 2);
  float w = along - float(k);
  return at[k] + (at[k + 1] - at[k]) * w;
}
}  // namespace

MuscleBinding bindMuscle(const MotionData& motion, int pathIndex, const Mesh& rest) {
  const MusclePath& path = motion.muscles[std::size_t(pathIndex)];
  std::vector<glm::mat4> standing(motion.skeleton.segments.size(), glm::mat4(1.f));
  PathGeometry g = musclePathGeometry(path, motion.wraps, standing);
  MuscleBinding b;
  b.path = pathIndex;
  b.restNormal = anyPerpendicular(safeNormalize(g.polyline[1] - g.polyline[0]));
  Frames f = buildFrames(g.polyline, b.restNormal);
  b.restLength = f.length();
  b.restSpans = pointArcLengths(f, g);
  b.along.reserve(rest.positions.size());
  b.offset.reserve(rest.positions.size());
  for (const glm::vec3& v : rest.positions) {
    float s = nearestArcLength(f, v);
    std::size_t k = 0;
    while (k + 2 < b.restSpans.size() && b.restSpans[k + 1] < s) ++k;
    float len = b.restSpans[k + 1] - b.restSpans[k];
    FramePoint fp = frameAt(f, s);
    glm::vec3 d = v - fp.p;
    b.along.push_back(float(k) + (len > 0.f ? std::clamp((s - b.restSpans[k]) / len, 0.f, 1.f) : 0.f));
    b.offset.push_back({glm::dot(d, fp.n), glm::dot(d, fp.b), glm::dot(d, fp.t)});
  }
  b.restVolume = meshVolume(rest);  // positive for a closed, outward-wound mesh; else no correction
  return b;
}

namespace {
// Per vertex, what placing it needs that the thickening factor does not change: its frame on the posed
// path and its span's stretch. Made once per pose; the volume correction below places the vertices two or
// three times with these (finding each vertex's frame again was most of a muscle's posing).
struct Placement {
  FramePoint fp;
  float changed, rootStretch, axial;
};

std::vector<Placement> placements(const MuscleBinding& binding, const Frames& f, const std::vector<float>& spans,
                                  const std::vector<float>& stretch) {
  std::size_t n = stretch.size();
  auto smoothStretch = [&](float along) {
    float x = std::clamp(along - 0.5f, 0.f, float(n - 1));
    std::size_t k = std::min(std::size_t(x), n - 1);
    std::size_t k1 = std::min(k + 1, n - 1);
    return stretch[k] + (stretch[k1] - stretch[k]) * (x - float(k));
  };
  std::vector<Placement> out(binding.along.size());
  for (std::size_t i = 0; i < out.size(); ++i) {
    float along = binding.along[i];
    Placement& pl = out[i];
    pl.fp = frameAt(f, arcAt(spans, along));
    float st = smoothStretch(along);
    // Length times cross-section kept: each transverse direction scales by 1/sqrt(stretch).
    pl.changed = std::clamp(std::abs(1.f - st) * 20.f, 0.f, 1.f);
    pl.rootStretch = std::sqrt(st);
    pl.axial = stretch[std::min(std::size_t(along), n - 1)];
  }
  return out;
}

// Places the vertices for the posed path; `extra` thickens the spans that changed length further
// (1: none), for the volume correction below.
void placeVertices(const MuscleBinding& binding, const std::vector<Placement>& placed, float extra, Mesh& out) {
  for (std::size_t i = 0; i < out.positions.size(); ++i) {
    const Placement& pl = placed[i];
    const FramePoint& fp = pl.fp;
    const glm::vec3& o = binding.offset[i];
    float radial = (1.f + (extra - 1.f) * pl.changed) / pl.rootStretch;
    out.positions[i] = fp.p + (fp.n * o.x + fp.b * o.y) * radial + fp.t * (o.z * pl.axial);
  }
}
}  // namespace

Mesh deformMuscle(const MotionData& motion, const MuscleBinding& binding, const Mesh& rest,
                  const std::vector<glm::mat4>& segments) {
  const MusclePath& path = motion.muscles[std::size_t(binding.path)];
  PathGeometry g = musclePathGeometry(path, motion.wraps, segments);
  // The origin's frame turns with the origin's segment, so the muscle does not twist about its path.
  const PathPoint& origin = path.points.front();
  glm::mat3 r = origin.segment >= 0 ? glm::mat3(segments[std::size_t(origin.segment)]) : glm::mat3(1.f);
  Frames f = buildFrames(g.polyline, r * binding.restNormal);
  std::vector<float> spans = pointArcLengths(f, g);
  std::vector<float> stretch(spans.size() - 1, 1.f);
  for (std::size_t k = 0; k + 1 < spans.size(); ++k) {
    float l0 = binding.restSpans[k + 1] - binding.restSpans[k];
    stretch[k] = l0 > 1e-6f ? std::max((spans[k + 1] - spans[k]) / l0, 1e-3f) : 1.f;
  }
  Mesh out = rest;
  const std::vector<Placement> placed = placements(binding, f, spans, stretch);
  placeVertices(binding, placed, 1.f, out);
  // Where the path bends sharply (a wrap in deep flexion) the inside of the bend is squeezed more than
  // the outside is spread, and a wide muscle loses volume. Thicken the changed spans until the volume
  // is back within 1 % (secant steps on the thickening factor; a few meshes' worth of work).
  if (binding.restVolume > 0.0) {
    double c0 = 1.0, v0 = meshVolume(out) - binding.restVolume;
    double c1 = std::sqrt(binding.restVolume / std::max(meshVolume(out), 1e-12));
    for (int it = 0; it < 4 && std::abs(v0) > 0.01 * binding.restVolume; ++it) {
      placeVertices(binding, placed, float(c1), out);
      double v1 = meshVolume(out) - binding.restVolume;
      if (std::abs(v1) <= 0.01 * binding.restVolume || v1 == v0) break;
      double c2 = std::clamp(c1 - v1 * (c1 - c0) / (v1 - v0), 0.5, 2.0);
      c0 = c1;
      v0 = v1;
      c1 = c2;
    }
  }
  // Normals: area-weighted face normals, keeping the rest mesh's orientation convention.
  recomputeNormals(out);
  out.computeBounds();
  return out;
}

std::vector<MuscleBinding> bindAtlasMuscles(const Atlas& atlas) {
  std::vector<MuscleBinding> out;
  for (std::size_t i = 0; i < atlas.motion.muscles.size(); ++i) {
    const Structure& s = atlas.structures[std::size_t(atlas.motion.muscles[i].structure)];
    if (s.mesh) out.push_back(bindMuscle(atlas.motion, int(i), *s.mesh));
  }
  return out;
}

double meshVolume(const Mesh& m) {
  double v = 0;
  for (std::size_t i = 0; i + 2 < m.indices.size(); i += 3) {
    glm::dvec3 a(m.positions[m.indices[i]]), b(m.positions[m.indices[i + 1]]), c(m.positions[m.indices[i + 2]]);
    v += glm::dot(a, glm::cross(b, c)) / 6.0;
  }
  return v;
}

}  // namespace psoas
