// Bone frames (issue #19): shapes given in a frame built from landmarks. The built-in atlas paints exactly
// where it did when its shapes were absolute coordinates; a frame turns and scales with its landmarks (an
// individual's); every bad frame or reference names the file and the JSON path.
#include <doctest/doctest.h>

#include <cmath>
#include <string>

#include <glm/geometric.hpp>
#include <glm/trigonometric.hpp>
#include <nlohmann/json.hpp>

#include "core/atlas.hpp"
#include "core/errors.hpp"
#include "core/file_util.hpp"
#include "test_support.hpp"

using namespace psoas;
namespace fs = std::filesystem;

namespace {

glm::vec3 vec(const nlohmann::json& j, std::size_t from = 0) {
  return {j[from].get<float>(), j[from + 1].get<float>(), j[from + 2].get<float>()};
}

using test::loadError;

// One cube (a bone), one diamond (its muscle), four landmarks and whatever `extra` adds to the root object.
fs::path writeAtlas(const std::string& dir, const std::string& extra) {
  fs::path d = test::scratchDir(dir);
  const std::string data = (test::sourceDir() / "tests" / "data").string();
  test::writeText(d / "atlas.json", R"({"schema": 1, "title": "frames test", "structures": [
    {"id": "cube", "name": "Cube", "group": "bone", "side": "right", "mesh": ")" + data + R"(/cube.obj",
     "color": "#d9c8a9", "description": "d", "sources": ["t"]},
    {"id": "diamond", "name": "Diamond", "group": "muscle", "side": "left", "mesh": ")" + data + R"(/diamond.obj",
     "color": "#b0413e", "description": "d", "sources": ["t"]}],
    "landmarks": [{"id": "o", "name": "Origin", "position": [0, 0, 0]},
                  {"id": "up", "name": "Up", "position": [0, 0.2, 0]},
                  {"id": "front", "name": "Front", "position": [0, 0.05, 0.1]},
                  {"id": "left", "name": "Left", "position": [0.1, 0, 0]}],
    "evidence_levels": [{"id": "textbook", "name": "Textbook"}],
    "region_styles": [{"id": "origin", "name": "Origin", "color": "#d7301f", "pattern": "solid"}])" + extra + "}");
  return d / "atlas.json";
}

const char* kFrame = R"({"id": "bone", "origin": "o", "axis": {"towards": "up", "is": "+y"},
                         "plane": {"towards": "front", "is": "+z"}, "length": 0.2})";

std::string overlayWith(const std::string& shape) {
  return R"("overlays": [{"id": "ov", "name": "Ov", "layer": "attachments", "regions": [
    {"id": "r", "style": "origin", "side": "left", "structures": ["diamond"], "name": "origin", "on": ["cube"],
     "shapes": [)" + shape + R"(], "evidence": "textbook", "sources": ["t"]}]}])";
}

bool close(glm::vec3 a, glm::vec3 b, float tol = 1e-6f) { return glm::length(a - b) < tol; }

}  // namespace

TEST_CASE("frames: every shape and trigger point of the built-in atlas resolves to its old absolute place within 1e-5 m") {
  // The values the built-in teaching data had in atlas coordinates before it was given in bone frames.
  const nlohmann::json old = nlohmann::json::parse(readTextFile(test::sourceDir() / "tests" / "data" / "teaching_absolute.json"));
  const Atlas& a = test::builtinAtlasData();
  REQUIRE(old["regions"].size() == a.regions.size());
  std::size_t shapes = 0;
  float worst = 0.f;
  for (auto it = old["regions"].begin(); it != old["regions"].end(); ++it) {
    const std::string id = it.key();  // a named copy: clang 14 cannot capture a structured binding in INFO
    const nlohmann::json& list = it.value();
    const int r = a.findRegion(id);
    INFO("region " << id);
    REQUIRE(r >= 0);
    const Region& region = a.regions[std::size_t(r)];
    REQUIRE(region.shapes.size() == list.size());
    for (std::size_t i = 0; i < list.size(); ++i) {
      const Shape& s = region.shapes[i];
      const float err = std::max({glm::length(s.a - vec(list[i], 0)), glm::length(s.b - vec(list[i], 3)),
                                  std::abs(s.radius - list[i][6].get<float>())});
      INFO("shape " << i << " is " << err * 1e6 << " micrometres off");
      CHECK(err < 1e-5f);
      worst = std::max(worst, err);
      ++shapes;
    }
  }
  REQUIRE(old["trigger_points"].size() == a.triggerPoints.size());
  for (const TriggerPoint& t : a.triggerPoints) {
    INFO("trigger point " << t.id);
    REQUIRE(old["trigger_points"].contains(t.id));
    CHECK(glm::length(t.position - vec(old["trigger_points"][t.id])) < 1e-5f);
  }
  MESSAGE(shapes << " shapes, worst " << worst * 1e6 << " micrometres from the old absolute values");
  CHECK(shapes == 90);
}

