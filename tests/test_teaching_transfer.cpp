// Teaching data that transfers to another atlas (issue #19): a region that paints nothing is a warning
// and gets no label; an included file may name structures the atlas lacks (skipped, one warning), reports
// every bad reference at once, and may move a landmark an earlier file defines.
#include <doctest/doctest.h>

#include <algorithm>
#include <string>

#include "core/annotations.hpp"
#include "core/atlas.hpp"
#include "core/errors.hpp"
#include "core/file_util.hpp"
#include "core/scene_state.hpp"
#include "test_support.hpp"

using namespace psoas;
namespace fs = std::filesystem;

namespace {
using test::loadError;
std::string dataPath(const char* file) { return (test::sourceDir() / "tests" / "data" / file).string(); }

// The test atlas's three solids, with `extra` spliced into the root object (after "structures"), in a
// scratch directory where included files can be written next to it.
fs::path writeAtlas(const std::string& dir, const std::string& extra) {
  fs::path d = test::scratchDir(dir);
  std::string text = R"({"schema": 1, "title": "transfer test", "structures": [
    {"id": "cube", "name": "Cube", "group": "bone", "side": "right", "mesh": ")" + dataPath("cube.obj") + R"(",
     "color": "#d9c8a9", "description": "d", "sources": ["t"]},
    {"id": "diamond", "name": "Diamond", "group": "muscle", "side": "left", "mesh": ")" + dataPath("diamond.obj") + R"(",
     "color": "#b0413e", "description": "d", "sources": ["t"]}],
    "landmarks": [{"id": "cube_front", "name": "Front of the cube", "position": [-0.25, 0.0, 0.15]}],
    "evidence_levels": [{"id": "textbook", "name": "Textbook"}],
    "region_styles": [{"id": "origin", "name": "Origin", "color": "#d7301f", "pattern": "solid"}])" +
                     extra + "}";
  test::writeText(d / "atlas.json", text);
  return d / "atlas.json";
}

std::string region(const std::string& id, const std::string& structures, const std::string& on, const std::string& shape) {
  return R"({"id": ")" + id + R"(", "style": "origin", "side": "left", "structures": [)" + structures +
         R"(], "name": "origin", "on": [)" + on + R"(], "shapes": [)" + shape +
         R"(], "evidence": "textbook", "sources": ["t"]})";
}

std::size_t countContaining(const std::vector<std::string>& list, const std::string& part) {
  return std::size_t(std::count_if(list.begin(), list.end(), [&](const std::string& s) { return s.find(part) != std::string::npos; }));
}

bool hasLabel(const std::vector<LabelTarget>& targets, const std::string& key) {
  return std::any_of(targets.begin(), targets.end(), [&](const LabelTarget& t) { return t.key == key; });
}
}  // namespace

TEST_CASE("teaching transfer: a region that paints nothing on its meshes is a warning and draws no label") {
  fs::path file = writeAtlas("transfer_paints_nothing", R"(, "overlays": [{"id": "diamond", "name": "Diamond",
    "layer": "attachments", "regions": [)" + region("diamond_origin", R"("diamond")", R"("cube")", R"({"at": "cube_front", "radius": 0.08})") +
    ", " + region("diamond_lost", R"("diamond")", R"("cube")", R"({"at": [2.0, 2.0, 2.0], "radius": 0.05})") + R"(]}],
    "label_sets": [{"id": "areas", "name": "Areas", "layer": "attachments"}])");
  Atlas atlas = loadAtlas(file);
  INFO("warnings: " << atlas.warnings.size());
  REQUIRE(countContaining(atlas.warnings, "paints nothing") == 1);
  const std::string& w = atlas.warnings.front();
  CHECK(w.find("\"diamond_lost\"") != std::string::npos);
  CHECK(w.find("\"diamond\"") != std::string::npos);  // the muscle it belongs to
  CHECK(w.find("cube") != std::string::npos);         // what it should be painted on
  CHECK(w.rfind(file.string(), 0) == 0);               // starts with the file
  CHECK_FALSE(atlas.regions[std::size_t(atlas.findRegion("diamond_origin"))].paintsNothing);
  CHECK(atlas.regions[std::size_t(atlas.findRegion("diamond_lost"))].paintsNothing);

  SceneState scene = SceneState::fromAtlas(atlas);
  scene.overlays.assign(atlas.overlays.size(), true);
  scene.labelSets = {"areas"};
  auto targets = labelTargets(atlas, scene);
  CHECK(hasLabel(targets, "r:diamond_origin"));
  CHECK_FALSE(hasLabel(targets, "r:diamond_lost"));
}

