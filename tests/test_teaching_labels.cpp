// Label layout with the real anchors of the built-in atlas: clean plates in every standard view.
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

namespace {
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

TEST_CASE("teaching: labels and legend are laid out cleanly in every standard view at 1600x1200") {
  const Atlas& a = builtin();
  REQUIRE(a.views.size() >= 7);
  for (const ViewPreset& v : a.views) checkPlate(a, v, 1600, 1200);
}

TEST_CASE("teaching: labels and legend are laid out cleanly in every standard view at 800x600") {
  const Atlas& a = builtin();
  for (const ViewPreset& v : a.views) checkPlate(a, v, 800, 600);
}
