// Attachment areas, referral zones, trigger points, labels, legend and the cutting plane as they
// come out of the renderer (the same path as the window and the CLI), and their command-line options.
#include <doctest/doctest.h>

#include <algorithm>

#include "core/annotations.hpp"
#include "core/atlas.hpp"
#include "core/resources.hpp"
#include "core/view_state.hpp"
#include "render/figure_export.hpp"
#include "render/renderer.hpp"
#include "test_support.hpp"

using namespace psoas;
namespace fs = std::filesystem;

namespace {
const Atlas& builtin() {
  static Atlas atlas = loadAtlas(builtinAtlasPath());
  return atlas;
}

struct Rgb { int r, g, b, a; };
Rgb at(const Image& img, glm::vec2 p) {
  int x = std::clamp(int(p.x), 0, img.width - 1), y = std::clamp(int(p.y), 0, img.height - 1);
  const auto* q = img.pixel(x, y);
  return {q[0], q[1], q[2], q[3]};
}

glm::vec2 onScreen(const SceneState& st, glm::vec3 world, int w, int h) {
  glm::vec3 p = projectToPixel(st.camera, world, w, h);
  return {p.x, p.y};
}

const Region& regionById(const std::string& id) { return builtin().regions[std::size_t(builtin().findRegion(id))]; }

ViewState withLayer(Overlay::Layer layer, const std::string& view, int w, int h) {
  ViewState vs;
  vs.view = view;
  vs.figure.width = w;
  vs.figure.height = h;
  for (const auto& o : builtin().overlays)
    if (o.layer == layer) vs.overlays.push_back(o.id);
  return vs;
}

// Muscles see-through so the areas on the bone show, as the Teach panel's checkbox does.
ViewState attachmentState(const std::string& view, int w, int h) {
  ViewState vs = withLayer(Overlay::Layer::Attachments, view, w, h);
  for (int s : layerStructures(builtin(), Overlay::Layer::Attachments, false))
    vs.opacity[builtin().structures[std::size_t(s)].id] = 0.2f;
  // The lower legs carry no areas; in a view fitted to what is visible they would
  // shrink the pelvis and hips, where the areas are, to half the size.
  vs.hidden = {"skin", "tibia_l", "tibia_r", "fibula_l", "fibula_r", "patella_l", "patella_r"};
  return vs;
}

ViewState referralState(const std::string& view, int w, int h) {
  return withLayer(Overlay::Layer::Referral, view, w, h);
}
}  // namespace

TEST_CASE("overlays: attachment areas are painted on the bone where the data puts them") {
  test::ensureGlContext();
  Renderer r;
  const Atlas& atlas = builtin();
  const int w = 480, h = 360;
  ViewState on = attachmentState("anterior", w, h);
  ViewState off = on;
  off.overlays.clear();
  SceneState stOn = applyViewState(atlas, on, ""), stOff = applyViewState(atlas, off, "");
  Image withAreas = renderFigure(r, atlas, stOn, on.figure);
  Image without = renderFigure(r, atlas, stOff, off.figure);
  // The iliacus origin covers the iliac fossa, seen from the front: reddish there only with the overlay.
  const Region& origin = regionById("iliacus_r_origin");
  glm::vec2 p = onScreen(stOn, origin.anchor, w, h);
  Rgb a = at(withAreas, p), b = at(without, p);
  INFO("with " << a.r << "," << a.g << "," << a.b << " without " << b.r << "," << b.g << "," << b.b);
  CHECK(a.r - a.g > 60);
  CHECK(b.r - b.g < a.r - a.g - 30);
  // The insertions at the lesser trochanter (medial, partly behind the shaft from the front) are blue.
  glm::vec2 q = onScreen(stOn, regionById("psoas_major_l_insertion").anchor, w, h);
  int blueWith = 0, blueWithout = 0;
  for (int y = -10; y <= 10; ++y)
    for (int x = -10; x <= 10; ++x) {
      Rgb c = at(withAreas, q + glm::vec2(x, y)), d = at(without, q + glm::vec2(x, y));
      blueWith += c.b > c.r + 25;
      blueWithout += d.b > d.r + 25;
    }
  INFO("blue pixels near the insertion: " << blueWith << " with, " << blueWithout << " without");
  CHECK(blueWith >= 6);
  CHECK(blueWithout == 0);
}

