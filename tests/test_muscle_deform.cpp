// Muscle meshes following their paths: in every preset the volume stays within 5 % of standing, the
// standing pose reproduces the mesh, and the lower end stays at the lesser trochanter.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>

#include <glm/geometric.hpp>

#include "core/atlas.hpp"
#include "core/file_util.hpp"
#include "core/mesh_loader.hpp"
#include "core/muscle_deform.hpp"
#include "test_support.hpp"

using namespace psoas;

namespace {
const Atlas& builtin() { return test::builtinAtlasData(); }

struct Bound {
  Mesh rest;
  MuscleBinding binding;
};

const std::vector<Bound>& boundMuscles() {
  static const std::vector<Bound> all = [] {
    std::vector<Bound> out;
    const Atlas& a = builtin();
    for (std::size_t i = 0; i < a.motion.muscles.size(); ++i) {
      const Structure& s = a.structures[std::size_t(a.motion.muscles[i].structure)];
      Bound b;
      b.rest = loadMesh(s.meshFile, s.node, s.transform.matrix());
      b.binding = bindMuscle(a.motion, int(i), b.rest);
      out.push_back(std::move(b));
    }
    return out;
  }();
  return all;
}
}  // namespace

TEST_CASE("standing leaves every muscle mesh where it is") {
  const Atlas& a = builtin();
  auto segs = segmentTransforms(a.motion.skeleton, Pose{});
  for (const Bound& b : boundMuscles()) {
    Mesh m = deformMuscle(a.motion, b.binding, b.rest, segs);
    float worst = 0.f;
    for (std::size_t i = 0; i < m.positions.size(); ++i) worst = std::max(worst, glm::length(m.positions[i] - b.rest.positions[i]));
    INFO(a.motion.muscles[std::size_t(b.binding.path)].muscle);
    CHECK(worst < 1e-4f);
  }
}

TEST_CASE("in every preset and through the gait cycle the volume stays within 5 % and the belly thickens as it shortens") {
  const Atlas& a = builtin();
  auto standingSegs = segmentTransforms(a.motion.skeleton, Pose{});
  std::vector<std::pair<std::string, Pose>> poses;
  for (const PosePreset& p : a.motion.poses) poses.push_back({p.id, p.pose});
  const GaitCycle* gait = a.motion.findGait("walking");
  REQUIRE(gait);
  for (double ph : {0.0, 0.25, 0.5, 0.75}) poses.push_back({"walking@" + std::to_string(ph), gaitPose(a.motion.skeleton, *gait, ph)});
  for (const auto& named : poses) {
    const std::string& name = named.first;  // not a structured binding: clang 14's INFO lambda cannot capture one
    auto segs = segmentTransforms(a.motion.skeleton, named.second);
    for (const Bound& b : boundMuscles()) {
      const MusclePath& path = a.motion.muscles[std::size_t(b.binding.path)];
      double v0 = meshVolume(b.rest);
      REQUIRE(v0 > 1e-6);  // a closed, outward-wound mesh
      Mesh m = deformMuscle(a.motion, b.binding, b.rest, segs);
      double v = meshVolume(m);
      INFO(name << " " << path.muscle << ": " << v / v0 * 100 << " % of standing volume");
      CHECK(std::abs(v / v0 - 1.0) < 0.05);
      for (const glm::vec3& p : m.positions) REQUIRE(std::isfinite(p.x + p.y + p.z));
    }
  }
  // Sitting: the belly's vertices stand further from the (shorter) path than at rest.
  const MusclePath& path = *a.motion.findMuscle("psoas_major_l");
  const Bound& psoas = boundMuscles()[std::size_t(&path - a.motion.muscles.data())];
  auto spread = [&](const Mesh& m, const std::vector<glm::mat4>& segs) {
    std::vector<glm::vec3> line = musclePathGeometry(path, a.motion.wraps, segs).polyline;
    double sum = 0;
    int count = 0;
    for (std::size_t i = 0; i < m.positions.size(); ++i) {
      if (psoas.binding.along[i] < 6.5f || psoas.binding.along[i] > 7.5f) continue;  // over the brim
      float best = 1e9f;
      for (std::size_t k = 0; k + 1 < line.size(); ++k) {
        glm::vec3 ab = line[k + 1] - line[k];
        float w = glm::dot(ab, ab) > 0.f ? std::clamp(glm::dot(m.positions[i] - line[k], ab) / glm::dot(ab, ab), 0.f, 1.f) : 0.f;
        best = std::min(best, glm::length(m.positions[i] - (line[k] + ab * w)));
      }
      sum += best;
      ++count;
    }
    return sum / std::max(count, 1);
  };
  auto sitSegs = segmentTransforms(a.motion.skeleton, a.motion.findPose("sitting")->pose);
  double rest = spread(psoas.rest, standingSegs);
  double sit = spread(deformMuscle(a.motion, psoas.binding, psoas.rest, sitSegs), sitSegs);
  CHECK(sit > rest * 1.02);
}

