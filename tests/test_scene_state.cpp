// The scene state is exactly what a view state saves: capture(apply(s)) == s for many random states, text
// round trips are stable, and the user's region colours live in the scene (the atlas is never edited), so a
// figure re-rendered from its embedded state keeps them.
#include <doctest/doctest.h>

#include <random>

#include <glm/geometric.hpp>

#include "core/atlas.hpp"
#include "core/color.hpp"
#include "core/errors.hpp"
#include "core/frame_plan.hpp"
#include "core/image_compare.hpp"
#include "core/resources.hpp"
#include "core/view_state.hpp"
#include "render/figure_export.hpp"
#include "render/renderer.hpp"
#include "teaching_support.hpp"
#include "test_support.hpp"

using namespace psoas;
namespace fs = std::filesystem;

namespace {
using teaching_test::builtin;  // the built-in atlas with its meshes, loaded once

// A random state in the form capture writes: lists in atlas order, only changed opacities and colours.
ViewState randomState(const Atlas& a, std::mt19937& rng) {
  auto coin = [&](double p = 0.5) { return std::bernoulli_distribution(p)(rng); };
  auto uniform = [&](float lo, float hi) { return std::uniform_real_distribution<float>(lo, hi)(rng); };
  auto pick = [&](std::size_t n) { return std::uniform_int_distribution<std::size_t>(0, n - 1)(rng); };
  ViewState s;
  Camera cam;
  cam.target = {uniform(-0.1f, 0.1f), uniform(0.f, 0.3f), uniform(-0.1f, 0.1f)};
  cam.distance = uniform(0.3f, 3.f);
  cam.orientation = glm::normalize(glm::quat(uniform(-1, 1), uniform(-1, 1), uniform(-1, 1), uniform(-1, 1)));
  cam.fovY = glm::radians(uniform(10.f, 60.f));
  cam.sceneRadius = uniform(0.1f, 1.f);
  s.camera = cam;
  for (const Structure& st : a.structures) {
    if (coin(0.2)) s.hidden.push_back(st.id);
    if (coin(0.2)) s.opacity[st.id] = st.opacity > 0.5f ? uniform(0.f, 0.4f) : uniform(0.6f, 1.f);
    if (coin(0.1)) s.outline.push_back(st.id);
  }
  if (coin()) s.selected = a.structures[pick(a.structures.size())].id;
  s.ghost = coin();
  if (coin()) {
    ClipPlane c;
    c.enabled = true;
    c.axis = ClipPlane::Axis(pick(3));
    c.offset = uniform(-0.2f, 0.2f);
    c.flip = coin();
    s.clip = c;
  }
  for (const Overlay& o : a.overlays)
    if (coin()) s.overlays.push_back(o.id);
  s.referralSide = std::vector<std::string>{"left", "right", "both"}[pick(3)];
  s.overlayIntensity = uniform(0.1f, 1.f);
  if (coin()) s.symptom = a.symptoms[pick(a.symptoms.size())].id;
  for (const LabelSet& l : a.labelSets)
    if (coin()) s.labelSets.push_back(l.id);
  for (int k = int(pick(3)); k > 0; --k) s.labelsAdded.push_back(a.structures[pick(a.structures.size())].id);
  for (int k = int(pick(3)); k > 0; --k) s.labelsRemoved.push_back(a.structures[pick(a.structures.size())].id);
  s.legend = coin();
  for (const RegionStyle& st : a.regionStyles)
    if (coin(0.3)) s.regionColors[st.id] = glm::vec3(1.f) - st.color;
  if (coin()) {
    Pose pose;  // joint ids and ranges of the built-in skeleton (assets/kinematics.json)
    if (coin()) pose.preset = "sitting";
    pose.joints["hip_flexion_l"] = uniform(-30.f, 120.f);
    pose.joints["lumbar_flexion"] = uniform(-10.f, 10.f);
    s.pose = pose;
  }
  s.figure.width = int(pick(2000)) + 16;
  s.figure.height = int(pick(2000)) + 16;
  s.figure.ssaa = int(pick(4)) + 1;
  s.figure.transparent = coin();
  return s;
}
}  // namespace

