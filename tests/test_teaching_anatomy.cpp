// Teaching data on the built-in atlas: attachment areas and referral zones land on the right anatomy, and
// every trigger point sits in its muscle.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <string>
#include <vector>

#include <glm/geometric.hpp>
#include <nlohmann/json.hpp>

#include "core/annotations.hpp"
#include "core/atlas.hpp"
#include "core/camera.hpp"
#include "core/errors.hpp"
#include "core/label_layout.hpp"
#include "core/resources.hpp"
#include "core/scene_state.hpp"
#include "core/view_state.hpp"
#include "teaching_support.hpp"
#include "test_support.hpp"

using namespace psoas;
namespace fs = std::filesystem;
using namespace psoas::teaching_test;
using nlohmann::json;

TEST_CASE("teaching: psoas major inserts on the lesser trochanter of the femur of its side") {
  const Atlas& a = builtin();
  for (std::string side : {"left", "right"}) {
    INFO(side);
    const std::string s = sideSuffix(side);
    const Region& r = region(a, "psoas_major_" + s + "_insertion");
    CHECK(r.side == side);
    glm::vec3 trochanter = landmark(a, "lesser_trochanter_" + s);
    CHECK(regionDistance(r, trochanter) <= 0.f);
    int femur = structureId(a, "femur_" + s);
    CHECK(r.on == std::vector<int>{femur});
    auto paint = painted(a, r);
    CHECK(paint.size() >= 10);
    CHECK(countOn(paint, femur) == paint.size());
    for (const auto& p : paint) CHECK(p.position.x * sideSign(side) > 0.f);
    // The landmark is the end of the trochanter's axis, inside its rounded tip (modelgen: a cone ending
    // in a 5.5 mm cap): a few millimetres under the surface. The surface point nearest to it is painted.
    glm::vec3 onBone;
    nearestVertexDistance(meshOf(a, femur), trochanter, &onBone);
    CHECK(surfaceDistance(meshOf(a, femur), trochanter) < 0.008f);
    CHECK(regionDistance(r, onBone) <= 0.f);
    // Nothing of the other femur or of the hip bone lies inside the patch.
    const std::string o = side == "left" ? "r" : "l";
    CHECK(paintedOn(a, r, structureId(a, "femur_" + o)).empty());
    CHECK(paintedOn(a, r, structureId(a, "hip_bone_" + s)).empty());
  }
}

TEST_CASE("teaching: iliacus origin covers most of the iliac fossa and little of the outer face of the ilium") {
  const Atlas& a = builtin();
  for (std::string side : {"left", "right"}) {
    INFO(side);
    const std::string s = sideSuffix(side);
    const float sign = sideSign(side);
    const Region& r = region(a, "iliacus_" + s + "_origin");
    int hip = structureId(a, "hip_bone_" + s);
    glm::vec3 fossa = landmark(a, "iliac_fossa_center_" + s);
    const Mesh& m = meshOf(a, hip);
    // The fossa faces medially (towards the midline): its outward normal has x of the opposite sign to
    // the side. The outer (gluteal) face points laterally.
    int inner = 0, innerPainted = 0, outer = 0, outerPainted = 0;
    for (std::size_t v = 0; v < m.positions.size(); ++v) {
      if (glm::length(m.positions[v] - fossa) > 0.05f) continue;
      bool in = regionDistance(r, m.positions[v]) <= 0.f;
      float lateral = m.normals[v].x * sign;
      if (lateral < -0.3f) { ++inner; innerPainted += in; }
      if (lateral > 0.3f) { ++outer; outerPainted += in; }
    }
    INFO("inner face " << innerPainted << "/" << inner << ", outer face " << outerPainted << "/" << outer);
    REQUIRE(inner >= 50);
    REQUIRE(outer >= 50);
    CHECK(double(innerPainted) >= 0.6 * inner);
    CHECK(outerPainted == 0);
  }
}

