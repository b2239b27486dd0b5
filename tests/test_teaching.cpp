// Teaching data: attachments and referral zones land on the right anatomy of the built-in atlas, bad
// teaching files are refused with the file and the JSON path, the scene logic around overlays and
// symptoms, and label layout with the real anchors in every standard view.
// Frame: metres, +X patient's left, +Y up, +Z anterior.
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
#include "test_support.hpp"

using namespace psoas;
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

// ---- The built-in atlas and lookups that fail loudly ----

const Atlas& builtin() {
  static const Atlas atlas = loadAtlas(builtinAtlasPath());  // core only: meshes, no GL
  return atlas;
}

int structureId(const Atlas& a, const std::string& id) {
  int i = a.findStructure(id);
  INFO("structure " << id);
  REQUIRE(i >= 0);
  return i;
}
const Region& region(const Atlas& a, const std::string& id) {
  int i = a.findRegion(id);
  INFO("region " << id);
  REQUIRE(i >= 0);
  return a.regions[std::size_t(i)];
}
glm::vec3 landmark(const Atlas& a, const std::string& id) {
  int i = a.findLandmark(id);
  INFO("landmark " << id);
  REQUIRE(i >= 0);
  return a.landmarks[std::size_t(i)].position;
}
const Mesh& meshOf(const Atlas& a, int structure) {
  const auto& m = a.structures[std::size_t(structure)].mesh;
  REQUIRE(m);
  return *m;
}

float sideSign(const std::string& side) { return side == "left" ? 1.f : side == "right" ? -1.f : 0.f; }
const char* sideSuffix(const std::string& side) { return side == "left" ? "l" : "r"; }