TEST_CASE("teaching transfer: the built-in atlas loads without a warning") {
  const Atlas& a = test::builtinAtlasData();
  std::string all;
  for (const auto& w : a.warnings) all += w + "\n";
  INFO(all);
  CHECK(a.warnings.empty());
}

TEST_CASE("teaching transfer: an included file's structures the atlas lacks are skipped with one warning") {
  fs::path file = writeAtlas("transfer_missing", R"(, "include": ["teach.json"])");
  test::writeText(file.parent_path() / "teach.json", R"({"overlays": [{"id": "o", "name": "O", "layer": "attachments",
    "regions": [)" + region("kept", R"("diamond")", R"("cube", "femur_l")", R"({"at": "cube_front", "radius": 0.08})") + ", " +
    region("gone_on", R"("diamond")", R"("femur_l", "femur_r")", R"({"at": "cube_front", "radius": 0.08})") + ", " +
    region("gone_owner", R"("iliacus_l")", R"("cube")", R"({"at": "cube_front", "radius": 0.08})") + R"(],
    "trigger_points": [{"id": "tp", "name": "TP", "side": "left", "structure": "iliacus_l", "at": [0, 0, 0],
      "zones": ["gone_owner"], "evidence": "textbook", "sources": ["t"]}]}],
    "symptoms": [{"id": "s", "name": "S", "evidence": "textbook", "explanation": "e", "regions": ["gone_on", "kept"],
      "structures": ["psoas_major_l", "diamond"], "sources": ["t"]}],
    "label_sets": [{"id": "bones", "name": "Bones", "structures": ["cube", "femur_l"]},
                   {"id": "legs", "name": "Legs", "structures": ["femur_l", "femur_r"]}]})");
  Atlas atlas = loadAtlas(file);
  std::string all;
  for (const auto& w : atlas.warnings) all += w + "\n";
  INFO(all);
  REQUIRE(countContaining(atlas.warnings, "lacks") == 1);  // one warning, not one per reference
  const std::string w = atlas.warnings[0];
  for (const char* id : {"\"femur_l\"", "\"femur_r\"", "\"iliacus_l\"", "\"psoas_major_l\""}) {
    INFO(id);
    CHECK(w.find(id) != std::string::npos);
    CHECK(w.find(id) == w.rfind(id));  // each named once
  }
  CHECK(w.find("teach.json") != std::string::npos);
  CHECK(w.find("2 regions") != std::string::npos);
  CHECK(w.find("1 trigger point") != std::string::npos);
  CHECK(w.find("1 label set") != std::string::npos);
  // What needs only what is missing is left out; what needs some of it keeps the rest.
  REQUIRE(atlas.findRegion("kept") >= 0);
  CHECK(atlas.regions[std::size_t(atlas.findRegion("kept"))].on == std::vector<int>{atlas.findStructure("cube")});
  CHECK(atlas.findRegion("gone_on") < 0);
  CHECK(atlas.findRegion("gone_owner") < 0);
  CHECK(atlas.triggerPoints.empty());
  REQUIRE(atlas.symptoms.size() == 1);
  CHECK(atlas.symptoms[0].regions == std::vector<int>{atlas.findRegion("kept")});
  CHECK(atlas.symptoms[0].structures == std::vector<int>{atlas.findStructure("diamond")});
  CHECK(atlas.findLabelSet("bones") >= 0);
  CHECK(atlas.findLabelSet("legs") < 0);
}

