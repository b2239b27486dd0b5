// The window layout without a window (ui/layout): panels in side columns, the view buttons in their own
// row, and the 3D view, its framing, labels, leader lines and legend inside the area they leave free, at the
// smallest supported window, a common one and a large one, label size 1x and 3x.
#include <doctest/doctest.h>

#include "core/actions.hpp"
#include "core/annotations.hpp"
#include "core/atlas.hpp"
#include "core/resources.hpp"
#include "core/view_state.hpp"
#include "ui/layout.hpp"

using namespace psoas;
using ui::Rect;

namespace {
const Atlas& atlas() {
  static const Atlas a = loadAtlas(builtinAtlasPath());
  return a;
}
struct Size { float w, h, scale; };
constexpr Size kSizes[] = {{1024, 640, 1.f}, {1600, 1000, 1.f}, {2560, 1440, 1.f}, {2560, 1440, 2.f}, {1024, 640, 1.25f}};

ui::LayoutInput input(const Size& z, bool symptoms = true) {
  ui::LayoutInput in;
  in.window = {z.w, z.h};
  in.scale = z.scale;
  in.menuHeight = 25.f * z.scale;
  in.toolbarHeight = 62.f * z.scale;
  in.titleHeight = 25.f * z.scale;
  in.shown[int(ui::Panel::Symptoms)] = symptoms;
  in.shown[int(ui::Panel::Pose)] = symptoms;  // both columns at their fullest: three panels each
  in.shown[int(ui::Panel::Story)] = symptoms;
  in.shown[int(ui::Panel::Quiz)] = symptoms;  // the right column at its fullest: four panels
  return in;
}
std::string name(const Size& z) {
  return std::to_string(int(z.w)) + "x" + std::to_string(int(z.h)) + " at " + std::to_string(z.scale);
}
}  // namespace

TEST_CASE("layout: panels stay in the window, apart from each other, from the buttons and from the free area") {
  for (const Size& z : kSizes) {
    INFO(name(z));
    ui::LayoutInput in = input(z);
    ui::WindowLayout l = ui::computeLayout(in);
    const Rect window{{0, 0}, {z.w, z.h}};
    CHECK(window.contains(l.free));
    CHECK(l.free.width() >= 0.4f * z.w);  // the model keeps the larger part
    CHECK(l.free.height() >= 0.7f * z.h);
    CHECK(l.toolbar.width() == doctest::Approx(z.w));  // a row of its own: no panel covers a view button
    for (int p = 0; p < ui::kPanelCount; ++p) {
      INFO("panel " << p);
      const Rect& r = l.panels[p];
      REQUIRE_FALSE(r.empty());
      CHECK(window.contains(r));
      CHECK_FALSE(r.intersects(l.free));
      CHECK_FALSE(r.intersects(l.toolbar));
      CHECK(r.min.y >= in.menuHeight - 0.5f);
      CHECK(r.width() >= 200.f * std::min(z.scale, 1.f));  // not squeezed to nothing at 1024x640
      for (int q = p + 1; q < ui::kPanelCount; ++q) CHECK_FALSE(r.intersects(l.panels[q]));
    }
    // The structure list and the pain panel share the left column: both stay open (issue 16).
    CHECK(l.panels[int(ui::Panel::Structures)].min.x == l.panels[int(ui::Panel::Symptoms)].min.x);
    CHECK(l.panels[int(ui::Panel::Structures)].max.y <= l.panels[int(ui::Panel::Symptoms)].min.y);
  }
}

TEST_CASE("layout: a collapsed panel gives its height to the others, a folded column its width to the view") {
  ui::LayoutInput in = input(kSizes[1]);
  ui::WindowLayout open = ui::computeLayout(in);
  in.collapsed[int(ui::Panel::Structures)] = true;
  ui::WindowLayout one = ui::computeLayout(in);
  CHECK(one.panels[int(ui::Panel::Structures)].height() == doctest::Approx(in.titleHeight));
  CHECK(one.panels[int(ui::Panel::Symptoms)].height() > open.panels[int(ui::Panel::Symptoms)].height());
  in.columns.leftCollapsed = true;
  ui::WindowLayout folded = ui::computeLayout(in);
  CHECK(folded.panels[int(ui::Panel::Structures)].empty());
  CHECK_FALSE(folded.leftStrip.empty());
  CHECK(folded.free.width() > open.free.width() + 250.f);
  CHECK(folded.free.min.x == doctest::Approx(folded.leftStrip.max.x));
  // No panel in a column: no column at all.
  ui::LayoutInput none = input(kSizes[1]);
  none.shown[int(ui::Panel::Info)] = none.shown[int(ui::Panel::Teach)] = none.shown[int(ui::Panel::Story)] =
      none.shown[int(ui::Panel::Quiz)] = false;
  ui::WindowLayout right = ui::computeLayout(none);
  CHECK(right.free.max.x == doctest::Approx(1600.f));
  CHECK(right.right.empty());
}