bool endsWith(const std::string& s, const std::string& tail) {
  return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

// ---- Painted vertices: the vertices of a mesh that lie inside a region's shapes ----

struct PaintedVertex {
  int structure;
  glm::vec3 position, normal;
};

std::vector<PaintedVertex> paintedOn(const Atlas& a, const Region& r, int structure) {
  std::vector<PaintedVertex> out;
  const Mesh& m = meshOf(a, structure);
  for (std::size_t v = 0; v < m.positions.size(); ++v)
    if (regionDistance(r, m.positions[v]) <= 0.f) out.push_back({structure, m.positions[v], m.normals[v]});
  return out;
}

// What the renderer paints: every vertex of the region's `on` meshes inside its shapes.
std::vector<PaintedVertex> painted(const Atlas& a, const Region& r) {
  std::vector<PaintedVertex> out;
  for (int s : r.on) {
    auto part = paintedOn(a, r, s);
    out.insert(out.end(), part.begin(), part.end());
  }
  return out;
}

std::size_t countOn(const std::vector<PaintedVertex>& v, int structure) {
  return std::size_t(std::count_if(v.begin(), v.end(), [&](const PaintedVertex& p) { return p.structure == structure; }));
}

float nearestVertexDistance(const Mesh& m, const glm::vec3& p, glm::vec3* nearest = nullptr) {
  float best = 1e30f;
  for (const auto& q : m.positions) {
    float d = glm::length(q - p);
    if (d < best) {
      best = d;
      if (nearest) *nearest = q;
    }
  }
  return best;
}

// Distance from p to the mesh surface (closest point on any triangle; Ericson, Real-Time Collision
// Detection 5.1.5), for landmarks that lie on a surface between vertices.
glm::vec3 closestOnTriangle(const glm::vec3& p, const glm::vec3& a, const glm::vec3& b, const glm::vec3& c) {
  glm::vec3 ab = b - a, ac = c - a, ap = p - a;
  float d1 = glm::dot(ab, ap), d2 = glm::dot(ac, ap);
  if (d1 <= 0 && d2 <= 0) return a;
  glm::vec3 bp = p - b;
  float d3 = glm::dot(ab, bp), d4 = glm::dot(ac, bp);
  if (d3 >= 0 && d4 <= d3) return b;
  float vc = d1 * d4 - d3 * d2;
  if (vc <= 0 && d1 >= 0 && d3 <= 0) return a + ab * (d1 / (d1 - d3));
  glm::vec3 cp = p - c;
  float d5 = glm::dot(ab, cp), d6 = glm::dot(ac, cp);
  if (d6 >= 0 && d5 <= d6) return c;
  float vb = d5 * d2 - d1 * d6;
  if (vb <= 0 && d2 >= 0 && d6 <= 0) return a + ac * (d2 / (d2 - d6));
  float va = d3 * d6 - d5 * d4;
  if (va <= 0 && (d4 - d3) >= 0 && (d5 - d6) >= 0) return b + (c - b) * ((d4 - d3) / ((d4 - d3) + (d5 - d6)));
  float denom = 1.f / (va + vb + vc);
  return a + ab * (vb * denom) + ac * (vc * denom);
}
float surfaceDistance(const Mesh& m, const glm::vec3& p) {
  float best = 1e30f;
  for (std::size_t i = 0; i + 2 < m.indices.size(); i += 3) {
    glm::vec3 q = closestOnTriangle(p, m.positions[m.indices[i]], m.positions[m.indices[i + 1]], m.positions[m.indices[i + 2]]);
    best = std::min(best, glm::length(q - p));
  }
  return best;
}

// ---- Small teaching atlas written to disk, for the error cases ----

struct TinyAtlas {
  json atlas = json::parse(R"({
    "schema": 1, "title": "tiny", "include": ["teach.json"],
    "structures": [
      {"id": "bone", "name": "Bone", "group": "bone", "side": "right", "mesh": "cube.obj", "color": "#e3d8c1",
       "description": "", "sources": []},
      {"id": "muscle", "name": "Muscle", "group": "muscle", "side": "right", "mesh": "cube.obj", "color": "#b0413e",
       "description": "", "sources": [], "facts": "muscle_sheet"}
    ],
    "landmarks": [{"id": "corner", "name": "Corner", "position": [-0.1, 0.15, 0.15]}]
  })");
  json teach = json::parse(R"({
    "schema": 1, "_comment": "minimal teaching data",
    "evidence_levels": [{"id": "textbook", "name": "Textbook anatomy", "description": "Agreed."}],
    "region_styles": [
      {"id": "origin", "name": "Origin", "color": "#d7301f", "pattern": "solid", "border": true},
      {"id": "spillover", "name": "Spillover", "color": "#e0301e", "pattern": "stipple"}
    ],
    "overlays": [
      {"id": "muscle", "name": "Muscle", "layer": "attachments",
       "regions": [
         {"id": "muscle_origin", "style": "origin", "side": "right", "structures": ["muscle"], "name": "origin",
          "text": "the corner", "on": ["bone"], "shapes": [{"at": "corner", "radius": 0.05}],
          "evidence": "textbook", "sources": ["a book"]}
       ],
       "trigger_points": [
         {"id": "muscle_tp", "name": "Trigger point", "side": "right", "structure": "muscle",
          "at": [-0.25, 0.0, 0.0], "zones": ["muscle_origin"], "evidence": "textbook", "sources": ["a book"]}
       ]},
      {"id": "muscle_referral", "name": "Muscle referral", "layer": "referral",
       "regions": [
         {"id": "muscle_zone", "style": "spillover", "side": "right", "structures": ["muscle"], "name": "zone",
          "on": ["bone"], "shapes": [{"from": [-0.4, 0, 0], "to": [-0.1, 0, 0], "radius": 0.02}],
          "evidence": "textbook", "sources": ["a book"]}
       ],
       "trigger_points": []}
    ],
    "symptoms": [
      {"id": "ache", "name": "Ache", "evidence": "textbook", "explanation": "It aches.",
       "regions": ["muscle_zone"], "structures": ["muscle"], "red_flag": false, "sources": ["a book"]}
    ],
    "fact_sheets": [
      {"id": "muscle_sheet", "facts": [{"topic": "Origin", "text": "The corner.", "evidence": "textbook",
                                        "sources": ["a book"]}]}
    ],
    "label_sets": [{"id": "bones", "name": "Bones", "structures": ["bone"]}]
  })");
  json extra;  // a second included file, written when not null

  // Writes the files to a fresh directory and loads the atlas; returns the AtlasError message, or "".
  std::string load(const fs::path& dir, Atlas* out = nullptr) const {
    fs::create_directories(dir);
    fs::copy_file(test::sourceDir() / "tests" / "data" / "cube.obj", dir / "cube.obj",
                  fs::copy_options::overwrite_existing);
    test::writeText(dir / "atlas.json", atlas.dump(2));
    test::writeText(dir / "teach.json", teach.dump(2));
    if (!extra.is_null()) test::writeText(dir / "extra.json", extra.dump(2));
    try {
      Atlas a = loadAtlas(dir / "atlas.json");
      if (out) *out = std::move(a);
    } catch (const AtlasError& e) {
      return e.what();
    }
    return "";
  }
};

