// The pen (issue 17): strokes and arrows drawn over the view for the moment, in window pixels, cleared when
// the picture under them moves; drawn over figures (an F12 screenshot) scaled to their size.
#include <doctest/doctest.h>

#include <cstring>

#include <glm/geometric.hpp>

#include "core/atlas.hpp"
#include "core/image.hpp"
#include "core/pen.hpp"
#include "core/view_state.hpp"
#include "render/figure_export.hpp"
#include "render/renderer.hpp"
#include "test_support.hpp"
#include "ui/commands.hpp"

using namespace psoas;

namespace {
PenStroke line(glm::vec2 a, glm::vec2 b, int steps, bool arrow = false) {
  PenStroke s;
  s.arrow = arrow;
  for (int k = 0; k <= steps; ++k) s.points.push_back(a + (b - a) * (float(k) / float(steps)));
  return s;
}
bool yellow(const std::uint8_t* p) { return p[0] > 200 && p[1] > 170 && p[2] < 100; }
}  // namespace

TEST_CASE("pen: strokes keep points a few pixels apart, a click is no stroke, the oldest stroke goes first") {
  PenSketch pen;
  const Camera cam;
  const glm::vec2 window(800.f, 600.f);
  pen.begin({10.f, 10.f}, false, cam, window);
  CHECK(pen.drawing());
  pen.extend({10.5f, 10.f});  // under kMinStep from the last kept point: skipped
  pen.extend({13.f, 10.f});
  pen.extend({20.f, 12.f});
  pen.end();
  CHECK(!pen.drawing());
  REQUIRE(pen.strokes().size() == 1);
  CHECK(pen.strokes()[0].points.size() == 3);
  CHECK(!pen.strokes()[0].arrow);

  pen.begin({100.f, 100.f}, true, cam, window);  // press and release in place: dropped
  pen.extend({101.f, 101.f});
  pen.end();
  CHECK(pen.strokes().size() == 1);

  for (std::size_t k = 0; k < PenSketch::kMaxStrokes + 3; ++k) {
    pen.begin({0.f, float(k)}, k % 2 == 1, cam, window);
    pen.extend({50.f, float(k)});
    pen.end();
  }
  CHECK(pen.strokes().size() == PenSketch::kMaxStrokes);
  CHECK(pen.strokes().back().points.front().y == doctest::Approx(float(PenSketch::kMaxStrokes + 2)));
  CHECK(!pen.strokes().back().arrow);  // k = 66: even, a plain stroke
  CHECK(pen.strokes()[pen.strokes().size() - 2].arrow);
  pen.extend({90.f, 90.f});  // not drawing: ignored
  CHECK(pen.strokes().back().points.size() == 2);
}

TEST_CASE("pen: cleared when the camera turns, zooms, pans or changes view, or the window resizes, not otherwise") {
  const glm::vec2 window(800.f, 600.f);
  const Camera still;
  auto drawn = [&](const Camera& cam) {
    PenSketch pen;
    pen.begin({10.f, 10.f}, false, cam, window);
    pen.extend({60.f, 10.f});
    pen.end();
    return pen;
  };
  PenSketch pen = drawn(still);
  CHECK(!pen.follow(still, window));
  CHECK(!pen.empty());

  Camera turned = still;
  turned.orbit(0.01f, 0.f);
  Camera zoomed = still;
  zoomed.zoom(1.1f);
  Camera panned = still;
  panned.pan(0.01f, 0.f);
  Camera shifted = still;  // the lens shift moves as a panel opens: the model moves on screen
  shifted.shift.x = 0.1f;
  for (const Camera& moved : {turned, zoomed, panned, shifted}) {
    PenSketch p = drawn(still);
    CHECK(p.follow(moved, window));
    CHECK(p.empty());
  }
  CHECK(pen.follow(still, window + glm::vec2(1.f, 0.f)));
  CHECK(pen.empty());

  // A new stroke over a moved view replaces the old ones; the rule then follows the new view.
  pen = drawn(still);
  pen.begin({5.f, 5.f}, false, turned, window);
  pen.extend({40.f, 5.f});
  pen.end();
  CHECK(pen.strokes().size() == 1);
  CHECK(!pen.follow(turned, window));
  CHECK(pen.strokes().size() == 1);
}