TEST_CASE("layout: the splitter resizes a column within limits, kept in unscaled pixels") {
  ui::LayoutInput in = input({2560, 1440, 1.5f});
  in.columns.leftWidth = 300.f;
  ui::WindowLayout l = ui::computeLayout(in);
  CHECK(l.left.width() == doctest::Approx(450.f));
  CHECK(ui::draggedWidth(l, in, true, 40.f) == doctest::Approx(490.f / 1.5f));
  CHECK(ui::draggedWidth(l, in, false, 40.f) * 1.5f == doctest::Approx(l.right.width() - 40.f));
  float huge = ui::draggedWidth(l, in, true, 5000.f) * in.scale;
  CHECK(huge == doctest::Approx(l.maxColumn));
  CHECK(ui::draggedWidth(l, in, true, -5000.f) * in.scale == doctest::Approx(l.minColumn));
  in.columns.leftWidth = 5000.f;  // a settings file from a larger screen
  ui::WindowLayout big = ui::computeLayout(in);
  CHECK(big.free.width() >= 0.4f * 1600.f);
}

TEST_CASE("layout: every view and Fit frame the whole model, pelvis included, inside the free area") {
  const Atlas& a = atlas();
  SceneState s = applyViewState(a, ViewState{}, "");
  for (const Size& z : kSizes) {
    ui::WindowLayout l = ui::computeLayout(input(z));
    const glm::vec2 win(z.w, z.h);
    for (bool onlyPelvis : {false, true}) {
      SceneState scene = s;
      if (onlyPelvis)
        actions::isolate(scene, {a.findStructure("sacrum"), a.findStructure("hip_bone_l"), a.findStructure("hip_bone_r")});
      Bounds b = scene.visibleBounds(a);
      for (const ViewPreset& v : a.views) {
        INFO(name(z) << " view " << v.id << (onlyPelvis ? " pelvis" : " all"));
        Camera fit = ui::fitInFreeArea(v, b, l.free, win);
        Camera refit = ui::refitInFreeArea(fit, b, l.free, win);  // Fit from that direction
        for (const Camera& cam : {fit, refit})
          for (int c = 0; c < 8; ++c) {
            glm::vec3 p((c & 1) ? b.max.x : b.min.x, (c & 2) ? b.max.y : b.min.y, (c & 4) ? b.max.z : b.min.z);
            glm::vec3 q = projectToPixel(cam, p, int(z.w), int(z.h));
            CHECK(l.free.contains(glm::vec2(q.x, q.y), 1.f));
          }
      }
    }
  }
}

TEST_CASE("layout: no label box, leader line or legend goes under a panel or leaves the free area, labels 1x and 3x") {
  const Atlas& a = atlas();
  SceneState s = applyViewState(a, ViewState{}, "");
  for (const char* set : {"bones", "muscles", "attachments", "landmarks"}) actions::setLabelSet(s, set, true);
  for (std::size_t o = 0; o < a.overlays.size(); ++o) actions::setOverlay(s, int(o), true);  // a legend too
  for (const Size& z : kSizes) {
    ui::WindowLayout l = ui::computeLayout(input(z));
    const glm::vec2 win(z.w, z.h);
    for (float labelScale : {1.f, 3.f}) {
      for (const char* view : {"anterior", "left", "superior"}) {
        INFO(name(z) << " labels " << labelScale << "x, view " << view);
        SceneState scene = s;
        scene.camera = ui::fitInFreeArea(*a.findView(view), scene.visibleBounds(a), l.free, win);
        AnnotationOptions ao;
        ao.scale = z.scale * labelScale;
        ao.spanLeft = l.free.min.x;
        ao.spanRight = l.free.max.x;
        ao.spanTop = l.free.min.y;
        ao.spanBottom = l.free.max.y;
        const float px = 16.f * ao.scale;
        Annotations notes = buildAnnotations(a, scene, int(z.w), int(z.h), [&](const std::string& t) {
          return glm::vec2(0.55f * px * float(t.size()), px);
        }, ao);
        CHECK_FALSE(notes.labels.empty());
        for (const auto& lab : notes.labels) {
          INFO(lab.key);
          Rect box{lab.boxMin, lab.boxMax};
          CHECK(l.free.contains(box));
          CHECK(l.free.contains(lab.anchor));
          CHECK(l.free.contains(lab.lineTo));  // a segment between two points of a rectangle stays in it
          for (const Rect& p : l.panels) CHECK_FALSE(p.intersects(box));
        }
        REQUIRE_FALSE(notes.legend.empty());
        Rect legend{{notes.legendRect.x, notes.legendRect.y}, {notes.legendRect.z, notes.legendRect.w}};
        CHECK(l.free.contains(legend));
        for (const Rect& p : l.panels) CHECK_FALSE(p.intersects(legend));
        // Nor over a label (issue 16: at 3x it went over one).
        for (const auto& lab : notes.labels) {
          INFO(lab.key << " box " << lab.boxMin.y << ".." << lab.boxMax.y << ", legend " << legend.min.y << ".." << legend.max.y);
          CHECK_FALSE(legend.intersects(Rect{lab.boxMin, lab.boxMax}));
        }
      }
    }
  }
}
