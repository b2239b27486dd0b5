// Stories (GL-free): parsing good and bad files with the JSON path in every message, the checks against
// the atlas, the built-in stories, caption numbers and the interpolation between steps.
#include <doctest/doctest.h>

#include <cmath>

#include "core/atlas.hpp"
#include "core/errors.hpp"
#include "core/file_util.hpp"
#include "core/muscle_path.hpp"
#include "core/posed_atlas.hpp"
#include "app/session.hpp"
#include "app/story_player.hpp"
#include "core/story.hpp"
#include "test_support.hpp"

using namespace psoas;
namespace fs = std::filesystem;

namespace {
const char* kGood = R"({
  "format": "psoas-atlas-story", "version": 1, "id": "mine", "title": "My story", "summary": "Two steps.",
  "symptoms": ["low_back_band"],
  "steps": [
    {"title": "One", "caption": "Standing.", "evidence": ["textbook"], "scene": {"view": "left", "hidden": ["skin"]}},
    {"caption": "Sitting: {length_mm:psoas_major_l} mm.", "evidence": ["illustrative", "popular"], "transition_s": 2,
     "scene": {"view": "anterior", "pose": {"preset": "sitting"}, "overlays": ["iliopsoas"], "symptom": "low_back_band"}}
  ]})";

// The message parseStory gives for `text`, or "" if it parsed.
std::string parseError(const std::string& text) {
  try {
    parseStory(text, "bad.json");
  } catch (const StateError& e) {
    return e.what();
  }
  return "";
}
std::string checkError(const std::string& text) {
  try {
    checkStory(test::builtinAtlasData(), parseStory(text, "bad.json"));
  } catch (const StateError& e) {
    return e.what();
  }
  return "";
}
std::string step(const std::string& inner) {
  return R"({"format": "psoas-atlas-story", "version": 1, "id": "x", "title": "X", "steps": [)" + inner + "]}";
}
}  // namespace

TEST_CASE("story: a good file parses, step by step") {
  Story s = parseStory(kGood, "mine.json");
  CHECK(s.id == "mine");
  CHECK(s.title == "My story");
  REQUIRE(s.steps.size() == 2);
  CHECK(s.steps[0].title == "One");
  CHECK(s.steps[0].scene.view == "left");
  CHECK(s.steps[0].scene.hidden == std::vector<std::string>{"skin"});
  CHECK(s.steps[0].transitionS == 1.0);
  CHECK(s.steps[1].transitionS == 2.0);
  CHECK(s.steps[1].scene.pose.preset == "sitting");
  CHECK(s.steps[1].evidence == std::vector<std::string>{"illustrative", "popular"});
  CHECK(s.symptoms == std::vector<std::string>{"low_back_band"});
  CHECK_NOTHROW(checkStory(test::builtinAtlasData(), s));
}

TEST_CASE("story: bad files name the file and the JSON path of the problem") {
  CHECK(parseError(R"({"format": "psoas-atlas-view", "version": 1})").find("bad.json: format: expected \"psoas-atlas-story\"") == 0);
  CHECK(parseError(R"({"format": "psoas-atlas-story", "version": 3, "id": "x", "title": "X", "steps": []})")
            .find("version: the file is version 3") != std::string::npos);
  CHECK(parseError(step("")).find("steps: a story needs at least one step") != std::string::npos);
  CHECK(parseError(step(R"({"evidence": ["textbook"], "scene": {}})")).find("steps[0]: missing required field \"caption\"") != std::string::npos);
  CHECK(parseError(step(R"({"caption": "a", "evidence": [], "scene": {}})")).find("steps[0].evidence: every caption needs") != std::string::npos);
  CHECK(parseError(step(R"({"caption": "a", "evidence": ["textbook"], "scene": {}, "colour": 1})")).find("steps[0].colour: unknown field") != std::string::npos);
  CHECK(parseError(step(R"({"caption": "a", "evidence": ["textbook"], "scene": {}}, {"caption": "b", "evidence": ["textbook"], "scene": {"hidden": "skin"}})"))
            .find("steps[1].scene.hidden: expected an array, got the string \"skin\" (step 2)") != std::string::npos);
  CHECK(parseError(step(R"({"caption": "a", "evidence": ["textbook"], "scene": {"version": 3}})")).find("steps[0].scene.version: belongs to the story") != std::string::npos);
  CHECK(parseError(step(R"({"caption": "line\nbreak", "evidence": ["textbook"], "scene": {}})")).find("steps[0].caption: must be plain text") != std::string::npos);
  CHECK(parseError(step(R"({"caption": "a", "evidence": ["textbook"], "scene": {}, "transition_s": 60})")).find("steps[0].transition_s: must be between 0 and 10") != std::string::npos);
  CHECK(parseError("{\"format\": ").find("bad.json:") == 0);
}

