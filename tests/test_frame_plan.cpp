// The frame plan without a GL context: what is drawn, in which list, with which tint, paint, cut and
// level of detail, for the built-in atlas.
#include <doctest/doctest.h>

#include <algorithm>
#include <glm/gtc/matrix_transform.hpp>

#include "core/atlas.hpp"
#include "core/frame_plan.hpp"
#include "core/resources.hpp"
#include "core/scene_state.hpp"
#include "core/view_state.hpp"

using namespace psoas;

namespace {
const Atlas& atlas() {
  static const Atlas a = loadAtlas(builtinAtlasPath());
  return a;
}
int id(const std::string& s) {
  int i = atlas().findStructure(s);
  REQUIRE(i >= 0);
  return i;
}
SceneState scene() {
  ViewState v;
  v.view = "anterior";
  return applyViewState(atlas(), v, "");
}
const DrawItem* find(const std::vector<DrawItem>& list, int structure) {
  for (const auto& d : list)
    if (d.structure == structure) return &d;
  return nullptr;
}
FrameOptions frame(float lod = 0.f) {
  FrameOptions f;
  f.width = 800;
  f.height = 600;
  f.lodPixels = lod;
  return f;
}
}  // namespace

TEST_CASE("frame plan: every shown structure is drawn once, solid ones opaque, the skin translucent, in atlas order") {
  const FramePlan plan = buildFramePlan(atlas(), scene(), {}, frame());
  CHECK(plan.opaque.size() + plan.translucent.size() == atlas().structures.size());
  for (std::size_t i = 0; i < atlas().structures.size(); ++i) {
    INFO(atlas().structures[i].id);
    int n = int(find(plan.opaque, int(i)) != nullptr) + int(find(plan.translucent, int(i)) != nullptr);
    CHECK(n == 1);
  }
  const DrawItem* skin = find(plan.translucent, id("skin"));
  REQUIRE(skin);
  CHECK(skin->opacity == doctest::Approx(0.18f));
  CHECK(find(plan.opaque, id("l3")));
  for (const auto* list : {&plan.opaque, &plan.translucent}) {
    CHECK(std::is_sorted(list->begin(), list->end(), [](auto& a, auto& b) { return a.structure < b.structure; }));
    for (const DrawItem& d : *list) {
      CHECK(d.model == glm::mat4(1.f));  // the rest pose
      CHECK(d.deformed == nullptr);
      CHECK(d.level == -1);              // no level of detail asked for
      CHECK(d.cull == d.mesh->closed);   // nothing cut: closed surfaces cull their back faces
      CHECK_FALSE(d.cut);
    }
  }
  CHECK(plan.outline.empty());
  CHECK(plan.markers.empty());
  CHECK(plan.structuresInOrder().size() == atlas().structures.size());
}

TEST_CASE("frame plan: hidden structures are left out, ghost mode fades all but the selection, which is outlined") {
  SceneState s = scene();
  s.structures[std::size_t(id("l2"))].visible = false;
  s.selected = id("l3");
  s.ghost = true;
  const FramePlan plan = buildFramePlan(atlas(), s, {}, frame());
  CHECK_FALSE(find(plan.opaque, id("l2")));
  CHECK_FALSE(find(plan.translucent, id("l2")));
  const DrawItem* l3 = find(plan.opaque, id("l3"));
  REQUIRE(l3);
  CHECK(l3->tint == doctest::Approx(0.55f));
  REQUIRE(plan.outline.size() == 1);
  CHECK(plan.outline[0].structure == id("l3"));
  // Everything else is faint, so drawn in the translucency pass.
  CHECK(plan.opaque.size() == 1);
  for (const DrawItem& d : plan.translucent) CHECK(d.opacity <= 0.12f + 1e-6f);
  // A hidden selection is not outlined.
  s.structures[std::size_t(id("l3"))].visible = false;
  CHECK(buildFramePlan(atlas(), s, {}, frame()).outline.empty());
}

