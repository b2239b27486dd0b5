// Pins (issue 17): a numbered note anchored to a triangle of its structure, so it stays on the anatomy when
// the camera turns, a bone moves or a muscle deforms; saved in view states (version 4) and story steps;
// placed, edited and deleted through the action layer (undo covers them); drawn in figures.
#include <doctest/doctest.h>

#include <cmath>
#include <cstring>

#include <glm/geometric.hpp>
#include <glm/gtc/matrix_transform.hpp>

#include "core/actions.hpp"
#include "core/annotations.hpp"
#include "core/atlas.hpp"
#include "core/errors.hpp"
#include "core/frame_plan.hpp"
#include "core/history.hpp"
#include "core/image.hpp"
#include "core/pins.hpp"
#include "core/png_metadata.hpp"
#include "core/posed_atlas.hpp"
#include "core/story.hpp"
#include "core/view_state.hpp"
#include "render/figure_export.hpp"
#include "render/renderer.hpp"
#include "teaching_support.hpp"
#include "test_support.hpp"
#include "ui/commands.hpp"

using namespace psoas;
namespace fs = std::filesystem;

namespace {
const Atlas& testAtlas() {
  static const Atlas a = loadAtlas(test::testAtlas());
  return a;
}

// The middle of the cube's front (+Z) face, where a pin goes in most tests.
glm::vec3 cubeFront(const Atlas& a) {
  const Bounds& b = a.structures[std::size_t(a.findStructure("cube"))].mesh->bounds;
  return {b.center().x, b.center().y, b.max.z};
}

Pin pinOnCube(const Atlas& a, const std::string& text = "") {
  auto pin = pinNear(a, nullptr, a.findStructure("cube"), cubeFront(a));
  REQUIRE(pin);
  pin->text = text;
  return *pin;
}

SceneState frontView(const Atlas& a, int w = 200, int h = 150) {
  ViewState vs;
  vs.view = "anterior";
  vs.figure.width = w;
  vs.figure.height = h;
  return applyViewState(a, vs, "");
}

float distanceToTriangle(const Mesh& m, int t, const glm::vec3& p) {
  auto v = [&](int k) { return m.positions[m.indices[std::size_t(t) * 3 + std::size_t(k)]]; };
  return glm::length(closestOnTriangle(p, v(0), v(1), v(2)) - p);
}

std::string stateError(const std::string& pins) {
  try {
    ViewState vs = parseViewState(R"({"format": "psoas-atlas-view", "version": 4, "pins": )" + pins + "}", "/x/pins.json");
    (void)applyViewState(testAtlas(), vs, "/x/pins.json");
  } catch (const StateError& e) {
    return e.what();
  }
  return "";
}
}  // namespace

TEST_CASE("pins: a pin stays on its spot when the camera turns, its bone moves and its surface deforms") {
  const Atlas& a = testAtlas();
  const int cube = a.findStructure("cube");
  Pin pin = pinOnCube(a);
  CHECK(pin.structure == cube);
  CHECK(glm::length(pinRestPoint(a, pin) - cubeFront(a)) < 1e-6f);

  // Turning the camera moves the pin on screen, never on the anatomy.
  SceneState s = frontView(a);
  REQUIRE(actions::addPin(s, pin) == 0);
  glm::vec3 before = projectToPixel(s.camera, placePin(a, nullptr, pin)->position, 200, 150);
  CHECK(pinAtPixel(a, nullptr, s, 200, 150, glm::vec2(before), 5.f) == 0);
  s.camera.orbit(1.2f, 0.4f);
  glm::vec3 after = projectToPixel(s.camera, placePin(a, nullptr, pin)->position, 200, 150);
  CHECK(glm::length(glm::vec2(after) - glm::vec2(before)) > 2.f);
  CHECK(pinAtPixel(a, nullptr, s, 200, 150, glm::vec2(after), 5.f) == 0);
  CHECK(glm::length(placePin(a, nullptr, pin)->position - cubeFront(a)) < 1e-6f);

  // A posed bone: the pin goes where the bone's model transform takes it, facing where its face now faces.
  PosedGeometry posed;
  posed.model.assign(a.structures.size(), glm::mat4(1.f));
  posed.deformed.assign(a.structures.size(), nullptr);
  posed.model[std::size_t(cube)] = glm::rotate(glm::translate(glm::mat4(1.f), glm::vec3(0.1f, 0.2f, 0.f)), 0.7f, glm::vec3(0, 1, 0));
  auto moved = placePin(a, &posed, pin);
  REQUIRE(moved);
  CHECK(glm::length(moved->position - glm::vec3(posed.model[std::size_t(cube)] * glm::vec4(cubeFront(a), 1.f))) < 1e-5f);
  CHECK(glm::dot(moved->normal, glm::vec3(std::sin(0.7f), 0.f, std::cos(0.7f))) > 0.99f);

  // A deformed surface (a muscle in a pose): same triangles, new vertices; the pin stays on its triangle.
  Mesh bent = *a.structures[std::size_t(cube)].mesh;
  for (auto& p : bent.positions) p += glm::vec3(0.f, 0.3f * p.x * p.x, 0.05f * p.y);
  posed.model[std::size_t(cube)] = glm::mat4(1.f);
  posed.deformed[std::size_t(cube)] = &bent;
  auto onBent = placePin(a, &posed, pin);
  REQUIRE(onBent);
  CHECK(distanceToTriangle(bent, pin.triangle, onBent->position) < 1e-6f);
  CHECK(glm::length(onBent->position - cubeFront(a)) > 1e-3f);  // it did move with the surface
  // A click on the posed surface makes the same pin (picking gives a world point on the drawn surface).
  auto again = pinNear(a, &posed, cube, onBent->position);
  REQUIRE(again);
  CHECK(again->triangle == pin.triangle);
  CHECK(glm::length(again->bary - pin.bary) < 1e-4f);
}

