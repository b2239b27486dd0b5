// View states: strict parsing, exact round trips (GUI state -> file -> CLI gives the same image),
// PNG metadata, tiled rendering, clean transparent edges, batch rendering.
#include <doctest/doctest.h>

#include <fstream>
#include <functional>

#include "core/atlas.hpp"
#include "core/errors.hpp"
#include "core/file_util.hpp"
#include "core/image_compare.hpp"
#include "core/png_metadata.hpp"
#include "core/view_state.hpp"
#include "render/figure_export.hpp"
#include "render/renderer.hpp"
#include "test_support.hpp"

using namespace psoas;
namespace fs = std::filesystem;

namespace {
std::string stateError(const std::string& json) {
  try { parseViewState(json, "/x/state.json"); } catch (const StateError& e) { return e.what(); }
  return "";
}
const std::string kHead = R"("format": "psoas-atlas-view", "version": 1)";

// A state as the GUI would leave it: turned camera, hidden and faded structures, a selection.
SceneState guiLikeScene(const Atlas& atlas) {
  ViewState vs;
  vs.view = "three_quarter";
  vs.figure.width = 240;
  vs.figure.height = 160;
  SceneState s = applyViewState(atlas, vs, "");
  s.camera.orbit(0.4f, -0.2f);
  s.camera.zoom(1.3f);
  s.structures[atlas.findStructure("shell")].opacity = 0.4f;
  s.structures[atlas.findStructure("diamond")].visible = false;
  s.selected = atlas.findStructure("cube");
  return s;
}
}  // namespace

TEST_CASE("view states: minimal, full, and round trip through text") {
  ViewState minimal = parseViewState("{" + kHead + "}", "/x/s.json");
  CHECK(minimal.view == "anterior");
  CHECK(!minimal.camera);
  Atlas atlas = loadAtlas(test::testAtlas());
  SceneState scene = guiLikeScene(atlas);
  FigureSettings fig;
  fig.width = 300; fig.height = 200; fig.dpi = 300; fig.transparent = true;
  ViewState vs = captureViewState(atlas, scene, fig);
  ViewState back = parseViewState(serializeViewState(vs), "/x/s.json");
  REQUIRE(back.camera);
  CHECK(back.camera->distance == doctest::Approx(scene.camera.distance));
  CHECK(glm::dot(back.camera->orientation, scene.camera.orientation) == doctest::Approx(1.f));
  CHECK(back.hidden == std::vector<std::string>{"diamond"});
  CHECK(back.opacity.at("shell") == doctest::Approx(0.4f));
  CHECK(back.opacity.count("cube") == 0);  // unchanged opacities are not written
  CHECK(back.selected == "cube");
  CHECK(back.figure.dpi == doctest::Approx(300.f));
  CHECK(back.figure.transparent);
  CHECK(serializeViewState(back) == serializeViewState(vs));
}

TEST_CASE("bad view states are refused with the file and the JSON path") {
  struct Case { std::string json, expected; };
  const Case cases[] = {
      {"{}", "(top level): missing required field \"format\""},
      {R"({"format": "psoas-atlas-batch", "version": 1})", "format: expected \"psoas-atlas-view\""},
      {R"({"format": "psoas-atlas-view", "version": 7})", "version: the file is version 7, written by a newer Psoas Atlas"},
      {"{" + kHead + R"(, "zoom": 2})", "zoom: unknown field"},
      {"{" + kHead + R"(, "hidden": "skin"})", "hidden: expected an array, got the string \"skin\""},
      {"{" + kHead + R"(, "opacity": {"skin": 3}})", "opacity.skin: must be between 0 and 1, got 3"},
      {"{" + kHead + R"(, "camera": {"target": [0,0], "distance": 1, "orientation": [1,0,0,0]}})",
       "camera.target: expected 3 numbers, got 2"},
      {"{" + kHead + R"(, "camera": {"target": [0,0,0], "distance": 1, "orientation": [0,0,0,0]}})",
       "camera.orientation: quaternion must not be zero"},
      {"{" + kHead + R"(, "figure": {"size": [10, 100]}})", "figure.size[0]: must be between 16 and 16384, got 10"},
      {"{" + kHead + R"(, "figure": {"background": "blue"}})", "figure.background: expected a colour"},
      {"{" + kHead + R"(, "figure": {"ssaa": 2.5}})", "figure.ssaa: expected a whole number"},
      {"[1, 2", "invalid JSON at line 1"},
  };
  for (const auto& c : cases) {
    INFO(c.json);
    std::string msg = stateError(c.json);
    INFO(msg);
    CHECK(msg.rfind("/x/state.json: ", 0) == 0);
    CHECK(msg.find(c.expected) != std::string::npos);
  }
  Atlas atlas = loadAtlas(test::testAtlas());
  ViewState unknown = parseViewState("{" + kHead + R"(, "hidden": ["cube", "kidney"]})", "/x/s.json");
  try {
    applyViewState(atlas, unknown, "/x/s.json");
    FAIL("unknown id accepted");
  } catch (const StateError& e) {
    CHECK(std::string(e.what()).find("/x/s.json: hidden[1]: unknown structure id \"kidney\"") == 0);
  }
  ViewState badView = parseViewState("{" + kHead + R"(, "view": "sideways"})", "/x/s.json");
  CHECK_THROWS_AS(applyViewState(atlas, badView, "/x/s.json"), StateError);
}