TEST_CASE("frame plan: hover tints a structure less than selection, and selection wins") {
  SceneState s = scene();
  s.selected = id("l4");
  Interaction hover;
  hover.hovered = id("l5");
  FramePlan plan = buildFramePlan(atlas(), s, hover, frame());
  CHECK(find(plan.opaque, id("l5"))->tint == doctest::Approx(0.25f));
  CHECK(find(plan.opaque, id("l1"))->tint == 0.f);
  hover.hovered = id("l4");
  plan = buildFramePlan(atlas(), s, hover, frame());
  CHECK(find(plan.opaque, id("l4"))->tint == doctest::Approx(0.55f));
}

TEST_CASE("frame plan: a hidden skin still shows its referral zones, and only those") {
  SceneState s = scene();
  s.structures[std::size_t(id("skin"))].visible = false;
  s.overlays[std::size_t(atlas().findOverlay("psoas_major"))] = true;  // attachments: not on the skin
  CHECK_FALSE(find(buildFramePlan(atlas(), s, {}, frame()).translucent, id("skin")));
  s.overlays[std::size_t(atlas().findOverlay("iliopsoas"))] = true;  // referral zones on the skin
  const FramePlan plan = buildFramePlan(atlas(), s, {}, frame());
  const DrawItem* skin = find(plan.translucent, id("skin"));
  REQUIRE(skin);
  CHECK(skin->paintOnly);
  CHECK(skin->opacity == 0.f);
  CHECK_FALSE(skin->outline);
  CHECK_FALSE(skin->paint.empty());
  CHECK(skin->paint.a.size() == skin->paint.shapes.size());
  CHECK(skin->paint.b.size() == skin->paint.shapes.size());
  CHECK(int(skin->paint.shapes.size()) <= kMaxRegionShapes);
  // Trigger points of the referral overlay become markers.
  CHECK(plan.markers.size() == s.activeTriggerPoints(atlas()).size());
  CHECK_FALSE(plan.markers.empty());
}

TEST_CASE("frame plan: attachment regions paint their bone, an emphasised region is coded as lit") {
  SceneState s = scene();
  const int overlay = atlas().findOverlay("psoas_major");
  s.overlays[std::size_t(overlay)] = true;
  FramePlan plan = buildFramePlan(atlas(), s, {}, frame());
  const DrawItem* femur = find(plan.opaque, id("femur_l"));
  REQUIRE(femur);
  REQUIRE_FALSE(femur->paint.empty());
  CHECK_FALSE(plan.anyLit);
  for (const auto& b : femur->paint.b) CHECK(b.w < float(kMaxRegionStyles));
  CHECK(find(plan.opaque, id("l3"))->paint.empty() == false);  // the origin spans the lumbar vertebrae
  CHECK(find(plan.opaque, id("sacrum"))->paint.empty());
  s.selectedRegion = atlas().findRegion("psoas_major_l_insertion");
  REQUIRE(s.selectedRegion >= 0);
  plan = buildFramePlan(atlas(), s, {}, frame());
  CHECK(plan.anyLit);
  femur = find(plan.opaque, id("femur_l"));
  CHECK(std::any_of(femur->paint.b.begin(), femur->paint.b.end(), [](auto& b) { return b.w >= float(kMaxRegionStyles); }));
}

TEST_CASE("frame plan: a cut clips every item and stops back-face culling") {
  SceneState s = scene();
  s.clip.enabled = true;
  s.clip.axis = ClipPlane::Axis::Sagittal;
  s.clip.offset = 0.01f;
  const FramePlan plan = buildFramePlan(atlas(), s, {}, frame());
  CHECK(plan.cut);
  CHECK(plan.clipPlane == s.clip.equation());
  for (const DrawItem& d : plan.opaque) {
    CHECK(d.cut);
    CHECK_FALSE(d.cull);
  }
}