TEST_CASE("pins: in the built-in atlas, pins on a bone and a muscle stay on them when sitting") {
  const Atlas& rest = teaching_test::builtin();
  const int femur = teaching_test::structureId(rest, "femur_l"), psoas = teaching_test::structureId(rest, "psoas_major_l");
  // Points of the surfaces: the femur's lowest vertex (the knee end), the psoas's middle vertex.
  const Mesh& fm = *rest.structures[std::size_t(femur)].mesh;
  const Mesh& pm = *rest.structures[std::size_t(psoas)].mesh;
  glm::vec3 knee = fm.positions.front();
  for (const auto& p : fm.positions)
    if (p.y < knee.y) knee = p;
  auto onFemur = pinNear(rest, nullptr, femur, knee);
  auto onPsoas = pinNear(rest, nullptr, psoas, pm.positions[pm.positions.size() / 2]);
  REQUIRE(onFemur);
  REQUIRE(onPsoas);

  static const PoseRig rig = buildPoseRig(rest);
  Atlas sitting = posedAtlas(rest, rig, effectivePose(rest.motion, Pose{"sitting", {}}));
  auto kneeSitting = placePin(sitting, nullptr, *onFemur);
  auto psoasSitting = placePin(sitting, nullptr, *onPsoas);
  REQUIRE(kneeSitting);
  REQUIRE(psoasSitting);
  // Sitting brings the knee forward; the pin went with it and is still on the posed femur's surface.
  CHECK(kneeSitting->position.z - knee.z > 0.2f);
  CHECK(distanceToTriangle(*sitting.structures[std::size_t(femur)].mesh, onFemur->triangle, kneeSitting->position) < 1e-5f);
  CHECK(distanceToTriangle(*sitting.structures[std::size_t(psoas)].mesh, onPsoas->triangle, psoasSitting->position) < 1e-5f);
  // Saved from the posed window, the file holds the point at rest, and reading it back gives the same pin.
  SceneState s = applyViewState(rest, ViewState{}, "");
  s.pose = effectivePose(rest.motion, Pose{"sitting", {}});
  actions::addPin(s, *onPsoas);
  ViewState vs = parseViewState(serializeViewState(captureViewState(rest, s, FigureSettings{})), "/x/s.json");
  REQUIRE(vs.pins.size() == 1);
  CHECK(glm::length(vs.pins[0].point - pinRestPoint(rest, *onPsoas)) < 1e-6f);
  CHECK(applyViewState(rest, vs, "/x/s.json").pins == s.pins);
}