json& firstRegion(json& teach) { return teach["overlays"][0]["regions"][0]; }

// ---- Geometry on screen ----

int turn(glm::dvec2 o, glm::dvec2 a, glm::dvec2 b) {
  double v = (a.x - o.x) * (b.y - o.y) - (a.y - o.y) * (b.x - o.x);
  return (v > 1e-9) - (v < -1e-9);
}
// Proper crossing: the segments meet at one point inside both (a shared end point does not count).
bool segmentsCross(glm::vec2 p1, glm::vec2 p2, glm::vec2 q1, glm::vec2 q2) {
  return turn(p1, p2, q1) * turn(p1, p2, q2) < 0 && turn(q1, q2, p1) * turn(q1, q2, p2) < 0;
}
bool rectsOverlap(glm::vec2 aMin, glm::vec2 aMax, glm::vec2 bMin, glm::vec2 bMax) {
  return aMin.x < bMax.x && bMin.x < aMax.x && aMin.y < bMax.y && bMin.y < aMax.y;
}
PlacedLabel asPlaced(const AnnotationLabel& l) {
  PlacedLabel p;
  p.boxMin = l.boxMin;
  p.boxMax = l.boxMax;
  p.lineFrom = l.anchor;
  p.lineTo = l.lineTo;
  return p;
}

// A scene of the built-in atlas with every overlay and every label set on, fitted like applyViewState does.
SceneState plateScene(const Atlas& a, const ViewPreset& view, int width, int height) {
  SceneState s = SceneState::fromAtlas(a);
  s.overlays.assign(a.overlays.size(), true);
  for (const auto& set : a.labelSets) s.labelSets.push_back(set.id);
  s.camera = fitCamera(view, s.visibleBounds(a), float(width) / float(height) * 0.6f);
  return s;
}

void checkPlate(const Atlas& a, const ViewPreset& view, int width, int height) {
  INFO("view " << view.id << " at " << width << "x" << height);
  SceneState scene = plateScene(a, view, width, height);
  auto measure = [](const std::string& text) { return glm::vec2(8.f * float(text.size()), 16.f); };
  Annotations ann = buildAnnotations(a, scene, width, height, measure);
  const auto& labels = ann.labels;
  CHECK(labels.size() >= 8);
  const glm::vec2 image{float(width), float(height)};
  for (std::size_t i = 0; i < labels.size(); ++i) {
    const AnnotationLabel& l = labels[i];
    INFO("label " << l.key << " box " << l.boxMin.x << "," << l.boxMin.y << " - " << l.boxMax.x << "," << l.boxMax.y);
    CHECK(l.boxMin.x >= 0.f);
    CHECK(l.boxMin.y >= 0.f);
    CHECK(l.boxMax.x <= image.x);
    CHECK(l.boxMax.y <= image.y);
    CHECK(l.boxMax.x > l.boxMin.x);
    CHECK(l.boxMax.y > l.boxMin.y);
    for (std::size_t j = i + 1; j < labels.size(); ++j) {
      const AnnotationLabel& m = labels[j];
      INFO("other label " << m.key);
      CHECK_FALSE(boxesOverlap(asPlaced(l), asPlaced(m)));
      CHECK_FALSE(segmentsCross(l.anchor, l.lineTo, m.anchor, m.lineTo));
      CHECK_FALSE(leaderCrossesBox(asPlaced(l), asPlaced(m)));
      CHECK_FALSE(leaderCrossesBox(asPlaced(m), asPlaced(l)));
    }
  }
  // Both sides' regions share names: one label per text.
  for (std::size_t i = 0; i < labels.size(); ++i)
    for (std::size_t j = i + 1; j < labels.size(); ++j) CHECK(labels[i].text != labels[j].text);
  // Every overlay is on: the legend lists every region style and the trigger-point marker.
  REQUIRE(ann.legend.size() == a.regionStyles.size() + 1);
  CHECK(ann.legend.back().swatch == LegendEntry::Swatch::Marker);
  glm::vec4 r = ann.legendRect;
  INFO("legend " << r.x << "," << r.y << " - " << r.z << "," << r.w);
  CHECK(r.x >= 0.f);
  CHECK(r.y >= 0.f);
  CHECK(r.z <= image.x);
  CHECK(r.w <= image.y);
  CHECK(r.z > r.x);
  CHECK(r.w > r.y);
  for (const auto& l : labels) {
    INFO("label " << l.key);
    CHECK_FALSE(rectsOverlap({r.x, r.y}, {r.z, r.w}, l.boxMin, l.boxMax));
  }
}

}  // namespace