TEST_CASE("frame plan: outlined and translucent structures go to the translucency pass") {
  SceneState s = scene();
  s.structures[std::size_t(id("psoas_major_l"))].outline = true;
  s.structures[std::size_t(id("l1"))].opacity = 0.5f;
  const FramePlan plan = buildFramePlan(atlas(), s, {}, frame());
  REQUIRE(find(plan.translucent, id("psoas_major_l")));
  CHECK(find(plan.translucent, id("psoas_major_l"))->outline);
  CHECK(find(plan.translucent, id("l1")));
  CHECK_FALSE(find(plan.opaque, id("l1")));
}

TEST_CASE("frame plan: the selected marker is tinted, markers sit at their trigger points") {
  SceneState s = scene();
  s.overlays[std::size_t(atlas().findOverlay("iliopsoas"))] = true;
  auto points = s.activeTriggerPoints(atlas());
  REQUIRE(points.size() >= 2);
  s.selectedTrigger = points[1];
  const FramePlan plan = buildFramePlan(atlas(), s, {}, frame());
  REQUIRE(plan.markers.size() == points.size());
  for (const DrawItem& m : plan.markers) {
    CHECK(m.mesh == nullptr);
    CHECK(m.cull);
    CHECK(m.tint == (m.triggerPoint == points[1] ? doctest::Approx(0.9f) : doctest::Approx(0.f)));
    glm::vec3 at(m.model[3]);
    CHECK(glm::distance(at, atlas().triggerPoints[std::size_t(m.triggerPoint)].position) < 1e-6f);
  }
}

TEST_CASE("frame plan: the level of detail is the coarsest whose error stays within the pixel budget") {
  Camera cam;
  cam.fovY = glm::radians(30.f);
  cam.distance = 1.f;
  cam.sceneRadius = 0.5f;
  std::vector<MeshLod> lods(3);
  lods[0].error = 0.0001f;
  lods[1].error = 0.001f;
  lods[2].error = 0.01f;
  // At depth 1 an image 600 high shows 600 / 2 / tan(15 deg) ~ 1120 pixels per unit.
  CHECK(chooseLevel(lods, 1.f, cam, 600.f, 0.5f) == 0);  // 0.11 px, 1.1 px, 11 px
  CHECK(chooseLevel(lods, 1.f, cam, 600.f, 2.f) == 1);
  CHECK(chooseLevel(lods, 1.f, cam, 600.f, 1e9f) == 2);
  CHECK(chooseLevel(lods, 1.f, cam, 600.f, 0.05f) == -1);
  CHECK(chooseLevel(lods, 30.f, cam, 600.f, 0.5f) == 2);  // far away: the coarsest
  CHECK(chooseLevel({}, 1.f, cam, 600.f, 1e9f) == -1);
}

TEST_CASE("frame plan: with simplified meshes, a level of detail is chosen only when asked for") {
  Atlas a = atlas();
  const LodTable lods = buildLods(a, true);
  SceneState s = applyViewState(a, ViewState{}, "");
  FrameOptions fullFrame = frame(0.f), coarseFrame = frame(1e9f);
  fullFrame.lods = coarseFrame.lods = &lods;
  FramePlan full = buildFramePlan(a, s, {}, fullFrame), coarse = buildFramePlan(a, s, {}, coarseFrame);
  int simplified = 0;
  for (const DrawItem& d : full.opaque) CHECK(d.level == -1);
  for (const DrawItem& d : coarse.opaque) {
    CHECK(d.lods == lods[std::size_t(d.structure)].get());
    if (d.lods && !d.lods->empty()) {
      CHECK(d.level == int(d.lods->size()) - 1);
      ++simplified;
    }
  }
  CHECK(simplified > 0);
}

TEST_CASE("frame plan: a region style colour chosen by the user is what the plan paints with") {
  SceneState s = scene();
  FramePlan before = buildFramePlan(atlas(), s, {}, frame());
  s.styleColors[0] = glm::vec3(0.f, 1.f, 0.f);
  FramePlan after = buildFramePlan(atlas(), s, {}, frame());
  CHECK(after.styleColor[0] == glm::vec4(0.f, 1.f, 0.f, before.styleColor[0].a));
  CHECK(after.styleColor[1] == before.styleColor[1]);
}