TEST_CASE("pins: a view state keeps them exactly (write, read, write), older versions load, stories keep them") {
  const Atlas& a = testAtlas();
  SceneState s = frontView(a);
  actions::addPin(s, pinOnCube(a, "Tender here \xC3\xA9"));  // non-ASCII: escaped, still round trips
  auto second = pinNear(a, nullptr, a.findStructure("shell"), glm::vec3(0.f, 0.f, 1.f));
  REQUIRE(second);
  actions::addPin(s, *second);
  const std::string text = serializeViewState(captureViewState(a, s, FigureSettings{}));
  CHECK(text.find("\"version\": 4") != std::string::npos);
  CHECK(text.find("\"point_mm\"") != std::string::npos);
  ViewState read = parseViewState(text, "/x/s.json");
  REQUIRE(read.pins.size() == 2);
  CHECK(read.pins[0].text == "Tender here \xC3\xA9");
  SceneState back = applyViewState(a, read, "/x/s.json");
  CHECK(back.pins == s.pins);  // triangle and weights exact
  CHECK(serializeViewState(captureViewState(a, back, FigureSettings{})) == text);

  // A point alone (written by hand, or by --pin) snaps to the surface.
  ViewState byHand = parseViewState(R"({"format": "psoas-atlas-view", "version": 4,
      "pins": [{"structure": "cube", "point_mm": [-250, 0, 151], "text": "x"}]})", "/x/h.json");
  SceneState h = applyViewState(a, byHand, "/x/h.json");
  REQUIRE(h.pins.size() == 1);
  CHECK(glm::length(pinRestPoint(a, h.pins[0]) - glm::vec3(-0.25f, 0.f, 0.15f)) < 1e-5f);

  // Version 3 (no pins) still loads.
  CHECK(applyViewState(a, parseViewState(R"({"format": "psoas-atlas-view", "version": 3})", "/x/3.json"), "").pins.empty());

  // A story step holds the view state's fields, pins included, through the story writer and parser.
  Story story;
  story.id = "pins";
  story.title = "Pins";
  StoryStep step;
  step.caption = "Here.";
  step.evidence = {"illustrative"};
  step.scene = read;
  story.steps.push_back(step);
  Story again = parseStory(storyToJson(story), "/x/story.json");
  REQUIRE(again.steps.size() == 1);
  CHECK(again.steps[0].scene.pins == read.pins);
}

TEST_CASE("pins: bad pins in a state are refused with the file and the JSON path") {
  CHECK(stateError(R"([{"structure": "cube", "point_mm": [-250, 0, 150]}])").empty());
  CHECK(stateError(R"([{"structure": "cubes", "point_mm": [-250, 0, 150]}])").find("/x/pins.json: pins[0].structure: unknown structure id \"cubes\"") == 0);
  CHECK(stateError(R"([{"structure": "cube"}])").find("/x/pins.json: pins[0]: missing required field \"point_mm\"") == 0);
  CHECK(stateError(R"([{"structure": "cube", "point_mm": [-250, 0, 900]}])")
            .find("pins[0].point_mm: 750.0 mm from the surface of cube") != std::string::npos);
  CHECK(stateError(R"([{"structure": "cube", "point_mm": [-250, 0, 150], "triangle": 12, "barycentric": [1, 0, 0]}])")
            .find("pins[0].triangle: 12 is out of range (cube has 12 triangles)") != std::string::npos);
  CHECK(stateError(R"([{"structure": "cube", "point_mm": [-250, 0, 150], "triangle": 1}])").find("pins[0]: \"triangle\" and \"barycentric\"") != std::string::npos);
  CHECK(stateError(R"([{"structure": "cube", "point_mm": [-250, 0, 150], "triangle": 1, "barycentric": [0.5, 0.5, 0.5]}])")
            .find("pins[0].barycentric: the three weights must add up to 1") != std::string::npos);
  CHECK(stateError(R"([{"structure": "cube", "point_mm": [-250, 0, 150], "text": ")" + std::string(121, 'a') + "\"}]")
            .find("pins[0].text: a pin's text is at most 120 bytes, got 121") != std::string::npos);
  CHECK(stateError(R"([{"structure": "cube", "point_mm": [-250, 0, 150], "text": "two\nlines"}])").find("pins[0].text") != std::string::npos);
  CHECK(stateError(R"([{"structure": "cube", "point_mm": [-250, 0, 150], "colour": "red"}])").find("pins[0].colour: unknown field") != std::string::npos);
  CHECK(stateError(R"({"structure": "cube"})").find("pins: expected an array") != std::string::npos);
}