TEST_CASE("overlays: referral zones show on the envelope, even when the envelope is hidden") {
  test::ensureGlContext();
  Renderer r;
  const Atlas& atlas = builtin();
  const int w = 360, h = 360;
  ViewState vs = referralState("posterior", w, h);
  for (const char* mode : {"shown", "hidden", "outline"}) {
    INFO(mode);
    ViewState m = vs;
    if (std::string(mode) == "hidden") m.hidden = {"skin"};
    if (std::string(mode) == "outline") m.outline = {"skin"};
    SceneState st = applyViewState(atlas, m, "");
    Image img = renderFigure(r, atlas, st, m.figure);
    glm::vec2 p = onScreen(st, regionById("iliopsoas_l_lumbar").anchor, w, h);
    Rgb c = at(img, p);
    INFO(c.r << "," << c.g << "," << c.b);
    CHECK(c.r - c.b > 80);
  }
  // Left side only: the right lumbar band is not painted.
  ViewState left = vs;
  left.referralSide = "left";
  SceneState st = applyViewState(atlas, left, "");
  Image img = renderFigure(r, atlas, st, left.figure);
  Rgb right = at(img, onScreen(st, regionById("iliopsoas_r_lumbar").anchor, w, h));
  Rgb leftBand = at(img, onScreen(st, regionById("iliopsoas_l_lumbar").anchor, w, h));
  CHECK(leftBand.r - leftBand.b > right.r - right.b + 40);
}

TEST_CASE("overlays: the spillover zone is stippled, the essential zone solid") {
  test::ensureGlContext();
  Renderer r;
  const Atlas& atlas = builtin();
  const int w = 900, h = 900;
  ViewState vs = referralState("anterior", w, h);
  vs.hidden = {"skin"};  // nothing behind the zones but the background and the bones
  SceneState st = applyViewState(atlas, vs, "");
  Image img = renderFigure(r, atlas, st, vs.figure);
  // Count reddish pixels in a window around each zone's anchor; the stippled one is patchy.
  auto redFraction = [&](const std::string& id) {
    glm::vec2 c = onScreen(st, regionById(id).anchor, w, h);
    int red = 0, n = 0;
    for (int y = -6; y <= 6; ++y)
      for (int x = -6; x <= 6; ++x, ++n) {
        Rgb px = at(img, c + glm::vec2(x, y));
        red += px.r - px.b > 60 ? 1 : 0;
      }
    return float(red) / float(n);
  };
  float essential = redFraction("iliopsoas_l_thigh"), spill = redFraction("iliopsoas_l_groin");
  INFO("essential " << essential << " spillover " << spill);
  CHECK(essential > 0.85f);
  CHECK(spill > 0.05f);
  CHECK(spill < 0.7f);
}

TEST_CASE("overlays: trigger points are drawn as markers and named by a click") {
  test::ensureGlContext();
  Renderer r;
  const Atlas& atlas = builtin();
  const int w = 400, h = 400;
  ViewState vs = referralState("anterior", w, h);
  SceneState st = applyViewState(atlas, vs, "");
  Image img = renderFigure(r, atlas, st, vs.figure);
  auto tps = st.activeTriggerPoints(atlas);
  REQUIRE(!tps.empty());
  int dark = 0;
  for (int t : tps) {
    Rgb c = at(img, onScreen(st, atlas.triggerPoints[std::size_t(t)].position, w, h));
    dark += (c.r + c.g + c.b < 200) ? 1 : 0;
  }
  CHECK(dark >= int(tps.size()) / 2);  // some lie on the far side of a muscle
}

