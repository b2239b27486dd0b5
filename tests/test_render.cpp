// Headless rendering through EGL: picking, transparency, golden images. The GL debug callback is on,
// so any GL error fails the test that caused it.
#include <doctest/doctest.h>

#include "core/atlas.hpp"
#include "core/errors.hpp"
#include "core/image_compare.hpp"
#include "core/view_state.hpp"
#include "render/renderer.hpp"
#include "test_support.hpp"

using namespace psoas;

namespace {
struct Scene {
  Atlas atlas;
  SceneState state;
};
Scene testScene(const std::string& view, int w, int h) {
  Scene s{loadAtlas(test::testAtlas()), {}};
  ViewState spec;
  spec.view = view;
  spec.figure.width = w;
  spec.figure.height = h;
  s.state = applyViewState(s.atlas, spec, "");
  return s;
}
glm::vec2 pixelOf(const Scene& s, const std::string& id, int w, int h) {
  glm::vec3 c = s.atlas.structures[s.atlas.findStructure(id)].mesh->bounds.center();
  glm::vec3 p = projectToPixel(s.state.camera, c, w, h);
  return {p.x, p.y};
}
}  // namespace

TEST_CASE("picking: a click on a known pixel selects the known structure") {
  test::ensureGlContext();
  Renderer r;
  const int w = 320, h = 240;
  for (const char* view : {"anterior", "posterior", "three_quarter"}) {
    INFO(view);
    Scene s = testScene(view, w, h);
    CHECK(r.pick(s.atlas, s.state, w, h, pixelOf(s, "cube", w, h)) == s.atlas.findStructure("cube"));
    CHECK(r.pick(s.atlas, s.state, w, h, pixelOf(s, "diamond", w, h)) == s.atlas.findStructure("diamond"));
    // Outside everything: nothing. Inside only the faint shell: the shell, since nothing solid is there.
    CHECK(r.pick(s.atlas, s.state, w, h, {1.f, 1.f}) == -1);
    glm::vec3 shellOnly = projectToPixel(s.state.camera, {0.f, 0.3f, 0.f}, w, h);
    CHECK(r.pick(s.atlas, s.state, w, h, {shellOnly.x, shellOnly.y}) == s.atlas.findStructure("shell"));
    // Hidden structures are never picked.
    s.state.structures[s.atlas.findStructure("cube")].visible = false;
    CHECK(r.pick(s.atlas, s.state, w, h, pixelOf(s, "cube", w, h)) == s.atlas.findStructure("shell"));
  }
  CHECK(r.pick(loadAtlas(test::testAtlas()), SceneState{}, w, h, {-5.f, 10.f}) == -1);
}

TEST_CASE("the rendered image shows each structure where the camera says it is") {
  test::ensureGlContext();
  Renderer r;
  const int w = 200, h = 150;
  Scene s = testScene("anterior", w, h);
  r.render(s.atlas, s.state, {w, h, 2, 1.f});  // on white, the default
  Image img = r.readPixels();
  REQUIRE(img.width == w);
  glm::vec2 d = pixelOf(s, "diamond", w, h);
  const auto* p = img.pixel(int(d.x), int(d.y));
  CHECK(int(p[0]) > int(p[2]) + 40);  // reddish muscle colour, seen through the faint shell
  const auto* corner = img.pixel(0, 0);
  CHECK(corner[0] == 255);
  CHECK(corner[3] == 255);
}

TEST_CASE("transparent background: alpha 0 where nothing is drawn, opaque over solid structures") {
  test::ensureGlContext();
  Renderer r;
  const int w = 160, h = 120;
  Scene s = testScene("anterior", w, h);
  FrameOptions clear{w, h, 2, 1.f};
  clear.background = {1, 1, 1, 0};
  r.render(s.atlas, s.state, clear);
  Image img = r.readPixels();
  for (auto [x, y] : {std::pair{0, 0}, {w - 1, 0}, {0, h - 1}, {w - 1, h - 1}}) CHECK(img.pixel(x, y)[3] == 0);
  glm::vec2 c = pixelOf(s, "cube", w, h);
  CHECK(img.pixel(int(c.x), int(c.y))[3] == 255);
  glm::vec3 shell = projectToPixel(s.state.camera, {0.f, 0.3f, 0.f}, w, h);
  int a = img.pixel(int(shell.x), int(shell.y))[3];
  CHECK(a > 20);   // the translucent shell covers part of the pixel...
  CHECK(a < 200);  // ...but not all of it
}