TEST_CASE("pins: placing, editing and deleting go through the actions, and undo and redo cover them") {
  const Atlas& a = testAtlas();
  SceneState s = frontView(a);
  History h;
  h.reset(s);
  CHECK(actions::addPin(s, pinOnCube(a)) == 0);
  h.commit(s);
  CHECK(actions::setPinText(s, 0, "sore\tspot"));
  CHECK(s.pins[0].text == "sore spot");  // one line
  h.commit(s);
  CHECK(actions::addPin(s, pinOnCube(a, std::string(300, 'x'))) == 1);
  CHECK(s.pins[1].text.size() == kMaxPinText);
  h.commit(s);
  CHECK(actions::deletePin(s, 0));  // pin 2 becomes pin 1
  CHECK(!actions::deletePin(s, 5));
  REQUIRE(s.pins.size() == 1);
  CHECK(s.pins[0].text.size() == kMaxPinText);
  h.commit(s);
  REQUIRE(h.undo(s));  // the delete
  REQUIRE(s.pins.size() == 2);
  CHECK(s.pins[0].text == "sore spot");
  REQUIRE(h.undo(s));  // the second pin
  REQUIRE(h.undo(s));  // the note
  REQUIRE(s.pins.size() == 1);
  CHECK(s.pins[0].text.empty());
  REQUIRE(h.redo(s));
  CHECK(s.pins[0].text == "sore spot");
  Pin nowhere;
  CHECK(actions::addPin(s, nowhere) == -1);

  // The pin tool is a command with a key; Esc leaves it; Clear pins is enabled only with pins.
  ui::UiContext ui;
  ui.atlas = &a;
  ui.state = &s;
  CHECK(ui::runShortcut(ui, {"P"}, false));
  CHECK(ui.pinTool);
  CHECK(ui::runShortcut(ui, {"Esc"}, false));
  CHECK(!ui.pinTool);
  CHECK(ui::command("clear_pins").enabled(ui));
  ui::command("clear_pins").run(ui);
  CHECK(s.pins.empty());
  CHECK(!ui::command("clear_pins").enabled(ui));
}

TEST_CASE("pins: a figure shows the pin's badge where the pin is, and its note as a label") {
  test::ensureGlContext();
  const Atlas& a = testAtlas();
  FigureSettings fig;
  fig.width = 200;
  fig.height = 150;
  fig.ssaa = 1;
  SceneState plain = frontView(a);
  SceneState pinned = plain;
  actions::addPin(pinned, pinOnCube(a));
  Renderer r;
  Image without = renderFigure(r, a, plain, fig), with = renderFigure(r, a, pinned, fig);
  glm::vec3 at = projectToPixel(pinned.camera, cubeFront(a), fig.width, fig.height);
  // Every changed pixel is within the badge (radius ~ 0.7 of the 12 px text, a white ring), and many changed.
  int changed = 0, far = 0;
  for (int y = 0; y < fig.height; ++y)
    for (int x = 0; x < fig.width; ++x) {
      const auto* p = without.pixel(x, y);
      const auto* q = with.pixel(x, y);
      if (p[0] == q[0] && p[1] == q[1] && p[2] == q[2]) continue;
      ++changed;
      if (glm::length(glm::vec2(float(x) + 0.5f, float(y) + 0.5f) - glm::vec2(at)) > 14.f) ++far;
    }
  CHECK(changed > 100);
  CHECK(far == 0);
  // Beside the number, inside the disc: the pin colour (blue, not the cube's own).
  const auto* c = with.pixel(int(at.x) + 5, int(at.y));
  CHECK(int(c[2]) > int(c[0]) + 80);

  // With a note, its label is drawn too (pixels changed away from the badge).
  SceneState noted = plain;
  actions::addPin(noted, pinOnCube(a, "Tender"));
  Image label = renderFigure(r, a, noted, fig);
  int away = 0;
  for (int y = 0; y < fig.height; ++y)
    for (int x = 0; x < fig.width; ++x)
      if (glm::length(glm::vec2(float(x), float(y)) - glm::vec2(at)) > 30.f &&
          std::memcmp(label.pixel(x, y), without.pixel(x, y), 3) != 0)
        ++away;
  CHECK(away > 50);
}