TEST_CASE("story: ids the atlas does not know are reported at the step's path") {
  CHECK(checkError(step(R"({"caption": "a", "evidence": ["textbook"], "scene": {"hidden": ["spleen"]}})"))
            .find("bad.json: steps[0].scene.hidden[0]: unknown structure id \"spleen\"") == 0);
  CHECK(checkError(step(R"({"caption": "a", "evidence": ["textbook"], "scene": {}}, {"caption": "b", "evidence": ["textbook"], "scene": {"view": "top"}})"))
            .find("steps[1].scene.view: unknown view \"top\"") != std::string::npos);
  CHECK(checkError(step(R"({"caption": "a", "evidence": ["hearsay"], "scene": {}})"))
            .find("steps[0].evidence[0]: unknown evidence level \"hearsay\"") != std::string::npos);
  CHECK(checkError(step(R"({"caption": "a", "evidence": ["textbook"], "scene": {"pose": {"preset": "slouch"}}})"))
            .find("steps[0].scene.pose.preset: unknown pose") != std::string::npos);
  CHECK(checkError(step(R"({"caption": "a", "evidence": ["textbook"], "scene": {"pose": {"joints": {"hip_flexion_l": 200}}}})"))
            .find("steps[0].scene.pose.joints:") != std::string::npos);
  CHECK(checkError(step(R"({"caption": "{length_mm:spleen}", "evidence": ["textbook"], "scene": {}})"))
            .find("steps[0].caption: {length_mm:spleen}") != std::string::npos);
  CHECK(checkError(step(R"({"caption": "{weight:psoas_major_l}", "evidence": ["textbook"], "scene": {}})"))
            .find("unknown number") != std::string::npos);
}

TEST_CASE("story: every built-in story loads, is named after its file and passes the atlas checks") {
  auto files = builtinStoryFiles();
  CHECK(files.size() >= 6);
  for (const char* id : {"where_it_lies", "why_sitting", "where_it_hurts", "gentle_stretch", "exercises", "see_a_clinician"})
    CHECK(findStory(id).stem() == id);
  const Atlas& atlas = test::builtinAtlasData();
  for (const fs::path& f : files) {
    INFO(f.string());
    Story s = loadStory(f);
    CHECK(s.id == f.stem().string());
    CHECK_NOTHROW(checkStory(atlas, s));
    if (!s.exercises.empty()) CHECK(fs::exists(findStory(s.exercises)));
    for (const StoryStep& st : s.steps) {
      CHECK(!st.title.empty());
      CHECK(!st.evidence.empty());
      std::string text = expandCaption(atlas, st.caption, effectivePose(atlas.motion, st.scene.pose));
      CHECK(text.find('{') == std::string::npos);
    }
  }
  CHECK_THROWS_AS(findStory("no_such_story"), UsageError);
}

TEST_CASE("story: caption numbers are the measured lengths of the step's pose") {
  const Atlas& atlas = test::builtinAtlasData();
  Pose sitting = effectivePose(atlas.motion, Pose{"sitting", {}});
  double len = 0, standing = 0;
  for (const auto& m : measureMuscles(atlas.motion, sitting))
    if (m.id == "psoas_major_l") len = m.lengthMm, standing = m.standingLengthMm;
  REQUIRE(len > 0);
  REQUIRE(len < standing);  // sitting shortens it
  std::string text = expandCaption(atlas, "{length_mm:psoas_major_l} {change_mm:psoas_major_l} {percent:psoas_major_l}", sitting);
  char want[64];
  std::snprintf(want, sizeof want, "%.0f %+.0f %.0f", len, len - standing, len / standing * 100.0);
  CHECK(text == want);
  CHECK(expandCaption(atlas, "{change_mm:psoas_major_l} mm", Pose{}) == "0 mm");
  CHECK_THROWS_AS(expandCaption(atlas, "an { unclosed", Pose{}), UsageError);
  // why_sitting's second step says what measure says.
  Story ws = loadStory(findStory("why_sitting"));
  std::snprintf(want, sizeof want, "%.0f mm", len);
  CHECK(expandCaption(atlas, ws.steps[1].caption, effectivePose(atlas.motion, ws.steps[1].scene.pose)).find(want) !=
        std::string::npos);
}

TEST_CASE("story: step lists count from 1 and stay in range") {
  CHECK(parseStepList("1,3,4", 4) == std::vector<int>{1, 3, 4});
  CHECK(parseStepList("2", 2) == std::vector<int>{2});
  for (const char* bad : {"0", "5", "1,,2", "", "1.5", "x", "-1", "2,"}) {
    INFO(bad);
    CHECK_THROWS_AS(parseStepList(bad, 4), UsageError);
  }
}