// =====================================================================================================
// 1. Attachment geometry on the built-in atlas
// =====================================================================================================

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
    CHECK(double(outerPainted) < 0.1 * outer);
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

// =====================================================================================================
// 3. Bad teaching data
// =====================================================================================================

TEST_CASE("teaching: the tiny test atlas with an included teaching file is valid") {
  TinyAtlas tiny;
  Atlas a;
  fs::path dir = test::scratchDir("teaching_tiny_ok");
  REQUIRE(tiny.load(dir, &a) == "");
  CHECK(a.overlays.size() == 2);
  CHECK(a.regions.size() == 2);
  REQUIRE(a.triggerPoints.size() == 1);
  CHECK(a.triggerPoints[0].zones == std::vector<int>{a.findRegion("muscle_origin")});
  CHECK(a.structures[std::size_t(a.findStructure("muscle"))].factSheet == 0);
  // The cube spans x -0.4..-0.1 and y, z -0.15..0.15: the corner's sphere paints some of it.
  const Region& r = region(a, "muscle_origin");
  auto paint = painted(a, r);
  CHECK_FALSE(paint.empty());
  CHECK(paint.size() < meshOf(a, a.findStructure("bone")).positions.size());
}

TEST_CASE("teaching: bad teaching data names the file, the JSON path and the problem") {
  struct Case {
    const char* name;
    std::function<void(TinyAtlas&)> mutate;
    const char* file;  // atlas.json, teach.json or extra.json
    std::string path, words;
  };
  auto regionExtra = [](TinyAtlas& t) {
    json r = firstRegion(t.teach);
    t.extra = {{"schema", 1},
               {"overlays", json::array({{{"id", "other"}, {"name", "Other"}, {"layer", "attachments"},
                                          {"regions", json::array({r})}}})}};
    t.atlas["include"].push_back("extra.json");
  };
  const Case cases[] = {
      {"unknown region style", [](TinyAtlas& t) { firstRegion(t.teach)["style"] = "origni"; }, "teach.json",
       "overlays[0].regions[0].style", "unknown region style \"origni\" (known: origin, spillover)"},
      {"unknown landmark", [](TinyAtlas& t) { firstRegion(t.teach)["shapes"][0]["at"] = "nowhere"; }, "teach.json",
       "overlays[0].regions[0].shapes[0].at", "unknown landmark \"nowhere\" (known: corner)"},
      {"unknown structure in on", [](TinyAtlas& t) { firstRegion(t.teach)["on"] = {"bone", "femur"}; }, "teach.json",
       "overlays[0].regions[0].on[1]", "unknown structure \"femur\" (known: bone, muscle)"},
      {"no shapes", [](TinyAtlas& t) { firstRegion(t.teach)["shapes"] = json::array(); }, "teach.json",
       "overlays[0].regions[0].shapes", "a region needs at least one shape"},
      {"radius 0", [](TinyAtlas& t) { firstRegion(t.teach)["shapes"][0]["radius"] = 0; }, "teach.json",
       "overlays[0].regions[0].shapes[0].radius", "must be between 1e-05 and 0.5, got 0"},
      {"radius 2", [](TinyAtlas& t) { firstRegion(t.teach)["shapes"][0]["radius"] = 2; }, "teach.json",
       "overlays[0].regions[0].shapes[0].radius", "must be between 1e-05 and 0.5, got 2"},
      {"sphere and capsule",
       [](TinyAtlas& t) { firstRegion(t.teach)["shapes"][0]["from"] = json::array({0, 0, 0}); }, "teach.json",
       "overlays[0].regions[0].shapes[0]", "a shape is either a sphere (\"at\") or a capsule (\"from\", \"to\")"},
      {"red flag without advice", [](TinyAtlas& t) { t.teach["symptoms"][0]["red_flag"] = true; }, "teach.json",
       "symptoms[0]", "a red-flag symptom needs \"advice\""},
      {"unknown evidence level", [](TinyAtlas& t) { firstRegion(t.teach)["evidence"] = "hearsay"; }, "teach.json",
       "overlays[0].regions[0].evidence", "unknown evidence level \"hearsay\" (known: textbook)"},
      {"empty sources", [](TinyAtlas& t) { t.teach["fact_sheets"][0]["facts"][0]["sources"] = json::array(); },
       "teach.json", "fact_sheets[0].facts[0].sources", "list at least one source"},
      {"missing include", [](TinyAtlas& t) { t.atlas["include"].push_back("missing.json"); }, "atlas.json",
       "include[1]", "cannot read the included file: "},
      {"included twice", [](TinyAtlas& t) { t.atlas["include"].push_back("./teach.json"); }, "atlas.json",
       "include[1]", "teach.json\" is included twice"},
      {"pattern dots", [](TinyAtlas& t) { t.teach["region_styles"][1]["pattern"] = "dots"; }, "teach.json",
       "region_styles[1].pattern", "expected \"solid\" or \"stipple\", got \"dots\""},
      {"trigger point zone in another overlay",
       [](TinyAtlas& t) {
         json tp = t.teach["overlays"][0]["trigger_points"][0];
         tp["id"] = "referral_tp";
         tp["zones"] = {"muscle_zone", "muscle_origin"};
         t.teach["overlays"][1]["trigger_points"].push_back(tp);
       },
       "teach.json", "overlays[1].trigger_points[0].zones[1]",
       "zone \"muscle_origin\" belongs to another overlay"},
      {"region id repeated in another included file", regionExtra, "extra.json", "overlays[0].regions[0].id",
       "duplicate region id \"muscle_origin\""},
      {"unknown fact sheet", [](TinyAtlas& t) { t.atlas["structures"][1]["facts"] = "muscle_shet"; }, "atlas.json",
       "structures[1].facts", "unknown fact sheet \"muscle_shet\" (known: muscle_sheet)"},
      {"empty label set", [](TinyAtlas& t) { t.teach["label_sets"][0].erase("structures"); }, "teach.json",
       "label_sets[0]", "a label set needs \"structures\", \"landmarks\" or \"layer\""},
      {"typo in a region field",
       [](TinyAtlas& t) {
         json& r = firstRegion(t.teach);
         r["sourcse"] = r["sources"];
         r.erase("sources");
       },
       "teach.json", "overlays[0].regions[0].sourcse", "unknown field (expected one of: id, style, side"},
  };
  int n = 0;
  for (const Case& c : cases) {
    INFO("case: " << c.name);
    TinyAtlas tiny;
    c.mutate(tiny);
    fs::path dir = test::scratchDir("teaching_bad_" + std::to_string(n++));
    std::string msg = tiny.load(dir);
    INFO("message: " << msg);
    std::string head = (dir / c.file).string() + ": " + c.path + ": ";
    CHECK(msg.rfind(head, 0) == 0);
    CHECK(msg.find(c.words, head.size()) != std::string::npos);
  }
}

