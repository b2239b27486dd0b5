// Teaching files: a small valid one loads, bad ones are refused with the file, the JSON path and the problem.
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
// ---- Small teaching atlas written to disk, for the error cases ----

struct TinyAtlas {
  json atlas = json::parse(R"({
    "schema": 1, "title": "tiny", "include": ["teach.json"],
    "structures": [
      {"id": "bone", "name": "Bone", "group": "bone", "side": "right", "mesh": "cube.obj", "color": "#e3d8c1",
       "description": "", "sources": []},
      {"id": "muscle", "name": "Muscle", "group": "muscle", "side": "right", "mesh": "cube.obj", "color": "#b0413e",
       "description": "", "sources": [], "facts": "muscle_sheet"}
    ],
    "landmarks": [{"id": "corner", "name": "Corner", "position": [-0.1, 0.15, 0.15]}]
  })");
  json teach = json::parse(R"({
    "schema": 1, "_comment": "minimal teaching data",
    "evidence_levels": [{"id": "textbook", "name": "Textbook anatomy", "description": "Agreed."}],
    "region_styles": [
      {"id": "origin", "name": "Origin", "color": "#d7301f", "pattern": "solid", "border": true},
      {"id": "spillover", "name": "Spillover", "color": "#e0301e", "pattern": "stipple"}
    ],
    "overlays": [
      {"id": "muscle", "name": "Muscle", "layer": "attachments",
       "regions": [
         {"id": "muscle_origin", "style": "origin", "side": "right", "structures": ["muscle"], "name": "origin",
          "text": "the corner", "on": ["bone"], "shapes": [{"at": "corner", "radius": 0.05}],
          "evidence": "textbook", "sources": ["a book"]}
       ],
       "trigger_points": [
         {"id": "muscle_tp", "name": "Trigger point", "side": "right", "structure": "muscle",
          "at": [-0.25, 0.0, 0.0], "zones": ["muscle_origin"], "evidence": "textbook", "sources": ["a book"]}
       ]},
      {"id": "muscle_referral", "name": "Muscle referral", "layer": "referral",
       "regions": [
         {"id": "muscle_zone", "style": "spillover", "side": "right", "structures": ["muscle"], "name": "zone",
          "on": ["bone"], "shapes": [{"from": [-0.4, 0, 0], "to": [-0.1, 0, 0], "radius": 0.02}],
          "evidence": "textbook", "sources": ["a book"]}
       ],
       "trigger_points": []}
    ],
    "symptoms": [
      {"id": "ache", "name": "Ache", "evidence": "textbook", "explanation": "It aches.",
       "regions": ["muscle_zone"], "structures": ["muscle"], "red_flag": false, "sources": ["a book"]}
    ],
    "fact_sheets": [
      {"id": "muscle_sheet", "facts": [{"topic": "Origin", "text": "The corner.", "evidence": "textbook",
                                        "sources": ["a book"]}]}
    ],
    "label_sets": [{"id": "bones", "name": "Bones", "structures": ["bone"]}]
  })");
  json extra;  // a second included file, written when not null

  // Writes the files to a fresh directory and loads the atlas; returns the AtlasError message, or "".
  std::string load(const fs::path& dir, Atlas* out = nullptr) const {
    fs::create_directories(dir);
    fs::copy_file(test::sourceDir() / "tests" / "data" / "cube.obj", dir / "cube.obj",
                  fs::copy_options::overwrite_existing);
    test::writeText(dir / "atlas.json", atlas.dump(2));
    test::writeText(dir / "teach.json", teach.dump(2));
    if (!extra.is_null()) test::writeText(dir / "extra.json", extra.dump(2));
    try {
      Atlas a = loadAtlas(dir / "atlas.json");
      if (out) *out = std::move(a);
    } catch (const AtlasError& e) {
      return e.what();
    }
    return "";
  }
};

json& firstRegion(json& teach) { return teach["overlays"][0]["regions"][0]; }

}  // namespace

TEST_CASE("teaching: the tiny test atlas with an included teaching file is valid") {
  TinyAtlas tiny;
  Atlas a;
  fs::path dir = test::scratchDir("teaching_tiny_ok");
  REQUIRE(tiny.load(dir, &a) == "");
  CHECK(a.overlays.size() == 2);
  CHECK(a.regions.size() == 2);
  REQUIRE(a.triggerPoints.size() == 1);
  CHECK(a.triggerPoints[0].zones == std::vector<int>{a.findRegion("muscle_origin")});
  CHECK(a.structures[std::size_t(a.findStructure("muscle"))].factSheet == 0);
  // The cube spans x -0.4..-0.1 and y, z -0.15..0.15: the corner's sphere paints some of it.
  const Region& r = region(a, "muscle_origin");
  auto paint = painted(a, r);
  CHECK_FALSE(paint.empty());
  CHECK(paint.size() < meshOf(a, a.findStructure("bone")).positions.size());
}