TEST_CASE("frames: no shape or trigger point of the built-in teaching data is in atlas coordinates") {
  const nlohmann::json doc = nlohmann::json::parse(readTextFile(test::sourceDir() / "assets" / "teaching.json"));
  int framed = 0;
  for (const auto& overlay : doc["overlays"]) {
    for (const auto& region : overlay["regions"])
      for (const auto& shape : region["shapes"]) {
        INFO(region["id"].get<std::string>() << ": " << shape.dump());
        CHECK(shape.contains("frame"));
        framed += shape.contains("frame");
      }
    for (const auto& t : overlay.value("trigger_points", nlohmann::json::array())) {
      INFO(t["id"].get<std::string>());
      CHECK(t.contains("frame"));
    }
  }
  CHECK(framed == 90);
}

TEST_CASE("frames: the built-in frames are the bones' own, near the atlas axes and at scale 1 at rest") {
  const Atlas& a = test::builtinAtlasData();
  REQUIRE(!a.frames.empty());
  for (const BoneFrame& f : a.frames) {
    INFO("frame " << f.id);
    CHECK(f.scale == doctest::Approx(1.0).epsilon(1e-5));
    // Local coordinates stay readable: each local axis within 15 degrees of the atlas axis of its name.
    for (int i = 0; i < 3; ++i) CHECK(f.rotation[i][i] > std::cos(glm::radians(15.f)));
    CHECK(glm::dot(glm::cross(f.rotation[0], f.rotation[1]), f.rotation[2]) == doctest::Approx(1.0).epsilon(1e-5));
  }
  // Every bone a region is painted on has a frame of the same id (discs use their neighbours', skin the bone under it).
  for (const Region& r : a.regions)
    for (int on : r.on) {
      const Structure& s = a.structures[std::size_t(on)];
      if (s.group != "bone") continue;
      INFO("bone " << s.id);
      CHECK(findId(a.frames, s.id) >= 0);
    }
}

TEST_CASE("frames: a shape in a frame turns and scales with the frame's landmarks, a landmark point stays the landmark") {
  const std::string shapes = std::string(R"({"frame": "bone", "from": [0.05, 0, 0], "to": [0, 0.1, 0], "radius": 0.02},
    {"frame": "bone", "at": "left", "offset": [0, 0, 0.03], "radius": 0.01},
    {"at": [0.05, 0, 0], "radius": 0.02},
    {"frame": "rigid", "at": [0.05, 0, 0], "radius": 0.02})");
  // The same frame without "length": it turns with its landmarks and keeps its size.
  const std::string rigid = R"({"id": "rigid", "origin": "o", "axis": {"towards": "up", "is": "+y"},
                                "plane": {"towards": "front", "is": "+z"}})";
  fs::path file = writeAtlas("frames_follow", R"(, "include": ["individual.json"], "frames": [)" + std::string(kFrame) +
                                                  ", " + rigid + "], " + overlayWith(shapes));
  // At rest the frame is the atlas frame: local coordinates are atlas ones.
  test::writeText(file.parent_path() / "individual.json", R"({"landmarks": []})");
  Atlas rest = loadAtlas(file);
  REQUIRE(rest.regions.size() == 1);
  CHECK(close(rest.regions[0].shapes[0].a, {0.05f, 0, 0}));
  CHECK(close(rest.regions[0].shapes[0].b, {0, 0.1f, 0}));
  // An individual whose bone is turned 90 degrees about +Z (up becomes -X) and twice as long.
  test::writeText(file.parent_path() / "individual.json", R"({"landmarks": [
    {"id": "o", "name": "Origin", "position": [0.01, 0.02, 0.03]},
    {"id": "up", "name": "Up", "position": [-0.39, 0.02, 0.03]},
    {"id": "front", "name": "Front", "position": [-0.09, 0.02, 0.13]},
    {"id": "left", "name": "Left", "position": [0.01, 0.22, 0.03]}]})");
  Atlas moved = loadAtlas(file);
  REQUIRE(moved.frames.size() == 2);
  CHECK(moved.frames[0].scale == doctest::Approx(2.0));
  const auto& s = moved.regions[0].shapes;
  const glm::vec3 o(0.01f, 0.02f, 0.03f);
  CHECK(close(s[0].a, o + glm::vec3(0, 0.1f, 0)));    // local +X (0.05) -> atlas +Y, doubled
  CHECK(close(s[0].b, o + glm::vec3(-0.2f, 0, 0)));   // local +Y (0.1) -> atlas -X, doubled
  CHECK(s[0].radius == doctest::Approx(0.04f));
  CHECK(close(s[1].a, glm::vec3(0.01f, 0.22f, 0.03f) + glm::vec3(0, 0, 0.06f)));  // the landmark, offset in the frame
  CHECK(s[1].radius == doctest::Approx(0.02f));
  CHECK(close(s[2].a, {0.05f, 0, 0}));  // no frame: atlas coordinates, as ever
  CHECK(s[2].radius == doctest::Approx(0.02f));
  CHECK(moved.frames[1].scale == 1.f);
  CHECK(close(s[3].a, o + glm::vec3(0, 0.05f, 0)));  // turned, not scaled
  CHECK(s[3].radius == doctest::Approx(0.02f));
}