TEST_CASE("the lower end of psoas and iliacus stays at the lesser trochanter in every preset") {
  const Atlas& a = builtin();
  for (const PosePreset& p : a.motion.poses) {
    auto segs = segmentTransforms(a.motion.skeleton, p.pose);
    auto lms = posedLandmarks(a, p.pose);
    for (const Bound& b : boundMuscles()) {
      const MusclePath& path = a.motion.muscles[std::size_t(b.binding.path)];
      const std::string& seg = a.motion.skeleton.segments[std::size_t(path.points.back().segment)].id;
      if (seg.rfind("femur", 0) != 0) continue;
      glm::vec3 lt = lms[std::size_t(a.findLandmark("lesser_trochanter" + path.muscle.substr(path.muscle.size() - 2)))];
      Mesh m = deformMuscle(a.motion, b.binding, b.rest, segs);
      // The vertices bound to the end of the path stay within 4 cm of the trochanter.
      float last = float(path.points.size() - 1);
      float worst = 0.f;
      for (std::size_t i = 0; i < m.positions.size(); ++i)
        if (b.binding.along[i] > last - 0.1f) worst = std::max(worst, glm::length(m.positions[i] - lt));
      INFO(p.id << " " << path.muscle);
      CHECK(worst < 0.04f);
    }
  }
}

TEST_CASE("the part of a muscle fixed to one bone moves rigidly with it (no thickening where nothing shortens)") {
  const Atlas& a = builtin();
  const MusclePath& path = *a.motion.findMuscle("iliacus_l");
  const Bound& b = boundMuscles()[std::size_t(&path - a.motion.muscles.data())];
  int pelvis = a.motion.skeleton.findSegment("pelvis");
  // Spans 0 and 1 (crest -> fossa -> brim) lie on the pelvis.
  REQUIRE(path.points[0].segment == pelvis);
  REQUIRE(path.points[2].segment == pelvis);
  for (const PosePreset& p : a.motion.poses) {
    auto segs = segmentTransforms(a.motion.skeleton, p.pose);
    Mesh m = deformMuscle(a.motion, b.binding, b.rest, segs);
    float worst = 0.f;
    int count = 0;
    for (std::size_t i = 0; i < m.positions.size(); ++i) {
      if (b.binding.along[i] > 1.4f) continue;
      glm::vec3 rigid = glm::vec3(segs[std::size_t(pelvis)] * glm::vec4(b.rest.positions[i], 1.f));
      worst = std::max(worst, glm::length(m.positions[i] - rigid));
      ++count;
    }
    INFO(p.id);
    CHECK(count > 100);
    CHECK(worst < 0.002f);
  }
}

TEST_CASE("discs wedge with their vertebrae: each face follows its own vertebra, the volume holds") {
  const Atlas& a = builtin();
  std::vector<Pose> poses = {Pose{"", {{"lumbar_flexion", 60}}}, Pose{"", {{"lumbar_flexion", -30}}},
                             Pose{"", {{"lumbar_bending", 30}, {"lumbar_flexion", 20}}}, Pose{"", {{"lumbar_bending", -30}}}};
  for (const PosePreset& p : a.motion.poses) poses.push_back(p.pose);
  int discs = 0;
  for (std::size_t i = 0; i < a.structures.size(); ++i) {
    const Structure& s = a.structures[i];
    if (!s.blendAlong) continue;
    ++discs;
    Mesh rest = loadMesh(s.meshFile, s.node, s.transform.matrix());
    glm::vec3 dir = (s.blendTo - s.blendFrom) / glm::dot(s.blendTo - s.blendFrom, s.blendTo - s.blendFrom);
    float lo = 1e9f, hi = -1e9f;
    for (const glm::vec3& v : rest.positions) {
      lo = std::min(lo, glm::dot(v - s.blendFrom, dir));
      hi = std::max(hi, glm::dot(v - s.blendFrom, dir));
    }
    int lower = a.motion.skeleton.findSegment(s.segment), upper = a.motion.skeleton.findSegment(s.blendSegment);
    for (const Pose& pose : poses) {
      auto segs = segmentTransforms(a.motion.skeleton, pose);
      Mesh m = blendedMesh(a, segs, int(i), rest);
      float worstLow = 0.f, worstHigh = 0.f;
      for (std::size_t k = 0; k < rest.positions.size(); ++k) {
        float t = (glm::dot(rest.positions[k] - s.blendFrom, dir) - lo) / (hi - lo);
        glm::vec4 p(rest.positions[k], 1.f);
        if (t < 0.01f) worstLow = std::max(worstLow, glm::length(m.positions[k] - glm::vec3(segs[std::size_t(lower)] * p)));
        if (t > 0.99f) worstHigh = std::max(worstHigh, glm::length(m.positions[k] - glm::vec3(segs[std::size_t(upper)] * p)));
      }
      INFO(s.id << " " << pose.angle("lumbar_flexion") << " " << pose.angle("lumbar_bending"));
      CHECK(worstLow < 3e-4f);   // the lower face stays on the lower vertebra
      CHECK(worstHigh < 3e-4f);  // the upper face on the upper one
      CHECK(std::abs(meshVolume(m) / meshVolume(rest) - 1.0) < 0.1);
    }
  }
  CHECK(discs == 6);
}