TEST_CASE("teaching: bad teaching data names the file, the JSON path and the problem") {
  struct Case {
    const char* name;
    std::function<void(TinyAtlas&)> mutate;
    const char* file;  // atlas.json, teach.json or extra.json
    std::string path, words;
  };
  auto regionExtra = [](TinyAtlas& t) {
    json r = firstRegion(t.teach);
    t.extra = {{"schema", 1},
               {"overlays", json::array({{{"id", "other"}, {"name", "Other"}, {"layer", "attachments"},
                                          {"regions", json::array({r})}}})}};
    t.atlas["include"].push_back("extra.json");
  };
  const Case cases[] = {
      {"unknown region style", [](TinyAtlas& t) { firstRegion(t.teach)["style"] = "origni"; }, "teach.json",
       "overlays[0].regions[0].style", "unknown region style \"origni\" (known: origin, spillover)"},
      {"unknown landmark", [](TinyAtlas& t) { firstRegion(t.teach)["shapes"][0]["at"] = "nowhere"; }, "teach.json",
       "overlays[0].regions[0].shapes[0].at", "unknown landmark \"nowhere\" (known: corner)"},
      // An unknown structure in an included file is skipped with a warning, not an error
      // (test_teaching_transfer.cpp); in the atlas's own file it still is one.
      {"no shapes", [](TinyAtlas& t) { firstRegion(t.teach)["shapes"] = json::array(); }, "teach.json",
       "overlays[0].regions[0].shapes", "a region needs at least one shape"},
      {"radius 0", [](TinyAtlas& t) { firstRegion(t.teach)["shapes"][0]["radius"] = 0; }, "teach.json",
       "overlays[0].regions[0].shapes[0].radius", "must be between 1e-05 and 0.5, got 0"},
      {"radius 2", [](TinyAtlas& t) { firstRegion(t.teach)["shapes"][0]["radius"] = 2; }, "teach.json",
       "overlays[0].regions[0].shapes[0].radius", "must be between 1e-05 and 0.5, got 2"},
      {"sphere and capsule",
       [](TinyAtlas& t) { firstRegion(t.teach)["shapes"][0]["from"] = json::array({0, 0, 0}); }, "teach.json",
       "overlays[0].regions[0].shapes[0]", "a shape is either a sphere (\"at\") or a capsule (\"from\", \"to\")"},
      {"red flag without advice", [](TinyAtlas& t) { t.teach["symptoms"][0]["red_flag"] = true; }, "teach.json",
       "symptoms[0]", "a red-flag symptom needs \"advice\""},
      {"unknown evidence level", [](TinyAtlas& t) { firstRegion(t.teach)["evidence"] = "hearsay"; }, "teach.json",
       "overlays[0].regions[0].evidence", "unknown evidence level \"hearsay\" (known: textbook)"},
      {"empty sources", [](TinyAtlas& t) { t.teach["fact_sheets"][0]["facts"][0]["sources"] = json::array(); },
       "teach.json", "fact_sheets[0].facts[0].sources", "list at least one source"},
      {"missing include", [](TinyAtlas& t) { t.atlas["include"].push_back("missing.json"); }, "atlas.json",
       "include[1]", "cannot read the included file: "},
      {"included twice", [](TinyAtlas& t) { t.atlas["include"].push_back("./teach.json"); }, "atlas.json",
       "include[1]", "teach.json\" is included twice"},
      {"pattern dots", [](TinyAtlas& t) { t.teach["region_styles"][1]["pattern"] = "dots"; }, "teach.json",
       "region_styles[1].pattern", "expected \"solid\" or \"stipple\", got \"dots\""},
      {"trigger point zone in another overlay",
       [](TinyAtlas& t) {
         json tp = t.teach["overlays"][0]["trigger_points"][0];
         tp["id"] = "referral_tp";
         tp["zones"] = {"muscle_zone", "muscle_origin"};
         t.teach["overlays"][1]["trigger_points"].push_back(tp);
       },
       "teach.json", "overlays[1].trigger_points[0].zones[1]",
       "zone \"muscle_origin\" belongs to another overlay"},
      {"region id repeated in another included file", regionExtra, "extra.json", "overlays[0].regions[0].id",
       "duplicate region id \"muscle_origin\""},
      {"unknown fact sheet", [](TinyAtlas& t) { t.atlas["structures"][1]["facts"] = "muscle_shet"; }, "atlas.json",
       "structures[1].facts", "unknown fact sheet \"muscle_shet\" (known: muscle_sheet)"},
      {"empty label set", [](TinyAtlas& t) { t.teach["label_sets"][0].erase("structures"); }, "teach.json",
       "label_sets[0]", "a label set needs \"structures\", \"landmarks\" or \"layer\""},
      {"typo in a region field",
       [](TinyAtlas& t) {
         json& r = firstRegion(t.teach);
         r["sourcse"] = r["sources"];
         r.erase("sources");
       },
       "teach.json", "overlays[0].regions[0].sourcse", "unknown field (expected one of: id, style, side"},
  };
  int n = 0;
  for (const Case& c : cases) {
    INFO("case: " << c.name);
    TinyAtlas tiny;
    c.mutate(tiny);
    fs::path dir = test::scratchDir("teaching_bad_" + std::to_string(n++));
    std::string msg = tiny.load(dir);
    INFO("message: " << msg);
    std::string head = (dir / c.file).string() + ": " + c.path + ": ";
    CHECK(msg.rfind(head, 0) == 0);
    CHECK(msg.find(c.words, head.size()) != std::string::npos);
  }
}