// =====================================================================================================
// 4. Scene logic
// =====================================================================================================

TEST_CASE("teaching: a chosen referral side filters referral zones but not attachments") {
  const Atlas& a = builtin();
  SceneState s = SceneState::fromAtlas(a);
  s.overlays.assign(a.overlays.size(), true);
  s.referralSide = Side::Left;
  auto active = s.activeRegions(a);
  int leftReferral = 0, leftAttach = 0, rightAttach = 0;
  for (int ri : active) {
    const Region& r = a.regions[std::size_t(ri)];
    INFO(r.id);
    if (a.overlays[std::size_t(r.overlay)].layer == Overlay::Layer::Referral) {
      CHECK((r.side == "left" || r.side == "midline"));
      leftReferral += r.side == "left";
    } else {
      leftAttach += r.side == "left";
      rightAttach += r.side == "right";
    }
  }
  // Every left referral zone and every attachment is there.
  int allLeftReferral = 0, allAttach = 0;
  for (const Region& r : a.regions) {
    bool referral = a.overlays[std::size_t(r.overlay)].layer == Overlay::Layer::Referral;
    allLeftReferral += referral && r.side == "left";
    allAttach += !referral;
  }
  CHECK(leftReferral == allLeftReferral);
  CHECK(leftReferral >= 5);
  CHECK(leftAttach + rightAttach == allAttach);
  CHECK(rightAttach >= 6);
  CHECK(leftAttach == rightAttach);
  for (int t : s.activeTriggerPoints(a)) CHECK(a.triggerPoints[std::size_t(t)].side != "right");

  s.referralSide = Side::Right;
  for (int ri : s.activeRegions(a)) {
    const Region& r = a.regions[std::size_t(ri)];
    if (a.overlays[std::size_t(r.overlay)].layer == Overlay::Layer::Referral) CHECK(r.side != "left");
  }
  // Overlays that are off contribute nothing.
  s.overlays.assign(a.overlays.size(), false);
  CHECK(s.activeRegions(a).empty());
}

