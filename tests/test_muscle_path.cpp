// Muscle paths: the wrap geometry, the length curve of the built-in psoas against OpenSim gait2392's
// (computed here from REFERENCE.md's numbers), moment arms and the lengths people will quote.
#include <doctest/doctest.h>

#include <cmath>
#include <vector>

#include <glm/geometric.hpp>

#include "core/atlas.hpp"
#include "core/file_util.hpp"
#include "test_support.hpp"

using namespace psoas;

namespace {
const Atlas& builtin() { return test::builtinAtlasData(); }

// OpenSim gait2392 psoas_r (REFERENCE.md §3, metres; pelvis frame x anterior, y up, z right; femur
// frame origin at the head centre, aligned with the pelvis frame at zero hip angles). The femur
// points turn about the hip centre by the flexion angle about z; the third pelvis point only counts
// from -90 to 45 deg, as the model says.
double gait2392PsoasLength(double flexionDeg) {
  const glm::dvec3 hip(-0.0707, -0.0661, 0.0835);
  std::vector<glm::dvec3> pts = {{-0.0647, 0.0887, 0.0289}, {-0.0238, -0.0570, 0.0759}};
  if (flexionDeg >= -90 && flexionDeg <= 45) pts.push_back({-0.0288, -0.0805, 0.0816});
  double t = flexionDeg * 3.14159265358979323846 / 180.0;
  for (glm::dvec3 f : {glm::dvec3(0.0016, -0.0507, 0.0038), glm::dvec3(-0.0188, -0.0597, 0.0104)})
    pts.push_back(hip + glm::dvec3(f.x * std::cos(t) - f.y * std::sin(t), f.x * std::sin(t) + f.y * std::cos(t), f.z));
  double len = 0;
  for (std::size_t i = 1; i < pts.size(); ++i) len += glm::length(pts[i] - pts[i - 1]);
  return len;
}

double builtinLength(const std::string& muscle, Pose pose) {
  const MotionData& m = builtin().motion;
  const MusclePath* p = m.findMuscle(muscle);
  REQUIRE(p);
  return muscleLength(*p, m.wraps, segmentTransforms(m.skeleton, pose));
}

Pose hip(const std::string& side, double deg) { return Pose{"", {{"hip_flexion_" + side, deg}}}; }
}  // namespace

TEST_CASE("the gait2392 reference reproduces REFERENCE.md's numbers") {
  double l0 = gait2392PsoasLength(0);
  CHECK(l0 * 1000 == doctest::Approx(260.9).epsilon(0.002));
  CHECK((gait2392PsoasLength(-15) - l0) * 1000 == doctest::Approx(9.6).epsilon(0.02));
  CHECK((gait2392PsoasLength(45) - l0) * 1000 == doctest::Approx(-32.9).epsilon(0.02));
  CHECK((gait2392PsoasLength(90) - l0) * 1000 == doctest::Approx(-65.1).epsilon(0.02));
}

TEST_CASE("the built-in psoas changes length with hip flexion as gait2392's does, on both sides") {
  for (const char* side : {"l", "r"}) {
    std::string id = std::string("psoas_major_") + side;
    double l0 = builtinLength(id, {});
    CHECK(l0 > 0.38);  // from T12, about 440 mm
    CHECK(l0 < 0.48);
    for (double deg : {-15.0, 45.0, 90.0}) {
      double ref = (gait2392PsoasLength(deg) - gait2392PsoasLength(0)) * 1000;
      double mine = (builtinLength(id, hip(side, deg)) - l0) * 1000;
      double tol = std::max(std::abs(ref) * 0.2, 3.0);
      INFO(id << " at " << deg << " deg: " << mine << " mm, gait2392 " << ref << " mm");
      CHECK(std::abs(mine - ref) <= tol);
    }
    // It keeps shortening into deep flexion (where gait2392's straight lines stop) and lengthens in extension.
    double prev = builtinLength(id, hip(side, -20));
    for (double deg = -19; deg <= 120; deg += 1) {
      double l = builtinLength(id, hip(side, deg));
      INFO(id << " at " << deg << " deg");
      CHECK(l < prev);
      prev = l;
    }
  }
}

TEST_CASE("wrapping round a circle: tangents and arc, clear lines stay straight, the side is kept") {
  // Symmetric case with a closed form: 2 sqrt(d^2 - r^2) + r (pi - 2 acos(r / d)).
  float d = 2.f, r = 1.f;
  Wrap2D w = wrapCircle2D({-d, 0}, {d, 0}, {0, 0}, r, {0, 1});
  CHECK(w.wrapped);
  CHECK(w.length == doctest::Approx(2 * std::sqrt(d * d - r * r) + r * (3.14159265f - 2 * std::acos(r / d))));
  CHECK(w.startPoint.y > 0.f);  // over the top, the side asked for
  CHECK(w.endPoint.y > 0.f);
  Wrap2D under = wrapCircle2D({-d, 0}, {d, 0}, {0, 0}, r, {0, -1});
  CHECK(under.length == doctest::Approx(w.length));
  CHECK(under.startPoint.y < 0.f);
  // A line that passes clear on the right side stays straight...
  Wrap2D clear = wrapCircle2D({-d, 2 * r}, {d, 2 * r}, {0, 0}, r, {0, 1});
  CHECK_FALSE(clear.wrapped);
  CHECK(clear.length == doctest::Approx(2 * d));
  // ...one on the wrong side is taken round (longer than the straight line).
  Wrap2D forced = wrapCircle2D({-d, -1.5f * r}, {d, -1.5f * r}, {0, 0}, r, {0, 1});
  CHECK(forced.wrapped);
  CHECK(forced.length > 2 * d);
  // Continuity where the line just touches: wrapped and straight lengths meet.
  Wrap2D touching = wrapCircle2D({-d, -r + 1e-4f}, {d, -r + 1e-4f}, {0, 0}, r, {0, -1});
  CHECK(touching.length == doctest::Approx(2 * d).epsilon(1e-3));
}