TEST_CASE("teaching: with the facing test the iliacus origin paints the fossa and little of the gluteal face") {
  Atlas a = builtin();  // meshes shared; the regions are this copy's
  for (std::string side : {"left", "right"}) {
    INFO(side);
    const std::string s = sideSuffix(side);
    const float sign = sideSign(side);
    a.regions[std::size_t(a.findRegion("iliacus_" + s + "_origin"))].facing = true;
    computeRegionFacing(a);
    const Region& r = region(a, "iliacus_" + s + "_origin");
    int faced = 0;
    for (const Shape& sh : r.shapes) {
      if (sh.facingCos < -1.f) continue;
      ++faced;
      CHECK(sh.facing.x * sign > 0.f);  // in the muscle, on its own side
    }
    CHECK(faced >= int(r.shapes.size()) / 2);
    // Grow every shape by 2 cm: spheres now reach through the wing, and only the test keeps paint off it.
    Region grown = r;
    for (Shape& sh : grown.shapes) sh.radius += 0.02f;
    Region unfaced = grown;
    for (Shape& sh : unfaced.shapes) sh.facingCos = -2.f;
    const Mesh& m = meshOf(a, structureId(a, "hip_bone_" + s));
    glm::vec3 fossa = landmark(a, "iliac_fossa_center_" + s);
    int inner = 0, innerPainted = 0, outerFaced = 0, outerUnfaced = 0;
    for (std::size_t v = 0; v < m.positions.size(); ++v) {
      if (glm::length(m.positions[v] - fossa) > 0.05f) continue;
      float lateral = m.normals[v].x * sign;
      if (lateral < -0.3f) { ++inner; innerPainted += regionDistance(grown, m.positions[v], m.normals[v]) <= 0.f; }
      if (lateral > 0.3f) {
        outerFaced += regionDistance(grown, m.positions[v], m.normals[v]) <= 0.f;
        outerUnfaced += regionDistance(unfaced, m.positions[v], m.normals[v]) <= 0.f;
      }
    }
    INFO("inner " << innerPainted << "/" << inner << ", outer with the test " << outerFaced << ", without " << outerUnfaced);
    CHECK(outerUnfaced > 50);  // the grown shapes do bleed through without it
    // Measured 2026-12-02: 2378 outer vertices painted without the test, 254 with it (along the crest,
    // where the muscle's mean point lies level with the rim, so the outer face there half faces it too).
    // The test takes away most of the bleed, not all: that bound, so it cannot get worse unseen.
    CHECK(outerFaced * 8 <= outerUnfaced);
    CHECK(double(innerPainted) >= 0.6 * inner);
  }
}

TEST_CASE("teaching: psoas major origin spans T12 to L5 on its own side and stops above the L5-S1 disc") {
  const Atlas& a = builtin();
  const float t12 = landmark(a, "body_center_t12").y, l5 = landmark(a, "body_center_l5").y;
  for (std::string side : {"left", "right"}) {
    INFO(side);
    const Region& r = region(a, "psoas_major_" + std::string(sideSuffix(side)) + "_origin");
    auto paint = painted(a, r);
    REQUIRE_FALSE(paint.empty());
    for (const char* v : {"t12", "l1", "l2", "l3", "l4", "l5"}) {
      INFO(v);
      CHECK(countOn(paint, structureId(a, v)) >= 5);
    }
    // Not on the L5-S1 disc or the sacrum: they are not painted, and the shapes do not even reach them.
    for (const char* below : {"disc_l5_s1", "sacrum"}) {
      INFO(below);
      int b = structureId(a, below);
      CHECK(std::find(r.on.begin(), r.on.end(), b) == r.on.end());
      CHECK(paintedOn(a, r, b).empty());
    }
    float top = -1e9f, bottom = 1e9f;
    for (const auto& p : paint) {
      CHECK(p.position.x * sideSign(side) > 0.f);
      top = std::max(top, p.position.y);
      bottom = std::min(bottom, p.position.y);
    }
    INFO("painted y from " << bottom << " to " << top << "; T12 body " << t12 << ", L5 body " << l5);
    CHECK(std::abs(top - t12) <= 0.02f);
    CHECK(std::abs(bottom - l5) <= 0.02f);
  }
}

TEST_CASE("teaching: psoas minor inserts at the iliopubic eminence") {
  const Atlas& a = builtin();
  for (std::string side : {"left", "right"}) {
    INFO(side);
    const std::string s = sideSuffix(side);
    const Region& r = region(a, "psoas_minor_" + s + "_insertion");
    float d = regionDistance(r, landmark(a, "iliopubic_eminence_" + s));
    INFO("distance " << d);
    CHECK(d <= 0.012f);
    auto paint = painted(a, r);
    CHECK(paint.size() >= 5);
    CHECK(countOn(paint, structureId(a, "hip_bone_" + s)) == paint.size());
  }
}