TEST_CASE("teaching transfer: the atlas's own file may not name a structure it lacks") {
  fs::path file = writeAtlas("transfer_root_missing", R"(, "overlays": [{"id": "o", "name": "O", "layer": "attachments",
    "regions": [)" + region("r", R"("diamond")", R"("femur_l")", R"({"at": "cube_front", "radius": 0.08})") + "]}]");
  std::string m = loadError(file);
  INFO(m);
  CHECK(m.find("overlays[0].regions[0].on[0]: unknown structure \"femur_l\"") != std::string::npos);
}

TEST_CASE("teaching transfer: every bad reference of a file is reported in one message") {
  fs::path file = writeAtlas("transfer_bad_refs", R"(, "include": ["teach.json"])");
  test::writeText(file.parent_path() / "teach.json", R"({"overlays": [{"id": "o", "name": "O", "layer": "attachments",
    "regions": [)" + region("a", R"("diamond")", R"("cube")", R"({"at": "no_such_point", "radius": 0.08})") + ", " +
    R"({"id": "b", "style": "insertion", "side": "left", "structures": ["diamond"], "name": "n", "on": ["cube"],
        "shapes": [{"at": "cube_front", "radius": 0.05}], "evidence": "rumour", "sources": ["t"]}]}],
    "label_sets": [{"id": "l", "name": "L", "landmarks": ["cube_back"]}]})");
  fs::path errorFile;
  std::string m = loadError(file, &errorFile);
  INFO(m);
  CHECK(errorFile == file.parent_path() / "teach.json");
  CHECK(m.find("4 bad references") != std::string::npos);
  CHECK(m.find("overlays[0].regions[0].shapes[0].at: unknown landmark \"no_such_point\"") != std::string::npos);
  CHECK(m.find("overlays[0].regions[1].style: unknown region style \"insertion\"") != std::string::npos);
  CHECK(m.find("overlays[0].regions[1].evidence: unknown evidence level \"rumour\"") != std::string::npos);
  CHECK(m.find("label_sets[0].landmarks[0]: unknown landmark \"cube_back\"") != std::string::npos);
}

TEST_CASE("teaching transfer: a later include overrides a landmark, within one file a duplicate is an error") {
  fs::path file = writeAtlas("transfer_landmarks", R"(, "include": ["points.json", "teach.json"])");
  test::writeText(file.parent_path() / "points.json",
                  R"({"landmarks": [{"id": "cube_front", "name": "Front of this cube", "position": [-0.25, 0.1, 0.15]}]})");
  test::writeText(file.parent_path() / "teach.json", R"({"overlays": [{"id": "o", "name": "O", "layer": "attachments",
    "regions": [)" + region("r", R"("diamond")", R"("cube")", R"({"at": "cube_front", "radius": 0.05})") + "]}]}");
  Atlas atlas = loadAtlas(file);
  REQUIRE(atlas.landmarks.size() == 1);
  CHECK(atlas.landmarks[0].name == "Front of this cube");
  CHECK(atlas.landmarks[0].position.y == doctest::Approx(0.1f));
  // A shape anchored to the landmark follows the override (the shapes are read after every landmark).
  CHECK(atlas.regions[0].shapes[0].a.y == doctest::Approx(0.1f));

  test::writeText(file.parent_path() / "points.json", R"({"landmarks": [
    {"id": "cube_front", "name": "A", "position": [0, 0, 0]}, {"id": "cube_front", "name": "B", "position": [0, 0, 0]}]})");
  std::string m = loadError(file);
  INFO(m);
  CHECK(m.find("points.json: landmarks[1].id: duplicate landmark id \"cube_front\"") != std::string::npos);
}