TEST_CASE("teaching: picking the femur at the lesser trochanter finds the psoas major insertion") {
  const Atlas& a = builtin();
  int femur = structureId(a, "femur_l");
  int insertion = a.findRegion("psoas_major_l_insertion");
  glm::vec3 onBone;
  nearestVertexDistance(meshOf(a, femur), landmark(a, "lesser_trochanter_l"), &onBone);
  SceneState s = SceneState::fromAtlas(a);
  s.overlays[std::size_t(a.findOverlay("psoas_major"))] = true;
  CHECK(s.regionAt(a, femur, onBone) == insertion);
  // The right femur at the same point, a point far down the shaft, or the overlay off: nothing.
  CHECK(s.regionAt(a, structureId(a, "femur_r"), onBone) == -1);
  glm::vec3 nearKnee;
  nearestVertexDistance(meshOf(a, femur), landmark(a, "knee_center_l"), &nearKnee);
  CHECK(s.regionAt(a, femur, nearKnee) == -1);
  s.overlays.assign(a.overlays.size(), false);
  CHECK(s.regionAt(a, femur, onBone) == -1);
  // With every overlay on, the pick still lands on an insertion on the left femur.
  s.overlays.assign(a.overlays.size(), true);
  int any = s.regionAt(a, femur, onBone);
  REQUIRE(any >= 0);
  CHECK(a.regions[std::size_t(any)].side == "left");
  CHECK(endsWith(a.regions[std::size_t(any)].id, "_insertion"));
}

TEST_CASE("teaching: choosing a symptom shows and highlights its zones") {
  const Atlas& a = builtin();
  SceneState s = SceneState::fromAtlas(a);
  s.referralSide = Side::Right;
  int low = -1;
  for (std::size_t i = 0; i < a.symptoms.size(); ++i)
    if (a.symptoms[i].id == "low_back_band") low = int(i);
  REQUIRE(low >= 0);
  const Symptom& sym = a.symptoms[std::size_t(low)];
  REQUIRE(sym.regions.size() >= 2);
  s.chooseSymptom(a, low);
  CHECK(s.selectedSymptom == low);
  CHECK(s.highlighted == sym.regions);
  for (std::size_t o = 0; o < a.overlays.size(); ++o) {
    bool used = std::any_of(sym.regions.begin(), sym.regions.end(),
                            [&](int r) { return a.regions[std::size_t(r)].overlay == int(o); });
    INFO(a.overlays[o].id);
    CHECK(s.overlayOn(int(o)) == used);
  }
  // The symptom has zones on both sides, so the right-only filter gives way; every zone is active.
  CHECK(s.referralSide == Side::Both);
  auto active = s.activeRegions(a);
  for (int r : sym.regions) CHECK(std::find(active.begin(), active.end(), r) != active.end());
  s.chooseSymptom(a, -1);
  CHECK(s.selectedSymptom == -1);
  CHECK(s.highlighted.empty());
}