TEST_CASE("teaching: every region paints its surfaces, every trigger point sits in its muscle") {
  const Atlas& a = builtin();
  REQUIRE(a.regions.size() >= 20);
  for (const Region& r : a.regions) {
    INFO("region " << r.id);
    CHECK_FALSE(r.on.empty());
    std::size_t n = painted(a, r).size();
    CHECK(n > 0);
    // Sided regions are painted on their side only.
    float sign = sideSign(r.side);
    if (sign != 0.f)
      for (const auto& p : painted(a, r)) CHECK(p.position.x * sign > 0.f);
  }
  REQUIRE(a.triggerPoints.size() >= 2);
  for (const TriggerPoint& t : a.triggerPoints) {
    INFO("trigger point " << t.id);
    const Structure& muscle = a.structures[std::size_t(t.structure)];
    float d = nearestVertexDistance(meshOf(a, t.structure), t.position);
    INFO("distance to " << muscle.id << ": " << d);
    CHECK(d <= 0.006f);
    CHECK(muscle.side == t.side);
    REQUIRE_FALSE(t.zones.empty());
    for (int z : t.zones) {
      INFO("zone " << a.regions[std::size_t(z)].id);
      CHECK(a.regions[std::size_t(z)].side == t.side);
      CHECK(a.regions[std::size_t(z)].overlay == t.overlay);
    }
  }
}

// =====================================================================================================
// 2. Referral zones on the skin
// =====================================================================================================

TEST_CASE("teaching: the lumbar referral band lies on the back beside the lumbar spine") {
  const Atlas& a = builtin();
  const float top = landmark(a, "body_center_t12").y + 0.015f;
  const float bottom = landmark(a, "s1_endplate_center").y - 0.015f;
  int skin = structureId(a, "skin");
  int bands = 0;
  for (const Region& r : a.regions) {
    if (!endsWith(r.id, "_lumbar")) continue;
    ++bands;
    INFO(r.id);
    CHECK(r.on == std::vector<int>{skin});
    float sign = sideSign(r.side);
    REQUIRE(sign != 0.f);
    auto paint = painted(a, r);
    CHECK(paint.size() >= 10);
    for (const auto& p : paint) {
      INFO("vertex " << p.position.x << ", " << p.position.y << ", " << p.position.z);
      CHECK(p.position.z < 0.f);
      CHECK(p.position.x * sign > 0.f);
      CHECK(p.position.y >= bottom);
      CHECK(p.position.y <= top);
    }
  }
  CHECK(bands == 2);
}

TEST_CASE("teaching: the thigh referral zone lies on the front of the thigh below the inguinal ligament") {
  const Atlas& a = builtin();
  int zones = 0;
  for (const Region& r : a.regions) {
    if (!endsWith(r.id, "_thigh")) continue;
    ++zones;
    INFO(r.id);
    float sign = sideSign(r.side);
    REQUIRE(sign != 0.f);
    const std::string s = sideSuffix(r.side);
    glm::vec3 asis = landmark(a, "asis_" + s), tubercle = landmark(a, "pubic_tubercle_" + s);
    // Height of the inguinal ligament (ASIS to pubic tubercle) at a given x, flat beyond its ends.
    auto ligamentY = [&](float x) {
      float t = std::clamp((x - asis.x) / (tubercle.x - asis.x), 0.f, 1.f);
      return asis.y + t * (tubercle.y - asis.y);
    };
    auto paint = painted(a, r);
    CHECK(paint.size() >= 10);
    for (const auto& p : paint) {
      INFO("vertex " << p.position.x << ", " << p.position.y << ", " << p.position.z);
      CHECK(p.position.z > 0.f);
      CHECK(p.position.x * sign > 0.f);
      CHECK(p.position.y < ligamentY(p.position.x));
    }
  }
  CHECK(zones == 2);
}

TEST_CASE("teaching: referral zones paint the skin, spillover is stippled and essential zones solid") {
  const Atlas& a = builtin();
  int skin = structureId(a, "skin");
  int essential = 0, spillover = 0;
  for (const Overlay& o : a.overlays) {
    if (o.layer != Overlay::Layer::Referral) continue;
    for (int ri : o.regions) {
      const Region& r = a.regions[std::size_t(ri)];
      INFO(r.id);
      CHECK(countOn(painted(a, r), skin) >= 10);
      const RegionStyle& style = a.regionStyles[std::size_t(r.style)];
      if (style.id == "spillover") {
        ++spillover;
        CHECK(style.pattern == RegionStyle::Pattern::Stipple);
      } else {
        ++essential;
        CHECK(style.id == "essential");
        CHECK(style.pattern == RegionStyle::Pattern::Solid);
      }
    }
  }
  CHECK(essential >= 2);
  CHECK(spillover >= 2);
}
