#include "core/muscle_path.hpp"

#include <algorithm>
#include <cmath>

#include <glm/geometric.hpp>
#include <glm/trigonometric.hpp>

#include "core/motion.hpp"

namespace psoas {

namespace {
constexpr float kTwoPi = 6.283185307179586f;

float cross2(glm::vec2 a, glm::vec2 b) { return a.x * b.y - a.y * b.x; }
float angleOf(glm::vec2 v) { return std::atan2(v.y, v.x); }
float positiveMod(float a) { return std::fmod(std::fmod(a, kTwoPi) + kTwoPi, kTwoPi); }

glm::vec3 transformPoint(const std::vector<glm::mat4>& segs, int segment, glm::vec3 p) {
  if (segment < 0 || std::size_t(segment) >= segs.size()) return p;
  return glm::vec3(segs[std::size_t(segment)] * glm::vec4(p, 1.f));
}
glm::vec3 transformDir(const std::vector<glm::mat4>& segs, int segment, glm::vec3 d) {
  if (segment < 0 || std::size_t(segment) >= segs.size()) return d;
  return glm::vec3(segs[std::size_t(segment)] * glm::vec4(d, 0.f));
}

// The span p -> s over one wrap cylinder, posed: planar wrap in the cross-section, the axial rise spread
// evenly along it (the path on the unrolled cylinder is a straight line, so a helix on the cylinder).
void wrapSpan(glm::vec3 p, glm::vec3 s, const WrapSurface& w, const std::vector<glm::mat4>& segs, int arcSteps,
              PathGeometry& out) {
  glm::vec3 c = transformPoint(segs, w.segment, w.centre);
  glm::vec3 axis = glm::normalize(transformDir(segs, w.segment, w.axis));
  glm::vec3 e1 = glm::normalize(transformDir(segs, w.segment, w.side));
  glm::vec3 e2 = glm::cross(axis, e1);
  auto to2 = [&](glm::vec3 q) { return glm::vec2(glm::dot(q - c, e1), glm::dot(q - c, e2)); };
  Wrap2D wr = wrapCircle2D(to2(p), to2(s), glm::vec2(0.f), w.radius, glm::vec2(1.f, 0.f));
  float ap = glm::dot(p - c, axis), as = glm::dot(s - c, axis);
  float rise = as - ap;
  out.length += std::sqrt(wr.length * wr.length + rise * rise);
  out.wrapped.push_back(wr.wrapped);
  if (!wr.wrapped || wr.length <= 0.f) return;
  float tangentIn = glm::length(wr.startPoint - to2(p));
  float sweep = wr.endAngle - wr.startAngle;
  for (int k = 0; k <= arcSteps; ++k) {
    float f = float(k) / float(arcSteps);
    float a = wr.startAngle + sweep * f;
    float along = (tangentIn + std::abs(sweep) * w.radius * f) / wr.length;  // planar arc-length fraction
    out.polyline.push_back(c + e1 * (w.radius * std::cos(a)) + e2 * (w.radius * std::sin(a)) +
                           axis * (ap + rise * along));
  }
}
}  // namespace

Wrap2D wrapCircle2D(glm::vec2 p, glm::vec2 s, glm::vec2 c, float r, glm::vec2 side) {
  Wrap2D w;
  glm::vec2 d = s - p;
  float len = glm::length(d);
  w.length = len;
  if (len < 1e-9f) return w;
  glm::vec2 u = d / len;
  glm::vec2 n(-u.y, u.x);
  if (glm::dot(n, side) < 0.f) n = -n;
  // The line is clear when the centre lies at least r behind it (away from `side`); otherwise the path
  // has to go round, but only if the centre's foot falls between the two points.
  float h = glm::dot(c - p, n);
  float t = glm::dot(c - p, u) / len;
  float dp = glm::length(p - c), ds = glm::length(s - c);
  if (h <= -r || t <= 0.f || t >= 1.f || dp <= r || ds <= r) return w;
  // Leaving p clockwise round the circle the tangent point is at angle(p) - acos(r/dp); counter-
  // clockwise at + acos. Which way is set by the side the path must pass on.
  bool clockwise = cross2(d, side) > 0.f;
  float fp = angleOf(p - c), fs = angleOf(s - c);
  float ap = std::acos(r / dp), as = std::acos(r / ds);
  float a1, a2, sweep;
  if (clockwise) {
    a1 = fp - ap;
    a2 = fs + as;
    sweep = -positiveMod(a1 - a2);
  } else {
    a1 = fp + ap;
    a2 = fs - as;
    sweep = positiveMod(a2 - a1);
  }
  w.wrapped = true;
  w.startAngle = a1;
  w.endAngle = a1 + sweep;
  w.startPoint = c + r * glm::vec2(std::cos(a1), std::sin(a1));
  w.endPoint = c + r * glm::vec2(std::cos(a2), std::sin(a2));
  w.length = std::sqrt(dp * dp - r * r) + std::sqrt(ds * ds - r * r) + r * std::abs(sweep);
  return w;
}

PathGeometry musclePathGeometry(const MusclePath& path, const std::vector<WrapSurface>& wraps,
                                const std::vector<glm::mat4>& segments, int arcSteps) {
  PathGeometry g;
  std::vector<glm::vec3> pts;
  for (const PathPoint& p : path.points) pts.push_back(transformPoint(segments, p.segment, p.position));
  for (std::size_t i = 0; i < pts.size(); ++i) {
    g.pointIndex.push_back(int(g.polyline.size()));
    g.polyline.push_back(pts[i]);
    if (i + 1 == pts.size()) break;
    int w = path.points[i].wrap;
    if (w >= 0) {
      wrapSpan(pts[i], pts[i + 1], wraps[std::size_t(w)], segments, std::max(arcSteps, 1), g);
    } else {
      g.length += glm::length(pts[i + 1] - pts[i]);
      g.wrapped.push_back(false);
    }
  }
  return g;
}

float muscleLength(const MusclePath& path, const std::vector<WrapSurface>& wraps,
                   const std::vector<glm::mat4>& segments) {
  return musclePathGeometry(path, wraps, segments, 1).length;
}

double momentArm(const Skeleton& skeleton, const std::vector<WrapSurface>& wraps, const MusclePath& path,
                 const std::vector<double>& valuesDeg, int coordinate) {
  if (coordinate < 0) return 0.0;
  const Coordinate& co = skeleton.coordinates[std::size_t(coordinate)];
  constexpr double h = 0.5;  // degrees: small against the curve's bends, large against float rounding
  double lo = std::max(co.minDeg, valuesDeg[std::size_t(coordinate)] - h);
  double hi = std::min(co.maxDeg, valuesDeg[std::size_t(coordinate)] + h);
  if (hi <= lo) return 0.0;
  auto lengthAt = [&](double deg) {
    std::vector<double> v = valuesDeg;
    v[std::size_t(coordinate)] = deg;
    return double(muscleLength(path, wraps, segmentTransforms(skeleton, v)));
  };
  return -(lengthAt(hi) - lengthAt(lo)) / glm::radians(hi - lo);
}

std::vector<MuscleMeasure> measureMuscles(const MotionData& motion, const Pose& pose) {
  std::vector<double> values = coordinateValues(motion.skeleton, pose);
  auto segs = segmentTransforms(motion.skeleton, values);
  auto standing = segmentTransforms(motion.skeleton, std::vector<double>(values.size(), 0.0));
  std::vector<MuscleMeasure> out;
  for (const MusclePath& m : motion.muscles) {
    MuscleMeasure r;
    r.id = m.muscle;
    r.lengthMm = muscleLength(m, motion.wraps, segs) * 1000.0;
    r.standingLengthMm = muscleLength(m, motion.wraps, standing) * 1000.0;
    r.percentOfStanding = r.lengthMm / r.standingLengthMm * 100.0;
    r.momentArmMm = momentArm(motion.skeleton, motion.wraps, m, values, m.momentArmCoordinate) * 1000.0;
    out.push_back(r);
  }
  return out;
}

}  // namespace psoas