TEST_CASE("GUI state -> file -> CLI gives the same image") {
  test::ensureGlContext();
  fs::path dir = test::scratchDir("state_roundtrip");
  Atlas atlas = loadAtlas(test::testAtlas());
  SceneState scene = guiLikeScene(atlas);
  FigureSettings fig;
  fig.width = 240;
  fig.height = 160;
  ViewState vs = captureViewState(atlas, scene, fig);
  vs.atlas = test::testAtlas().string();
  writeFileAtomic(dir / "state.json", serializeViewState(vs));

  Renderer r;
  SceneState direct = scene;
  Image expected = renderFigure(r, atlas, direct, fig);
  std::string out;
  int rc = test::runCli("render --state " + (dir / "state.json").string() + " --out " + (dir / "cli.png").string(), out);
  INFO(out);
  REQUIRE(rc == 0);
  ImageDiff d = compareImages(expected, readPng(dir / "cli.png"));
  CHECK(d.sameSize);
  CHECK(d.maxAbs == 0);
  // And the PNG carries the state: rendering from the PNG reproduces it byte for byte.
  rc = test::runCli("render --state " + (dir / "cli.png").string() + " --out " + (dir / "again.png").string(), out);
  REQUIRE(rc == 0);
  CHECK(readTextFile(dir / "cli.png") == readTextFile(dir / "again.png"));
}

TEST_CASE("PNG metadata: dpi and text survive, damage is detected") {
  Image img(20, 10);
  PngMetadata meta;
  meta.dpi = 300.f;
  meta.text[kViewStateChunkKey] = "{\"a\": 1}";
  std::string png = addPngMetadata(encodePng(img), meta);
  PngMetadata back = readPngMetadata(png, "/x/f.png");
  REQUIRE(back.dpi);
  CHECK(*back.dpi == doctest::Approx(300.f).epsilon(0.001));
  CHECK(back.text.at(kViewStateChunkKey) == "{\"a\": 1}");
  fs::path f = test::scratchDir("png_meta") / "f.png";
  writeFileAtomic(f, png);
  CHECK(readPng(f).width == 20);  // still a valid PNG for ordinary readers
  std::string damaged = png;
  damaged[45] ^= 0x20;  // inside the pHYs chunk
  CHECK_THROWS_WITH_AS(readPngMetadata(damaged, "/x/f.png"), doctest::Contains("checksum error"), FileError);
  CHECK_THROWS_WITH_AS(readPngMetadata(png.substr(0, 60), "/x/f.png"), doctest::Contains("truncated"), FileError);
  CHECK_THROWS_WITH_AS(loadViewState(f), doctest::Contains("a: unknown field"), StateError);
  writePng(img, f);  // a PNG from elsewhere, without a state
  CHECK_THROWS_WITH_AS(loadViewState(f), doctest::Contains("holds no Psoas Atlas view state"), StateError);
}

TEST_CASE("tiled rendering matches a single render") {
  test::ensureGlContext();
  Atlas atlas = loadAtlas(test::testAtlas());
  SceneState scene = guiLikeScene(atlas);
  FigureSettings fig;
  fig.width = 300;
  fig.height = 200;
  Renderer r;
  FigureStats one, many;
  Image single = renderFigure(r, atlas, scene, fig, &one);
  Image tiled = renderFigure(r, atlas, scene, fig, &many, 96);
  CHECK(one.tiles == 1);
  CHECK(many.tiles == 12);
  ImageDiff d = compareImages(single, tiled, 8);
  CHECK(d.sameSize);
  CHECK(d.fractionOver < 0.001);  // no seams
  CHECK(d.meanAbs < 0.2);
}