TEST_CASE("frames: bad frames and references name the file and the JSON path") {
  auto bad = [](const std::string& name, const std::string& frame, const std::string& shape = R"({"at": "o", "radius": 0.05})") {
    fs::path file = writeAtlas("frames_bad_" + name, R"(, "include": ["frames.json"], )" + overlayWith(shape));
    test::writeText(file.parent_path() / "frames.json", R"({"frames": [)" + frame + "]}");
    fs::path errorFile;
    std::string m = loadError(file, &errorFile);
    CHECK(errorFile == file.parent_path() / "frames.json");
    return m;
  };
  auto has = [](const std::string& m, const std::string& part) {
    INFO(m);
    CHECK(m.find(part) != std::string::npos);
  };
  std::string f = kFrame;
  auto with = [&](const std::string& from, const std::string& to) {
    std::string s = f;
    s.replace(s.find(from), from.size(), to);
    return s;
  };
  has(bad("landmark", with(R"("origin": "o")", R"("origin": "nowhere")")), R"(frames[0].origin: unknown landmark "nowhere")");
  has(bad("towards", with(R"("towards": "up")", R"("towards": "upp")")), R"(frames[0].axis.towards: unknown landmark "upp")");
  has(bad("coincident", with(R"("towards": "up")", R"("towards": "o")")),
      "frames[0]: frame \"bone\" is degenerate in this atlas: the two landmarks of its axis (nearly) coincide");
  has(bad("collinear", with(R"("towards": "front")", R"("towards": "up")")),
      "frames[0]: frame \"bone\" is degenerate in this atlas: its plane's line is (nearly) parallel to its axis");
  has(bad("axis_name", with(R"("is": "+y")", R"("is": "up")")), R"(frames[0].axis.is: expected a signed local axis)");
  has(bad("same_axis", with(R"("is": "+z")", R"("is": "-y")")), "frames[0].plane.is: must name another local axis");
  has(bad("length", with(R"("length": 0.2)", R"("length": 0)")), "frames[0].length: must be between");
  has(bad("duplicate", f + ", " + f), R"(frames[1].id: duplicate frame id "bone")");
  has(bad("field", with(R"("length")", R"("lenght")")), "frames[0].lenght: unknown field");
  // A shape naming an unknown frame: reported with the teaching data's other bad references, in its own file.
  fs::path file = writeAtlas("frames_bad_ref", R"(, "frames": [)" + f + "], " +
                                                   overlayWith(R"({"frame": "bones", "at": [0, 0, 0], "radius": 0.05})"));
  has(loadError(file), R"(overlays[0].regions[0].shapes[0].frame: unknown frame "bones" (known: bone))");
}