TEST_CASE("pen: the arrow head points along the end of the stroke, not along the last jitter") {
  PenStroke s = line({0.f, 0.f}, {100.f, 0.f}, 50, true);
  auto head = arrowHead(s, 20.f);
  REQUIRE(head);
  const glm::vec2 tip = (*head)[0], left = (*head)[1], right = (*head)[2];
  CHECK(tip == glm::vec2(100.f, 0.f));
  CHECK(left.x == doctest::Approx(80.f));
  CHECK(right.x == doctest::Approx(80.f));
  CHECK(std::abs(left.y - right.y) == doctest::Approx(20.f));  // as wide as it is long
  CHECK(left.y == doctest::Approx(-right.y));

  // A hand stopping wobbles a pixel back: the head still points right.
  s.points.push_back({99.f, 1.f});
  head = arrowHead(s, 20.f);
  REQUIRE(head);
  CHECK((*head)[0] == glm::vec2(99.f, 1.f));
  CHECK((*head)[1].x < 85.f);
  CHECK((*head)[2].x < 85.f);

  // Up the screen (y down): the corners below the tip.
  head = arrowHead(line({50.f, 100.f}, {50.f, 10.f}, 30), 12.f);
  REQUIRE(head);
  CHECK((*head)[1].y == doctest::Approx(22.f));
  CHECK(!arrowHead(line({5.f, 5.f}, {5.f, 5.f}, 3), 12.f));
  CHECK(!arrowHead(PenStroke{{{1.f, 1.f}}, true}, 12.f));

  PenMarks m{{line({10.f, 20.f}, {30.f, 40.f}, 2)}, 4.f};
  PenMarks big = m.scaled(2.5f);
  CHECK(big.width == doctest::Approx(10.f));
  CHECK(big.strokes[0].points[2] == glm::vec2(75.f, 100.f));
  CHECK(big.headSize() == doctest::Approx(m.headSize() * 2.5f));
}

TEST_CASE("pen: D and Shift+D are the pen's two modes, P and Esc leave it, C clears, Help > Controls lists them") {
  const Atlas a = loadAtlas(test::testAtlas());
  SceneState s = SceneState::fromAtlas(a);
  ui::UiContext ui;
  ui.atlas = &a;
  ui.state = &s;
  using Pen = ui::UiContext::Pen;
  CHECK(ui::runShortcut(ui, {"D"}, false));
  CHECK(ui.penTool == Pen::Draw);
  CHECK(ui::runShortcut(ui, {"D", false, true}, false));
  CHECK(ui.penTool == Pen::Arrow);
  CHECK(ui::runShortcut(ui, {"D", false, true}, false));
  CHECK(ui.penTool == Pen::Off);
  ui::runShortcut(ui, {"D"}, false);
  ui::runShortcut(ui, {"P"}, false);  // one tool at a time
  CHECK(ui.pinTool);
  CHECK(ui.penTool == Pen::Off);
  ui::runShortcut(ui, {"D"}, false);
  CHECK(!ui.pinTool);
  CHECK(ui::runShortcut(ui, {"Esc"}, false));
  CHECK(ui.penTool == Pen::Off);
  CHECK(!ui::command("clear_pen").enabled(ui));  // nothing drawn
  ui.penHasStrokes = true;
  ui::runShortcut(ui, {"C"}, false);
  CHECK(ui.requestClearPen);
  CHECK(!ui::runShortcut(ui, {"D"}, true));  // typing a note: D is a letter
  int listed = 0;
  for (const auto& row : ui::controlsHelp(ui)) {
    const std::string keys = row.first;
    listed += keys == "D" || keys == "Shift+D" || keys == "C";
  }
  CHECK(listed == 3);
}

TEST_CASE("pen: a figure draws the strokes over the scene, scaled with the figure (an F12 screenshot)") {
  test::ensureGlContext();
  const Atlas a = loadAtlas(test::testAtlas());
  ViewState vs;
  vs.view = "anterior";
  vs.figure.width = 160;
  vs.figure.height = 120;
  const SceneState scene = applyViewState(a, vs, "");
  FigureSettings fig;
  fig.width = 160;
  fig.height = 120;
  fig.ssaa = 1;
  // In "window" pixels of an 80x60 window: a line across the top and an arrow down the left side.
  PenMarks pen{{line({10.f, 8.f}, {70.f, 8.f}, 20), line({8.f, 15.f}, {8.f, 50.f}, 10, true)}, 3.f};
  const PenMarks onFigure = pen.scaled(2.f);
  Renderer r;
  Image plain = renderFigure(r, a, scene, fig), drawn = renderFigure(r, a, scene, fig, nullptr, 0, &onFigure);
  CHECK(yellow(drawn.pixel(80, 16)));   // the line's middle, at twice its window position
  CHECK(!yellow(plain.pixel(80, 16)));
  CHECK(yellow(drawn.pixel(16, 60)));   // the arrow's shaft
  // The arrow head is wider than the shaft: ink beside the line near the tip, none beside it halfway.
  CHECK(yellow(drawn.pixel(16 + 7, 82)));
  CHECK(!yellow(drawn.pixel(16 + 7, 60)));
  // Nothing changes far from the strokes.
  int changedFar = 0;
  for (int y = 0; y < fig.height; ++y)
    for (int x = 40; x < fig.width; ++x)
      if (y > 40 && std::memcmp(plain.pixel(x, y), drawn.pixel(x, y), 4) != 0) ++changedFar;
  CHECK(changedFar == 0);
}