TEST_CASE("without supersampling, the selection outline still shows where it lies over the background") {
  // Such frames shade only the pixels something was drawn on; the outline is drawn outside the shape.
  test::ensureGlContext();
  Renderer r;
  const int w = 200, h = 150;
  Scene s = testScene("anterior", w, h);
  s.state.structures[s.atlas.findStructure("shell")].visible = false;
  s.state.selected = s.atlas.findStructure("cube");
  r.render(s.atlas, s.state, {w, h, 1, 1.f});  // on white, the default
  Image img = r.readPixels();
  glm::vec2 c = pixelOf(s, "cube", w, h);
  int orange = 0, x = int(c.x);
  const int y = int(c.y);
  for (; x < w; ++x) {
    const auto* p = img.pixel(x, y);
    if (p[0] == 255 && p[1] == 255 && p[2] == 255) break;  // the background
    if (p[0] > 200 && p[2] < 140 && p[0] - p[2] > 100) ++orange;
  }
  CHECK(x < w);         // the background was reached...
  CHECK(orange >= 2);   // ...across an outline about 2.5 pixels wide
  for (auto [cx, cy] : {std::pair{0, 0}, {w - 1, h - 1}}) {
    const auto* p = img.pixel(cx, cy);
    CHECK((p[0] == 255 && p[1] == 255 && p[2] == 255 && p[3] == 255));
  }
}

TEST_CASE("golden images of the test atlas") {
  test::ensureGlContext();
  Renderer r;
  for (const char* view : {"anterior", "three_quarter"}) {
    Scene s = testScene(view, 200, 150);
    s.state.selected = s.atlas.findStructure("cube");
    r.render(s.atlas, s.state, {200, 150, 2, 1.f});
    std::string report;
    CHECK_MESSAGE(test::matchesGolden(r.readPixels(), std::string("test_atlas_") + view, report), report);
  }
}

TEST_CASE("golden images of the built-in atlas in every standard view") {
  test::ensureGlContext();
  Atlas atlas = loadAtlas(test::sourceDir() / "assets" / "atlas.json");
  Renderer r;
  for (const auto& v : atlas.views) {
    ViewState spec;
    spec.view = v.id;
    spec.figure.width = 240;
    spec.figure.height = 180;
    SceneState st = applyViewState(atlas, spec, "");
    r.render(atlas, st, {240, 180, 2, 0.4f});
    std::string report;
    CHECK_MESSAGE(test::matchesGolden(r.readPixels(), "atlas_" + v.id, report), report);
  }
}

TEST_CASE("moving frames: simplified meshes within half a pixel look like the full ones, with far fewer triangles") {
  test::ensureGlContext();
  Atlas atlas = loadAtlas(test::sourceDir() / "assets" / "atlas.json");
  const LodTable lods = buildLods(atlas);
  Renderer r;
  for (auto size : {std::pair{640, 360}, {1280, 720}}) {
    const int w = size.first, h = size.second;  // not a structured binding: clang 14's INFO cannot capture one
    ViewState spec;
    spec.view = "three_quarter";
    spec.figure.width = w;
    spec.figure.height = h;
    SceneState st = applyViewState(atlas, spec, "");
    PassTimes full, moving;
    FrameOptions opt{w, h, 1, 1.f};
    opt.passTimes = &full;
    r.render(atlas, st, opt);
    Image a = r.readPixels();
    opt.passTimes = &moving;
    opt.lodPixels = 0.5f;  // as the viewer's moving frames
    opt.lods = &lods;
    r.render(atlas, st, opt);
    Image b = r.readPixels();
    ImageDiff d = compareImages(a, b);
    INFO(w << "x" << h << ": " << full.triangles << " -> " << moving.triangles << " triangles; mean difference "
            << d.meanAbs << ", " << d.fractionOver * 100 << "% of pixels over 24");
    CHECK(moving.triangles * 10 < full.triangles);
    CHECK(d.meanAbs < 1.0);
    CHECK(d.fractionOver < 0.005);
    writePng(a, test::outputDir() / ("lod_full_" + std::to_string(w) + ".png"));
    writePng(b, test::outputDir() / ("lod_moving_" + std::to_string(w) + ".png"));
    writePng(d.diff, test::outputDir() / ("lod_diff_" + std::to_string(w) + ".png"));
  }
}

TEST_CASE("sizes beyond the GL limit are refused before any work") {
  test::ensureGlContext();
  Renderer r;
  Scene s = testScene("anterior", 64, 64);
  int limit = Renderer::maxOutputSize();
  CHECK_THROWS_AS(r.render(s.atlas, s.state, {limit, 64, 4, 1.f}), RenderError);
  r.render(s.atlas, s.state, {64, 64, 1, 1.f});  // and the renderer still works afterwards
  CHECK(r.readPixels().width == 64);
}