TEST_CASE("transparent figures: alpha 0 in the corners, no background colour bleeding into edges") {
  test::ensureGlContext();
  Atlas atlas = loadAtlas(test::testAtlas());
  ViewState vs;
  vs.figure.width = 200;
  vs.figure.height = 150;
  vs.hidden = {"shell"};
  vs.figure.transparent = true;
  vs.figure.background = {0.f, 1.f, 0.f, 1.f};  // pure green: any bleed would show
  SceneState scene = applyViewState(atlas, vs, "");
  Renderer r;
  Image img = renderFigure(r, atlas, scene, vs.figure);
  CHECK(img.pixel(0, 0)[3] == 0);
  CHECK(img.pixel(199, 149)[3] == 0);
  int edges = 0;
  for (int y = 0; y < img.height; ++y)
    for (int x = 0; x < img.width; ++x) {
      const auto* p = img.pixel(x, y);
      if (p[3] == 0 || p[3] == 255) continue;
      ++edges;
      INFO("pixel " << x << "," << y);
      CHECK(int(p[1]) <= std::max(int(p[0]), int(p[2])) + 12);  // straight colour stays the object's, not green
    }
  CHECK(edges > 20);  // anti-aliased edges exist
}

TEST_CASE("batch: every figure checked first, one progress line each, models loaded once") {
  fs::path dir = test::scratchDir("batch");
  std::string atlas = test::testAtlas().string();
  test::writeText(dir / "s.json", R"({"format": "psoas-atlas-view", "version": 1, "view": "left", "figure": {"size": [64, 48]}})");
  test::writeText(dir / "batch.json", R"({"format": "psoas-atlas-batch", "version": 1, "figures": [
      {"out": "a.png", "state": "s.json"},
      {"out": "b.png", "state": {"format": "psoas-atlas-view", "version": 1, "view": "superior", "figure": {"size": [80, 40]}}},
      {"out": "c.png"}]})");
  std::string out;
  int rc = test::runCli("render --atlas " + atlas + " --batch " + (dir / "batch.json").string(), out);
  INFO(out);
  CHECK(rc == 0);
  CHECK(out.find("[1/3] wrote") != std::string::npos);
  CHECK(out.find("[3/3] wrote") != std::string::npos);
  CHECK(readPng(dir / "b.png").width == 80);
  CHECK(readPng(dir / "a.png").height == 48);

  fs::path bad = test::scratchDir("batch_bad");
  test::writeText(bad / "batch.json", R"({"format": "psoas-atlas-batch", "version": 1, "figures": [
      {"out": "a.png"},
      {"out": "b.png", "state": {"format": "psoas-atlas-view", "version": 1, "hidden": ["kidney"]}}]})");
  rc = test::runCli("render --atlas " + atlas + " --batch " + (bad / "batch.json").string(), out);
  CHECK(rc == 3);
  CHECK(out.find("figures[1].state: hidden[0]: unknown structure id \"kidney\"") != std::string::npos);
  CHECK(!fs::exists(bad / "a.png"));  // nothing rendered before the whole batch was checked
}

TEST_CASE("ghost mode: all but the selection faint, saved in the state") {
  Atlas atlas = loadAtlas(test::testAtlas());
  ViewState vs = parseViewState(R"({"format": "psoas-atlas-view", "version": 1, "selected": "cube", "ghost": true})", "/x/g.json");
  SceneState s = applyViewState(atlas, vs, "/x/g.json");
  CHECK(s.ghost);
  CHECK(s.effectiveOpacity(atlas.findStructure("cube")) == 1.f);
  CHECK(s.effectiveOpacity(atlas.findStructure("diamond")) <= 0.12f);
  CHECK(s.effectiveOpacity(atlas.findStructure("shell")) <= 0.12f);
  s.structures[atlas.findStructure("diamond")].visible = false;
  CHECK(s.effectiveOpacity(atlas.findStructure("diamond")) == 0.f);
  s.selected = -1;  // nothing selected: ghost changes nothing
  CHECK(s.effectiveOpacity(atlas.findStructure("shell")) == doctest::Approx(0.25f));
  CHECK(parseViewState(serializeViewState(captureViewState(atlas, applyViewState(atlas, vs, ""), {})), "/x").ghost);
}

TEST_CASE("a clipping plane survives write-read-write unchanged (found by fuzzing)") {
  for (double mm : {212.0, -20.0, 0.1, 4999.999, -1234.5678, 33.3333333}) {
    INFO(mm);
    ViewState s;
    s.clip = ClipPlane{true, ClipPlane::Axis::Coronal, float(mm * 0.001), true};
    std::string once = serializeViewState(s);
    std::string twice = serializeViewState(parseViewState(once, "a.json"));
    CHECK(once == twice);
    CHECK(parseViewState(once, "a.json").clip->offset == doctest::Approx(mm * 0.001).epsilon(1e-5));
  }
}