TEST_CASE("overlays: a click on a painted area names the region") {
  test::ensureGlContext();
  Renderer r;
  const Atlas& atlas = builtin();
  const int w = 480, h = 360;
  ViewState vs = attachmentState("anterior", w, h);
  SceneState st = applyViewState(atlas, vs, "");
  int id = atlas.findRegion("iliacus_r_origin");
  PickHit hit = r.pickHit(atlas, st, w, h, onScreen(st, atlas.regions[std::size_t(id)].anchor, w, h));
  REQUIRE(hit.structure >= 0);
  CHECK(st.regionAt(atlas, hit.structure, hit.point) == id);
  CHECK(atlas.regionTitle(id).find("origin") != std::string::npos);
  // A zone on the faint envelope answers a click too (its painted part only).
  ViewState ref = referralState("posterior", w, h);
  SceneState rs = applyViewState(atlas, ref, "");
  int band = atlas.findRegion("iliopsoas_l_lumbar");
  PickHit zone = r.pickHit(atlas, rs, w, h, onScreen(rs, atlas.regions[std::size_t(band)].anchor, w, h));
  CHECK(zone.structure == atlas.findStructure("skin"));
  CHECK(rs.regionAt(atlas, zone.structure, zone.point) == band);
}

TEST_CASE("overlays: the cutting plane removes one side and caps what it cuts") {
  test::ensureGlContext();
  Renderer r;
  const Atlas& atlas = builtin();
  const int w = 400, h = 400;
  ViewState vs;
  vs.view = "superior";
  vs.figure.width = w;
  vs.figure.height = h;
  vs.hidden = {"skin"};
  SceneState whole = applyViewState(atlas, vs, "");
  vs.clip = ClipPlane{true, ClipPlane::Axis::Transverse, 0.212f, false};  // through the L3 body
  SceneState cut = applyViewState(atlas, vs, "");
  cut.camera = whole.camera;
  Image a = renderFigure(r, atlas, whole, vs.figure), b = renderFigure(r, atlas, cut, vs.figure);
  const Landmark& l3 = atlas.landmarks[std::size_t(atlas.findLandmark("body_center_l3"))];
  glm::vec2 p = onScreen(cut, l3.position, w, h);
  Rgb cap = at(b, p);
  INFO("cap " << cap.r << "," << cap.g << "," << cap.b);
  CHECK(cap.a == 255);                               // the cut body is filled, not hollow
  CHECK(std::abs(cap.r - cap.b) < 90);               // bone coloured
  // Picking ignores what the plane removed: from the top, a vertebra above L3 is hit without the cut.
  PickHit top = r.pickHit(atlas, whole, w, h, p), below = r.pickHit(atlas, cut, w, h, p);
  CHECK(top.structure != atlas.findStructure("l3"));
  CHECK(top.point.y > 0.225f);
  CHECK(below.structure == atlas.findStructure("l3"));
  CHECK(below.point.y < 0.2125f);
}