TEST_CASE("teaching: overlays, side, symptom, labels, clip, outline and legend survive a view-state round trip") {
  const Atlas& a = builtin();
  ViewState start;
  start.view = "three_quarter";
  SceneState scene = applyViewState(a, start, "");
  scene.overlays[std::size_t(a.findOverlay("psoas_major"))] = true;
  scene.overlays[std::size_t(a.findOverlay("iliacus"))] = true;
  scene.labelSets = {"bones", "attachments"};
  scene.labelsAdded = {structureId(a, "psoas_minor_l")};
  scene.labelsRemoved = {structureId(a, "sacrum")};
  scene.clip.enabled = true;
  scene.clip.axis = ClipPlane::Axis::Coronal;
  scene.clip.offset = 0.0125f;
  scene.clip.flip = true;
  scene.structures[std::size_t(structureId(a, "skin"))].outline = true;
  scene.legend = false;
  scene.chooseSymptom(a, 0);
  const std::string symptomId = a.symptoms[0].id;

  auto roundTrip = [&](const SceneState& in) {
    FigureSettings fig;
    std::string text = serializeViewState(captureViewState(a, in, fig));
    return applyViewState(a, parseViewState(text, "/x/teaching_state.json"), "/x/teaching_state.json");
  };
  SceneState back = roundTrip(scene);
  CHECK(back.overlays == scene.overlays);
  CHECK(back.overlayOn(a.findOverlay("psoas_major")));
  CHECK(back.overlayOn(a.findOverlay("iliacus")));
  CHECK(back.overlayOn(a.findOverlay("iliopsoas")));  // shown by the symptom
  CHECK_FALSE(back.overlayOn(a.findOverlay("psoas_minor")));
  REQUIRE(back.selectedSymptom >= 0);
  CHECK(a.symptoms[std::size_t(back.selectedSymptom)].id == symptomId);
  CHECK(back.highlighted == a.symptoms[0].regions);
  CHECK(back.labelSets == std::vector<std::string>{"bones", "attachments"});
  CHECK(back.labelsAdded == scene.labelsAdded);
  CHECK(back.labelsRemoved == scene.labelsRemoved);
  CHECK(back.clip.enabled);
  CHECK(back.clip.axis == ClipPlane::Axis::Coronal);
  CHECK(back.clip.offset == doctest::Approx(0.0125f));
  CHECK(back.clip.flip);
  for (std::size_t i = 0; i < a.structures.size(); ++i) {
    INFO(a.structures[i].id);
    CHECK(back.structures[i].outline == (a.structures[i].id == "skin"));
  }
  CHECK_FALSE(back.legend);
  CHECK(back.referralSide == scene.referralSide);
  // Saving the restored scene gives the same text again.
  FigureSettings fig;
  CHECK(serializeViewState(captureViewState(a, back, fig)) == serializeViewState(captureViewState(a, scene, fig)));

  // Every referral side survives on its own (no symptom to widen it).
  for (Side side : {Side::Left, Side::Right, Side::Both}) {
    INFO(sideName(side));
    SceneState sided = applyViewState(a, start, "");
    sided.overlays[std::size_t(a.findOverlay("iliopsoas"))] = true;
    sided.referralSide = side;
    CHECK(roundTrip(sided).referralSide == side);
  }
}

