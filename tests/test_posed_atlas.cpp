// Posed figures (issue 15): the atlas moved into a pose keeps every teaching item on its structure, the
// envelope follows the legs, and a posed figure's state brings the pose back.
#include <doctest/doctest.h>

#include <cmath>

#include "core/atlas.hpp"
#include "core/image.hpp"
#include "core/png_metadata.hpp"
#include "core/posed_atlas.hpp"
#include "core/resources.hpp"
#include "core/view_state.hpp"
#include "teaching_support.hpp"
#include "test_support.hpp"

using namespace psoas;
namespace fs = std::filesystem;

namespace {
const Atlas& rest() { return teaching_test::builtin(); }
const PoseRig& rig() {
  static const PoseRig r = buildPoseRig(rest());
  return r;
}

float nearestDistance(const Mesh& m, const glm::vec3& p) {
  float best = 1e30f;
  for (const auto& q : m.positions) best = std::min(best, glm::length(q - p));
  return best;
}

// Distance from a point to the nearest surface among `on`.
float distanceToAny(const Atlas& a, const std::vector<int>& on, const glm::vec3& p) {
  float best = 1e30f;
  for (int s : on)
    if (a.structures[std::size_t(s)].mesh) best = std::min(best, nearestDistance(*a.structures[std::size_t(s)].mesh, p));
  return best;
}
}  // namespace

TEST_CASE("posed atlas: standing shares the rest meshes, a pose moves bones, muscles and the envelope") {
  Atlas standing = posedAtlas(rest(), rig(), Pose{});
  for (std::size_t i = 0; i < rest().structures.size(); ++i)
    CHECK(standing.structures[i].mesh == rest().structures[i].mesh);

  Atlas sitting = posedAtlas(rest(), rig(), effectivePose(rest().motion, Pose{"sitting", {}}));
  int femur = rest().findStructure("femur_l"), skin = rest().findStructure("skin"), psoas = rest().findStructure("psoas_major_l");
  REQUIRE(femur >= 0);
  REQUIRE(skin >= 0);
  REQUIRE(psoas >= 0);
  // Sitting brings the knee forward (+z, anterior) by most of a thigh's length.
  float kneeForward = sitting.structures[std::size_t(femur)].mesh->bounds.max.z - rest().structures[std::size_t(femur)].mesh->bounds.max.z;
  CHECK(kneeForward > 0.25f);
  // The envelope went with the thighs: its front reaches as far forward as the femur, within 6 cm.
  CHECK(sitting.structures[std::size_t(skin)].mesh->bounds.max.z >= sitting.structures[std::size_t(femur)].mesh->bounds.max.z - 0.06f);
  CHECK(sitting.structures[std::size_t(psoas)].mesh != rest().structures[std::size_t(psoas)].mesh);
  // Triangles never change, so simplified levels stay valid.
  CHECK(sitting.structures[std::size_t(skin)].mesh->indices == rest().structures[std::size_t(skin)].mesh->indices);
}

TEST_CASE("posed atlas: in every preset, landmarks, attachment areas, zones and trigger points stay on their structures") {
  for (const PosePreset& preset : rest().motion.poses) {
    INFO(preset.id);
    Atlas posed = posedAtlas(rest(), rig(), preset.pose);
    // Landmarks of a bone stay as near its surface as they were standing (within 3 mm).
    for (std::size_t l = 0; l < rest().landmarks.size(); ++l) {
      const Landmark& lm = rest().landmarks[l];
      if (lm.segment.empty() || lm.construction) continue;
      int bone = -1;
      float restD = 1e30f;
      for (std::size_t s = 0; s < rest().structures.size(); ++s)
        if (rest().structures[s].segment == lm.segment && rest().structures[s].mesh && !rest().structures[s].skinned) {
          float d = nearestDistance(*rest().structures[s].mesh, lm.position);
          if (d < restD) { restD = d; bone = int(s); }
        }
      if (bone < 0 || restD > 0.02f) continue;
      INFO(lm.id);
      CHECK(nearestDistance(*posed.structures[std::size_t(bone)].mesh, posed.landmarks[l].position) <= restD + 0.003f);
    }
    // Every region shape's ends keep their distance to the surfaces the region is painted on (within 5 mm).
    for (std::size_t r = 0; r < rest().regions.size(); ++r) {
      const Region& a = rest().regions[r];
      const Region& b = posed.regions[r];
      for (std::size_t k = 0; k < a.shapes.size(); ++k) {
        INFO(a.id << " shape " << k);
        CHECK(distanceToAny(posed, b.on, b.shapes[k].a) <= distanceToAny(rest(), a.on, a.shapes[k].a) + 0.005f);
      }
    }
    for (std::size_t t = 0; t < rest().triggerPoints.size(); ++t) {
      const TriggerPoint& tp = rest().triggerPoints[t];
      INFO(tp.id);
      std::vector<int> on{tp.structure};
      CHECK(distanceToAny(posed, on, posed.triggerPoints[t].position) <= distanceToAny(rest(), on, tp.position) + 0.005f);
    }
  }
}