TEST_CASE("scene state: capture(apply(s)) == s for random view states, and their text is stable") {
  const Atlas& a = builtin();
  REQUIRE_FALSE(a.regionStyles.empty());
  std::mt19937 rng(14);
  for (int k = 0; k < 300; ++k) {
    ViewState s = randomState(a, rng);
    INFO(serializeViewState(s));
    SceneState scene = applyViewState(a, s, "");
    ViewState back = captureViewState(a, scene, s.figure);
    CHECK(back == s);
    // Applying the captured state again gives the same scene.
    CHECK(applyViewState(a, back, "") == scene);
    // Written, read and written again: the same text.
    std::string text = serializeViewState(s);
    CHECK(serializeViewState(parseViewState(text, "/x/s.json")) == text);
  }
}

TEST_CASE("scene state: older view-state versions still load, region colours and pose are version 3") {
  const std::string v1 = R"({"format": "psoas-atlas-view", "version": 1, "view": "left", "hidden": ["skin"]})";
  const std::string v2 = R"({"format": "psoas-atlas-view", "version": 2, "overlays": ["iliopsoas"], "legend": false})";
  ViewState a = parseViewState(v1, "/x/a.json"), b = parseViewState(v2, "/x/b.json");
  CHECK(a.view == "left");
  CHECK(b.overlays == std::vector<std::string>{"iliopsoas"});
  CHECK(a.regionColors.empty());
  CHECK(b.pose.isStanding());
  const std::string v3 = R"({"format": "psoas-atlas-view", "version": 3, "region_colors": {"origin": "#00ff00"},
                           "pose": {"preset": "sitting", "joints": {"hip_flexion_l": 90}}})";
  ViewState c = parseViewState(v3, "/x/c.json");
  CHECK(c.regionColors.at("origin") == glm::vec3(0.f, 1.f, 0.f));
  CHECK(c.pose.preset == "sitting");
  CHECK(c.pose.joints.at("hip_flexion_l") == 90.0);
  CHECK(serializeViewState(c).find("\"version\": 4") != std::string::npos);  // written as the current version
  // A colour that is not one, a style the atlas lacks: refused with the field.
  CHECK_THROWS_AS(parseViewState(R"({"format": "psoas-atlas-view", "version": 3, "region_colors": {"origin": "green"}})", "/x"),
                  StateError);
  ViewState unknown = c;
  unknown.regionColors = {{"no_such_style", glm::vec3(1.f)}};
  CHECK_THROWS_WITH_AS(applyViewState(builtin(), unknown, "/x/s.json"), doctest::Contains("region_colors.no_such_style"),
                       StateError);
}

TEST_CASE("scene state: a region colour chosen by the user is kept by a figure re-rendered from its embedded state") {
  test::ensureGlContext();
  const Atlas& a = builtin();
  fs::path dir = test::scratchDir("region_colours");
  ViewState spec;
  spec.view = "anterior";
  spec.overlays = {"psoas_major"};
  spec.figure.width = 160;
  spec.figure.height = 200;
  spec.figure.ssaa = 1;
  SceneState plain = applyViewState(a, spec, "");
  SceneState coloured = plain;
  const int origin = findId(a.regionStyles, "origin");
  REQUIRE(origin >= 0);
  coloured.styleColors[origin] = glm::vec3(0.1f, 0.9f, 0.2f);
  Renderer r;
  Image before = renderFigure(r, a, plain, spec.figure), mine = renderFigure(r, a, coloured, spec.figure);
  CHECK(compareImages(before, mine).maxAbs > 40);  // the colour shows
  exportFigure(r, a, coloured, captureViewState(a, coloured, spec.figure), dir / "fig.png");
  SceneState again = applyViewState(a, loadViewState(dir / "fig.png"), dir / "fig.png");
  // Written as 8-bit sRGB: within half a step.
  CHECK(glm::distance(again.styleColors.at(origin), coloured.styleColors[origin]) < 0.004f);
  ImageDiff d = compareImages(mine, renderFigure(r, a, again, spec.figure));
  CHECK(d.maxAbs <= 1);
  CHECK(a.regionStyles[std::size_t(origin)].color != coloured.styleColors[origin]);  // the atlas is untouched
}