TEST_CASE("story: interpolation between two scenes") {
  const Atlas& atlas = test::builtinAtlasData();
  SceneState a = SceneState::fromAtlas(atlas), b = a;
  int skin = atlas.findStructure("skin"), femur = atlas.findStructure("femur_l");
  REQUIRE(skin >= 0);
  a.structures[std::size_t(skin)].visible = true;
  a.structures[std::size_t(skin)].opacity = 0.8f;
  b.structures[std::size_t(skin)].visible = false;
  b.structures[std::size_t(femur)].opacity = 0.2f;
  a.camera.target = {0, 0, 0};
  b.camera.target = {0.2f, 0, 0};
  a.camera.distance = 1.f;
  b.camera.distance = 4.f;
  b.pose.joints["hip_flexion_l"] = 90;
  b.overlays.assign(atlas.overlays.size(), true);
  a.clip = {true, ClipPlane::Axis::Transverse, 0.1f, false};
  b.clip = {true, ClipPlane::Axis::Transverse, 0.3f, false};

  CHECK(interpolateScene(a, b, 0.0) == a);
  CHECK(interpolateScene(a, b, -1.0) == a);
  CHECK(interpolateScene(a, b, 1.0) == b);
  SceneState mid = interpolateScene(a, b, 0.5);  // the ease is symmetric: halfway is halfway
  CHECK(mid.structures[std::size_t(skin)].visible);
  CHECK(mid.structures[std::size_t(skin)].opacity == doctest::Approx(0.4));
  CHECK(mid.structures[std::size_t(femur)].opacity == doctest::Approx(0.6));
  CHECK(mid.camera.target.x == doctest::Approx(0.1));
  CHECK(mid.camera.distance == doctest::Approx(2.0));  // halfway in log distance: zooming feels even
  CHECK(mid.pose.angle("hip_flexion_l") == doctest::Approx(45.0));
  CHECK(mid.clip.offset == doctest::Approx(0.2));
  // Eased: slow at the ends.
  SceneState early = interpolateScene(a, b, 0.1);
  CHECK(early.pose.angle("hip_flexion_l") < 9.0);
  CHECK(early.pose.angle("hip_flexion_l") > 0.0);
  // What cannot fade switches halfway.
  CHECK(interpolateScene(a, b, 0.4).overlays == a.overlays);
  CHECK(interpolateScene(a, b, 0.6).overlays == b.overlays);
  // A structure nearly faded out is no longer drawn.
  CHECK(!interpolateScene(a, b, 0.9999).structures[std::size_t(skin)].visible);
}

TEST_CASE("story player: stepping animates from the scene shown to the step's, and stays in range") {
  const Atlas& atlas = test::builtinAtlasData();
  StoryPlayer player;
  CHECK(!player.active());
  SceneState now = SceneState::fromAtlas(atlas);
  player.start(loadStory(findStory("why_sitting")), atlas, now, 10.0, 4.f / 3.f);
  REQUIRE(player.active());
  CHECK(player.step() == 1);
  CHECK(player.stepCount() == 3);
  REQUIRE(player.captions().size() == 3);
  CHECK(player.captions()[1].find('{') == std::string::npos);
  auto end = player.update(10.0 + 5.0);  // past the transition: the step's own scene
  REQUIRE(end);
  CHECK(!player.moving());
  CHECK(!player.update(16.0));
  SceneState step1 = *end;
  CHECK(!step1.structures[std::size_t(atlas.findStructure("skin"))].visible);

  CHECK(player.go(2, atlas, step1, 20.0, 4.f / 3.f));
  double sit = effectivePose(atlas.motion, Pose{"sitting", {}}).angle("hip_flexion_l");
  REQUIRE(sit > 45.0);
  auto half = player.update(20.0 + 0.75);  // halfway through its 1.5 s
  REQUIRE(half);
  CHECK(half->pose.angle("hip_flexion_l") == doctest::Approx(sit / 2).epsilon(0.01));
  auto done = player.update(20.0 + 1.5);
  REQUIRE(done);
  CHECK(done->pose.angle("hip_flexion_l") == doctest::Approx(sit));
  CHECK(!player.go(2, atlas, *done, 30.0, 1.f));  // already there
  CHECK(player.go(9, atlas, *done, 30.0, 1.f));    // kept within the story
  CHECK(player.step() == 3);
  player.stop();
  CHECK(!player.active());
  CHECK(!player.go(1, atlas, now, 40.0, 1.f));
  Story bad = loadStory(findStory("why_sitting"));
  bad.steps[0].scene.hidden = {"spleen"};
  CHECK_THROWS_AS(player.start(bad, atlas, now, 0.0, 1.f), StateError);
  CHECK(!player.active());
}

TEST_CASE("story: a story file opened or dropped in the window is recognised as a story") {
  fs::path dir = test::scratchDir("story_classify");
  test::writeText(dir / "mine.json", kGood);
  CHECK(session::classify(dir / "mine.json") == session::FileKind::Story);
  CHECK(session::classify(findStory("why_sitting")) == session::FileKind::Story);
  test::writeText(dir / "state.json", R"({"format": "psoas-atlas-view", "version": 3})");
  CHECK(session::classify(dir / "state.json") == session::FileKind::ViewState);
}
