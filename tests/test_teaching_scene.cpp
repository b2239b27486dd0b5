// The scene logic around overlays: the referral side, picking a painted region, choosing a symptom, and the
// teaching fields of view states.
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
  // The symptom has zones on both sides, but the side is the user's choice (issue 16: it stayed Both): the
  // right-side zones are drawn, the left ones are not.
  CHECK(s.referralSide == Side::Right);
  auto active = s.activeRegions(a);
  for (int r : sym.regions) {
    bool right = a.regions[std::size_t(r)].side != "left";
    CHECK((std::find(active.begin(), active.end(), r) != active.end()) == right);
  }
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