TEST_CASE("posed figures: the state brings the pose back pixel for pixel, bad poses are usage errors") {
  fs::path dir = test::scratchDir("posed_cli");
  std::string out;
  REQUIRE(test::runCli("render --pose sitting --view left --size 160x120 --ssaa 1 -q --out " + (dir / "a.png").string(), out) == 0);
  ViewState vs = loadViewState(dir / "a.png");
  CHECK(vs.pose.preset == "sitting");
  CHECK(vs.pose.angle("hip_flexion_l") > 45.0);
  REQUIRE(test::runCli("render --state " + (dir / "a.png").string() + " -q --out " + (dir / "b.png").string(), out) == 0);
  CHECK(readPng(dir / "a.png").rgba == readPng(dir / "b.png").rgba);
  // The posed figure differs from the standing one.
  REQUIRE(test::runCli("render --view left --size 160x120 --ssaa 1 -q --out " + (dir / "c.png").string(), out) == 0);
  CHECK(readPng(dir / "a.png").rgba != readPng(dir / "c.png").rgba);

  CHECK(test::runCli("render --pose slouching --out " + (dir / "d.png").string(), out) == 2);
  CHECK(out.find("unknown pose") != std::string::npos);
  CHECK(test::runCli("render --joint hip_flexion_l=200 --out " + (dir / "d.png").string(), out) == 2);
  CHECK(out.find("-30..130") != std::string::npos);
  CHECK(!fs::exists(dir / "d.png"));
}

TEST_CASE("posed figures: golden images of sitting, the kneeling stretch and a gait frame") {
  fs::path dir = test::scratchDir("posed_golden");
  struct Case { const char* name; std::string args; };
  const Case cases[] = {
      {"pose_sitting_left", "--pose sitting --view left --labels muscles"},
      {"pose_kneeling_stretch_left", "--pose kneeling_hip_flexor_stretch --view left --hide skin"},
      // Mid-stance of the right leg, the left swinging through (angles from the gait data's 30 % phase).
      {"pose_gait_anterior", "--view three_quarter --hide skin --joint hip_flexion_l=22 --joint knee_flexion_l=55 "
                             "--joint hip_flexion_r=-5 --joint knee_flexion_r=5"},
  };
  for (const Case& c : cases) {
    fs::path f = dir / (std::string(c.name) + ".png");
    std::string out;
    REQUIRE(test::runCli("render " + c.args + " --size 480x360 -q --out " + f.string(), out) == 0);
    std::string report;
    CHECK_MESSAGE(test::matchesGolden(readPng(f), c.name, report), report);
  }
}

TEST_CASE("posed atlas: the skinned envelope keeps its volume within 10 % of standing in every preset") {
  int skin = -1;
  for (std::size_t i = 0; i < rest().structures.size(); ++i)
    if (rest().structures[i].skinned) skin = int(i);
  REQUIRE(skin >= 0);
  const double standing = meshVolume(*rest().structures[std::size_t(skin)].mesh);
  for (const PosePreset& preset : rest().motion.poses) {
    Atlas posed = posedAtlas(rest(), rig(), preset.pose);
    double ratio = meshVolume(*posed.structures[std::size_t(skin)].mesh) / standing;
    INFO(preset.id << ": " << ratio);
    MESSAGE(preset.id << " envelope volume " << ratio);
    CHECK(std::abs(ratio - 1.0) <= 0.10);
  }
}

TEST_CASE("posed atlas: anchors moved with their structures (a figure without labels) lie on the posed surfaces") {
  const Pose sitting = effectivePose(rest().motion, Pose{"sitting", {}});
  Atlas found = posedAtlas(rest(), rig(), sitting, PosedAnchors::Found);
  Atlas moved = posedAtlas(rest(), rig(), sitting, PosedAnchors::Moved);
  int rigid = 0, off = 0;
  for (std::size_t i = 0; i < moved.structures.size(); ++i) {
    const Structure& s = moved.structures[i];
    if (!s.mesh) continue;
    INFO(s.id);
    // The meshes are the same either way; only the anchors differ in how they are placed.
    CHECK(s.mesh->positions == found.structures[i].mesh->positions);
    // Each anchor stays on its structure's posed surface (a vertex, or within a millimetre of one).
    if (nearestDistance(*s.mesh, s.labelAnchor) > 0.001f) ++off;
    // On a rigid structure the found anchor (the vertex nearest the middle) is the moved one.
    if (rest().structures[i].mesh != nullptr && rest().structures[i].mesh->positions.size() == s.mesh->positions.size() &&
        structureTransform(rest(), segmentTransforms(rest().motion.skeleton, sitting), int(i)) != glm::mat4(1.f) &&
        !s.skinned && !s.blendAlong && !rest().motion.findMuscle(s.id)) {
      ++rigid;
      CHECK(glm::length(s.labelAnchor - found.structures[i].labelAnchor) < 1e-4f);
    }
  }
  CHECK(off == 0);
  CHECK(rigid > 10);
  // A region's anchor (a painted vertex, or a point inside a painted triangle) keeps its distance to the
  // nearest vertex of what it is on, to within a millimetre, as it moves.
  int regionsOff = 0;
  for (std::size_t r = 0; r < moved.regions.size(); ++r) {
    const Region& atRest = rest().regions[r];
    float before = distanceToAny(rest(), atRest.on, atRest.anchor);
    if (distanceToAny(moved, moved.regions[r].on, moved.regions[r].anchor) > before + 0.001f) ++regionsOff;
  }
  CHECK(regionsOff == 0);
}