TEST_CASE("pins: the CLI takes them from --state and --pin, and refuses a pin off its structure") {
  fs::path dir = test::scratchDir("pins_cli");
  const std::string atlas = " --atlas " + test::testAtlas().string();
  std::string out;
  int rc = test::runCli("render" + atlas + " --size 120x90 --ssaa 1 -q --pin cube@-250,0,150=Tender --out " + (dir / "a.png").string(), out);
  INFO(out);
  REQUIRE(rc == 0);
  ViewState vs = loadViewState(dir / "a.png");  // the figure's embedded state holds the pin
  REQUIRE(vs.pins.size() == 1);
  CHECK(vs.pins[0].text == "Tender");
  CHECK(vs.pins[0].structure == "cube");
  // The state brings it back pixel for pixel.
  REQUIRE(test::runCli("render --state " + (dir / "a.png").string() + " -q --out " + (dir / "b.png").string(), out) == 0);
  CHECK(readPng(dir / "a.png").rgba == readPng(dir / "b.png").rgba);
  CHECK(test::runCli("render" + atlas + " --pin cube@-250,0,900=x --out " + (dir / "c.png").string(), out) == 2);
  CHECK(out.find("invalid --pin \"cube@-250,0,900=x\": the point is not on cube's surface") != std::string::npos);
  CHECK(test::runCli("render" + atlas + " --pin cube@1,2=x --out " + (dir / "c.png").string(), out) == 2);
  CHECK(out.find("X,Y,Z must be three numbers") != std::string::npos);
  CHECK(!fs::exists(dir / "c.png"));
}

namespace {
// The depth buffer's 0..1 and the NDC z of a point `d` in front of the eye, with projection `p`.
float ndcAt(const glm::mat4& p, float d) {
  glm::vec4 c = p * glm::vec4(0.f, 0.f, -d, 1.f);
  return c.z / c.w;
}
}  // namespace

TEST_CASE("pins: a pin behind another structure is faint, one in plain sight is not") {
  Camera cam;
  cam.distance = 3.f;
  const glm::mat4 p = cam.projection(1.5f);
  CHECK(pinBehindScene(p, ndcAt(p, 3.f), ndcAt(p, 2.5f) * 0.5f + 0.5f, 0.01f));     // something 50 cm nearer
  CHECK(!pinBehindScene(p, ndcAt(p, 3.f), ndcAt(p, 2.995f) * 0.5f + 0.5f, 0.01f));  // its own surface, 5 mm off
  CHECK(!pinBehindScene(p, ndcAt(p, 3.f), ndcAt(p, 3.2f) * 0.5f + 0.5f, 0.01f));    // behind the pin
  CHECK(!pinBehindScene(p, ndcAt(p, 3.f), 1.f, 0.01f));                             // background

  // Seen from the right (-X), the cube stands in front of the diamond. A pin on the diamond's face towards
  // the cube faces the camera, but is hidden by the cube; a pin on the cube's right face is in plain sight.
  test::ensureGlContext();
  const Atlas& a = testAtlas();
  ViewState vs;
  vs.view = "right";
  vs.figure.width = 200;
  vs.figure.height = 150;
  SceneState scene = applyViewState(a, vs, "");
  const int diamond = a.findStructure("diamond"), cube = a.findStructure("cube");
  auto behind = pinNear(a, nullptr, diamond, {0.12f, 0.03f, 0.03f});
  auto front = pinNear(a, nullptr, cube, {-0.4f, -0.1f, -0.1f});  // its badge well apart from the other
  REQUIRE(behind);
  REQUIRE(front);
  actions::addPin(scene, *behind);
  actions::addPin(scene, *front);
  SceneState noCube = scene;
  noCube.structures[std::size_t(cube)].visible = false;
  FigureSettings fig;
  fig.width = 200;
  fig.height = 150;
  fig.ssaa = 1;
  Renderer r;
  Image with = renderFigure(r, a, scene, fig), without = renderFigure(r, a, noCube, fig);
  // Beside each badge's number, inside its disc: how blue it is (the pin colour's blue minus its red).
  auto blueness = [&](const Image& img, const Pin& pin) {
    glm::vec3 at = projectToPixel(scene.camera, pinRestPoint(a, pin), fig.width, fig.height);
    const auto* c = img.pixel(int(at.x) + 5, int(at.y));
    return int(c[2]) - int(c[0]);
  };
  const int hidden = blueness(with, *behind), inSight = blueness(without, *behind), cubePin = blueness(with, *front);
  CHECK(hidden < 90);
  CHECK(inSight > 120);
  CHECK(cubePin > 120);
}