TEST_CASE("overlays: labels and legend in figures, tiled the same as whole") {
  test::ensureGlContext();
  Renderer r;
  const Atlas& atlas = builtin();
  const int w = 640, h = 480;
  ViewState vs = attachmentState("anterior", w, h);
  vs.labelSets = {"muscles", "attachments"};
  SceneState st = applyViewState(atlas, vs, "");
  Image whole = renderFigure(r, atlas, st, vs.figure);
  Image tiled = renderFigure(r, atlas, st, vs.figure, nullptr, 200);
  std::size_t differing = 0;
  for (std::size_t i = 0; i < whole.rgba.size(); ++i) differing += std::abs(int(whole.rgba[i]) - int(tiled.rgba[i])) > 8;
  CHECK(differing < whole.rgba.size() / 500);
  // Every label box holds dark text on a light ground, inside the image.
  float scale = std::max(vs.figure.lineScale() * 0.8f, 0.75f);
  AnnotationOptions ao;
  ao.scale = scale;
  Annotations notes = buildAnnotations(atlas, st, w, h, [&](const std::string& t) { return r.measureText(t, 16.f * scale); }, ao);
  REQUIRE(notes.labels.size() >= 6);
  for (const auto& l : notes.labels) {
    INFO(l.text);
    CHECK(l.boxMin.x >= 0.f);
    CHECK(l.boxMax.x <= float(w));
    int darkPx = 0, lightPx = 0;
    for (int y = int(l.boxMin.y) + 2; y < int(l.boxMax.y) - 2; ++y)
      for (int x = int(l.boxMin.x) + 2; x < int(l.boxMax.x) - 2; ++x) {
        Rgb c = at(whole, {float(x), float(y)});
        darkPx += c.r + c.g + c.b < 200;
        lightPx += c.r + c.g + c.b > 600;
      }
    CHECK(darkPx > 10);
    CHECK(lightPx > darkPx);
  }
  REQUIRE(notes.legend.size() == 2);
  Rgb legendBg = at(whole, {notes.legendRect.z - 3.f, notes.legendRect.y + 3.f});
  CHECK(legendBg.r > 200);
  vs.legend = false;
  SceneState noLegend = applyViewState(atlas, vs, "");
  Annotations none = buildAnnotations(atlas, noLegend, w, h, [&](const std::string& t) { return r.measureText(t, 16.f); }, ao);
  CHECK(none.legend.empty());
}

TEST_CASE("overlays: golden images of labelled and overlaid views") {
  test::ensureGlContext();
  Renderer r;
  const Atlas& atlas = builtin();
  struct Case { const char* name; ViewState state; };
  std::vector<Case> cases;
  for (const char* view : {"anterior", "left"}) {
    ViewState vs = attachmentState(view, 480, 360);
    vs.labelSets = {"muscles", "attachments"};
    cases.push_back({view, vs});
  }
  for (const char* view : {"anterior", "posterior"}) {
    ViewState vs = referralState(view, 360, 360);
    vs.labelSets = {};
    cases.push_back({view, vs});
  }
  {
    // Without supersampling (how moving frames are drawn), where only covered pixels are resolved: every
    // overlay, every label set, a selection, a transparent background.
    ViewState vs = referralState("three_quarter", 640, 480);
    for (const auto& o : atlas.overlays) vs.overlays.push_back(o.id);
    for (const auto& l : atlas.labelSets) vs.labelSets.push_back(l.id);
    vs.selected = "psoas_major_l";
    vs.figure.ssaa = 1;
    vs.figure.transparent = true;
    cases.push_back({"everything_ssaa1", vs});
  }
  for (std::size_t k = 0; k < cases.size(); ++k) {
    std::string name = std::string(k < 2 ? "labels_attachments_" : k < 4 ? "referral_" : "") + cases[k].name;
    INFO(name);
    SceneState st = applyViewState(atlas, cases[k].state, "");
    Image img = renderFigure(r, atlas, st, cases[k].state.figure);
    std::string report;
    CHECK_MESSAGE(test::matchesGolden(img, name, report), report);
  }
}