TEST_CASE("teaching: choices made after picking a symptom survive a view-state round trip") {
  // In the window: pick a symptom (its overlays come on and the side filter widens to both), then narrow
  // the referral view to the left side, or switch one of the symptom's overlays off again. The saved
  // state must give back that scene, not the one right after the pick.
  const Atlas& a = builtin();
  const int referral = a.findOverlay("iliopsoas");
  REQUIRE(referral >= 0);
  FigureSettings fig;
  auto roundTrip = [&](const SceneState& in) {
    ViewState saved = captureViewState(a, in, fig);
    return applyViewState(a, parseViewState(serializeViewState(saved), "/x/s.json"), "/x/s.json");
  };
  SceneState scene = applyViewState(a, ViewState{}, "");
  scene.chooseSymptom(a, 0);
  REQUIRE(scene.overlayOn(referral));
  SUBCASE("narrowed to one side") {
    scene.referralSide = Side::Left;
    CHECK(captureViewState(a, scene, fig).referralSide == "left");
    SceneState back = roundTrip(scene);
    CHECK(back.selectedSymptom == 0);
    CHECK(back.referralSide == Side::Left);
  }
  SUBCASE("the symptom's overlay switched off") {
    scene.overlays[std::size_t(referral)] = false;
    SceneState back = roundTrip(scene);
    CHECK(back.selectedSymptom == 0);
    CHECK_FALSE(back.overlayOn(referral));
  }
}

TEST_CASE("teaching: bad overlay, side, symptom, label and clip values in a view state name the field") {
  const Atlas& a = builtin();
  const std::string head = R"("format": "psoas-atlas-view", "version": 2)";
  struct Case { std::string json, expected; };
  const Case cases[] = {
      {"{" + head + R"(, "overlays": ["psoas_major", "psoas_mayor"]})", "overlays[1]: unknown overlay \"psoas_mayor\""},
      {"{" + head + R"(, "overlays": "psoas_major"})", "overlays: expected an array, got the string \"psoas_major\""},
      {"{" + head + R"(, "labels": {"sets": ["bones", "nerves"]}})", "labels.sets[1]: unknown label set \"nerves\""},
      {"{" + head + R"(, "labels": {"add": ["psoas_major_x"]}})", "labels.add[0]: unknown structure id \"psoas_major_x\""},
      {"{" + head + R"(, "labels": {"remove": ["l6"]}})", "labels.remove[0]: unknown structure id \"l6\""},
      {"{" + head + R"(, "labels": {"set": ["bones"]}})", "labels.set: unknown field"},
      {"{" + head + R"(, "clip": {"axis": "oblique"}})",
       "clip.axis: expected \"sagittal\", \"coronal\" or \"transverse\", got \"oblique\""},
      {"{" + head + R"(, "clip": {"axis": "coronal", "offset_mm": 9000}})", "clip.offset_mm: must be between -5000 and 5000"},
      {"{" + head + R"(, "clip": {"offset_mm": 10}})", "clip: missing required field \"axis\""},
      {"{" + head + R"(, "referral_side": "up"})", "referral_side: expected \"left\", \"right\" or \"both\", got \"up\""},
      {"{" + head + R"(, "symptom": "hiccups"})", "symptom: unknown symptom \"hiccups\""},
      {"{" + head + R"(, "outline": ["skinn"]})", "outline[0]: unknown structure id \"skinn\""},
      {"{" + head + R"(, "legend": "yes"})", "legend: expected true or false, got the string \"yes\""},
  };
  const fs::path file = "/x/bad_state.json";
  for (const Case& c : cases) {
    INFO("input: " << c.json);
    std::string msg;
    try {
      applyViewState(a, parseViewState(c.json, file), file);
    } catch (const StateError& e) {
      msg = e.what();
    }
    INFO("message: " << msg);
    CHECK(msg.rfind(file.string() + ": " + c.expected, 0) == 0);
  }
}

// =====================================================================================================
// 5. Label layout with the real anchors
// =====================================================================================================

TEST_CASE("teaching: labels and legend are laid out cleanly in every standard view at 1600x1200") {
  const Atlas& a = builtin();
  REQUIRE(a.views.size() >= 7);
  for (const ViewPreset& v : a.views) checkPlate(a, v, 1600, 1200);
}

TEST_CASE("teaching: labels and legend are laid out cleanly in every standard view at 800x600") {
  const Atlas& a = builtin();
  for (const ViewPreset& v : a.views) checkPlate(a, v, 800, 600);
}