TEST_CASE("moment arms: about 39 mm for psoas at neutral, zero for psoas minor, agreeing with the length curve") {
  const MotionData& m = builtin().motion;
  auto measures = measureMuscles(m, Pose{});
  REQUIRE(measures.size() == 6);
  for (const auto& r : measures) {
    INFO(r.id);
    CHECK(r.percentOfStanding == doctest::Approx(100.0));
    if (r.id.rfind("psoas_minor", 0) == 0) {
      CHECK(std::abs(r.momentArmMm) < 0.1);
    } else {
      CHECK(r.momentArmMm > 30.0);  // REFERENCE.md: 38-40 mm at neutral
      CHECK(r.momentArmMm < 50.0);
    }
  }
  // -dL/dtheta against a coarse secant of the length curve around 30 deg.
  const MusclePath& p = *m.findMuscle("psoas_major_l");
  std::vector<double> v(m.skeleton.coordinates.size(), 0.0);
  int c = m.skeleton.findCoordinate("hip_flexion_l");
  v[std::size_t(c)] = 30;
  double ma = momentArm(m.skeleton, m.wraps, p, v, c);
  double secant = -(builtinLength("psoas_major_l", hip("l", 35)) - builtinLength("psoas_major_l", hip("l", 25))) /
                  (10.0 * 3.14159265358979323846 / 180.0);
  CHECK(ma == doctest::Approx(secant).epsilon(0.03));
}

TEST_CASE("the lumbar spine changes psoas length, the tendon stays on the lesser trochanter in every preset") {
  // Bending to the left brings the left psoas's origins closer to its insertion.
  Pose bendLeft{"", {{"lumbar_bending", 20}}};
  CHECK(builtinLength("psoas_major_l", bendLeft) < builtinLength("psoas_major_l", {}) - 0.005);
  CHECK(builtinLength("psoas_major_r", bendLeft) > builtinLength("psoas_major_r", {}) + 0.005);
  CHECK(builtinLength("psoas_minor_l", bendLeft) < builtinLength("psoas_minor_l", {}) - 0.005);
  const Atlas& a = builtin();
  for (const PosePreset& preset : a.motion.poses) {
    auto segs = segmentTransforms(a.motion.skeleton, preset.pose);
    auto landmarks = posedLandmarks(a, preset.pose);
    for (const MusclePath& p : a.motion.muscles) {
      const PathPoint& last = p.points.back();
      if (last.role != PathPoint::Role::Insertion || a.motion.skeleton.segments[std::size_t(last.segment)].id.rfind("femur", 0) != 0)
        continue;
      PathGeometry g = musclePathGeometry(p, a.motion.wraps, segs);
      std::string side = p.muscle.substr(p.muscle.size() - 2);
      glm::vec3 lt = landmarks[std::size_t(a.findLandmark("lesser_trochanter" + side))];
      INFO(preset.id << " " << p.muscle);
      CHECK(glm::length(g.polyline.back() - lt) < 0.01f);
      CHECK(g.length > 0.1f);
    }
  }
}

TEST_CASE("presets move the lengths the way the articles say") {
  const MotionData& m = builtin().motion;
  auto pct = [&](const char* pose, const char* muscle) {
    for (const auto& r : measureMuscles(m, m.findPose(pose)->pose))
      if (r.id == muscle) return r.percentOfStanding;
    FAIL("no muscle " << muscle);
    return 0.0;
  };
  for (const char* mu : {"psoas_major_l", "psoas_major_r", "iliacus_l", "iliacus_r"}) {
    INFO(mu);
    CHECK(pct("sitting", mu) < 95.0);  // held short
    CHECK(pct("side_lying_curled", mu) < pct("sitting", mu));
  }
  // The back leg of the kneeling stretch is longer than standing; the front one is short.
  CHECK(pct("kneeling_hip_flexor_stretch", "psoas_major_r") > 101.0);
  CHECK(pct("kneeling_hip_flexor_stretch", "iliacus_r") > 102.0);
  CHECK(pct("kneeling_hip_flexor_stretch", "psoas_major_l") < 95.0);
  CHECK(pct("standing_march", "psoas_major_l") < pct("standing_march", "psoas_major_r"));
}