TEST_CASE("overlays: command-line options, their errors, and the state in the PNG") {
  fs::path dir = test::scratchDir("cli_overlays");
  std::string out;
  struct Bad { std::string args, message; };
  std::vector<Bad> bad = {
      {"--attachments hamstring", "unknown --attachments overlay \"hamstring\" (known: psoas_major"},
      {"--labels bones,nerves", "unknown label set \"nerves\" (known: bones"},
      {"--referral iliopsoas --side up", "invalid --side \"up\": expected left, right or both"},
      {"--referral quadratus", "unknown --referral overlay \"quadratus\" (known: iliopsoas"},
      {"--clip oblique:10", "invalid --clip \"oblique:10\""},
      {"--clip sagittal:ten", "invalid --clip \"sagittal:ten\""},
      {"--envelope glass", "invalid --envelope \"glass\""},
      {"--symptom hiccups", "unknown --symptom \"hiccups\""},
  };
  for (const auto& b : bad) {
    INFO(b.args);
    fs::path png = dir / "bad.png";
    int rc = test::runCli("render --size 64x64 --out " + png.string() + " " + b.args, out);
    INFO(out);
    CHECK(rc == 2);
    CHECK(out.find(b.message) != std::string::npos);
    CHECK(!fs::exists(png));
  }
  fs::path png = dir / "ok.png";
  int rc = test::runCli("render -q --size 200x150 --ssaa 1 --out " + png.string() +
                            " --referral iliopsoas --side left --envelope outline --labels muscles --clip coronal:0:flip",
                        out);
  INFO(out);
  REQUIRE(rc == 0);
  ViewState back = loadViewState(png);
  CHECK(back.overlays == std::vector<std::string>{"iliopsoas"});
  CHECK(back.referralSide == "left");
  CHECK(back.outline == std::vector<std::string>{"skin"});
  CHECK(back.labelSets == std::vector<std::string>{"muscles"});
  REQUIRE(back.clip.has_value());
  CHECK(back.clip->axis == ClipPlane::Axis::Coronal);
  CHECK(back.clip->flip);
}

TEST_CASE("overlays: intensity fades the zones, and is kept in the state") {
  test::ensureGlContext();
  Renderer r;
  const Atlas& atlas = builtin();
  const int w = 300, h = 300;
  ViewState vs = referralState("posterior", w, h);
  SceneState full = applyViewState(atlas, vs, "");
  vs.overlayIntensity = 0.3f;
  SceneState faint = applyViewState(atlas, vs, "");
  glm::vec2 p = onScreen(full, regionById("iliopsoas_l_lumbar").anchor, w, h);
  Rgb a = at(renderFigure(r, atlas, full, vs.figure), p), b = at(renderFigure(r, atlas, faint, vs.figure), p);
  INFO("full " << a.r - a.b << " faint " << b.r - b.b);
  CHECK(a.r - a.b > b.r - b.b + 40);
  ViewState back = parseViewState(serializeViewState(captureViewState(atlas, faint, vs.figure)), "x.json");
  CHECK(back.overlayIntensity == doctest::Approx(0.3f));
  std::string out;
  fs::path png = test::scratchDir("cli_intensity") / "x.png";
  CHECK(test::runCli("render --size 64x64 --intensity 0.05 --out " + png.string(), out) == 2);
  CHECK(!fs::exists(png));
}

TEST_CASE("overlays: another atlas brings its own teaching data (the engine knows no anatomy)") {
  test::ensureGlContext();
  Renderer r;
  Atlas atlas = loadAtlas(test::sourceDir() / "tests" / "data" / "teaching_atlas.json");
  const int w = 480, h = 360;
  ViewState vs;
  vs.figure.width = w;
  vs.figure.height = h;
  vs.overlays = {"diamond", "zones"};
  vs.labelSets = {"parts", "areas"};
  SceneState st = applyViewState(atlas, vs, "");
  Image img = renderFigure(r, atlas, st, vs.figure);
  Annotations notes = buildAnnotations(atlas, st, w, h, [&](const std::string& t) { return r.measureText(t, 16.f); });
  CHECK(notes.labels.size() == 4);  // cube, diamond, the shell's landmark, the area on the cube
  CHECK(notes.legend.size() == 3);  // origin, spillover, trigger point
  int origin = atlas.findRegion("diamond_origin");
  glm::vec2 p = onScreen(st, atlas.regions[std::size_t(origin)].anchor, w, h);
  Rgb c = at(img, p + glm::vec2(8.f, 4.f));  // beside the label's anchor dot
  CHECK(c.r - c.b > 80);
  PickHit hit = r.pickHit(atlas, st, w, h, p);
  CHECK(hit.structure == atlas.findStructure("cube"));
  CHECK(st.regionAt(atlas, hit.structure, hit.point) == origin);
  CHECK(atlas.regionTitle(origin) == "Diamond \u2014 origin: front of the cube");
}