TEST_CASE("frame plan: an item's world bounds follow its model transform") {
  const FramePlan plan = buildFramePlan(atlas(), scene(), {}, frame());
  DrawItem d = *find(plan.opaque, id("l3"));
  const Bounds rest = d.worldBounds();
  CHECK(rest.min == d.mesh->bounds.min);
  d.model = glm::translate(glm::mat4(1.f), glm::vec3(0.1f, 0.f, 0.f));
  CHECK(d.worldBounds().min.x == doctest::Approx(rest.min.x + 0.1f));
  CHECK(d.worldBounds().max.y == doctest::Approx(rest.max.y));
}

TEST_CASE("frame plan: a marker is picked within its radius on screen, the nearest one winning") {
  SceneState s = scene();
  s.overlays[std::size_t(atlas().findOverlay("iliopsoas"))] = true;
  const FramePlan plan = buildFramePlan(atlas(), s, {}, frame());
  REQUIRE_FALSE(plan.markers.empty());
  const DrawItem& m = plan.markers[0];
  glm::vec3 px = projectToPixel(plan.camera, glm::vec3(m.model[3]), 800, 600);
  CHECK(markerAt(plan, 800, 600, glm::vec2(px) + glm::vec2(3.f, 0.f), 14.f) == m.triggerPoint);
  CHECK(markerAt(plan, 800, 600, {2.f, 2.f}, 14.f) == -1);
}

TEST_CASE("frame plan: a deformed mesh's level of detail is chosen by its nearest vertex, not its box") {
  const Atlas& a = atlas();
  const LodTable lods = buildLods(a, true);
  const int skin = id("skin");
  const auto* levels = lods[std::size_t(skin)].get();
  REQUIRE(levels);
  REQUIRE(!levels->empty());
  SceneState s = scene();
  s.camera.orbit(glm::radians(40.f), glm::radians(-20.f));  // obliquely: box corners are not surface points
  // The envelope turned 45 degrees about the vertical: its box's corners stand well in front of its
  // vertices, as a walking leg's box does.
  Mesh turned = *a.structures[std::size_t(skin)].mesh;
  const glm::mat4 turn = glm::rotate(glm::mat4(1.f), glm::radians(45.f), glm::vec3(0, 1, 0));
  for (glm::vec3& p : turned.positions) p = glm::vec3(turn * glm::vec4(p, 1.f));
  turned.computeBounds();
  PosedGeometry posed;
  posed.deformed.assign(a.structures.size(), nullptr);
  posed.deformed[std::size_t(skin)] = &turned;
  const glm::vec3 eye = s.camera.position(), fwd = s.camera.forward();
  float byVertex = 1e30f, byBox = 1e30f;
  for (const glm::vec3& p : turned.positions) byVertex = std::min(byVertex, glm::dot(p - eye, fwd));
  for (int c = 0; c < 8; ++c) byBox = std::min(byBox, glm::dot(turned.bounds.corner(c) - eye, fwd));
  REQUIRE(byBox < byVertex - 0.01f);
  // A pixel budget at which the two depths give different levels (between the first level's error in
  // pixels at one depth and at the other), so the test can tell them apart.
  const float pixelsAtUnitDepth = 600.f * 0.5f / std::tan(s.camera.fovY * 0.5f);
  const float budget = (*levels)[0].error * pixelsAtUnitDepth * 0.5f * (1.f / byVertex + 1.f / byBox);
  REQUIRE(chooseLevel(*levels, byVertex, s.camera, 600.f, budget) != chooseLevel(*levels, byBox, s.camera, 600.f, budget));
  FrameOptions f = frame(budget);
  f.lods = &lods;
  f.posed = &posed;
  const FramePlan plan = buildFramePlan(a, s, {}, f);
  const DrawItem* d = find(plan.translucent, skin);
  REQUIRE(d);
  CHECK(d->deformed == &turned);
  CHECK(d->level == chooseLevel(*levels, byVertex, s.camera, 600.f, budget));
}
