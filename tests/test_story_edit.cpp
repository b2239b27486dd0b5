// Stories made in the window (GL-free): the writer gives back what the parser reads (every built-in story
// and an edited one), the editing operations with their bounds, the refusal to write an incomplete story,
// the player's edit state, and a saved story opened again (window, drop, CLI).
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <sys/stat.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include "app/session.hpp"
#include "app/story_player.hpp"
#include "core/actions.hpp"
#include "core/atlas.hpp"
#include "core/errors.hpp"
#include "core/story.hpp"
#include "core/story_edit.hpp"
#include "test_support.hpp"
#include "ui/panel_text.hpp"

using namespace psoas;
namespace fs = std::filesystem;

namespace {
// A scene that uses every field a step saves: turned camera, hidden and faded structures, selection,
// ghost, overlays, side, symptom, labels, a cut at an odd offset and a posed skeleton.
SceneState busyScene(const Atlas& atlas) {
  SceneState s = SceneState::fromAtlas(atlas);
  s.camera.orientation = glm::normalize(glm::quat(0.9f, 0.1f, 0.4f, -0.05f));
  s.camera.distance = 1.234567f;
  s.camera.target = {0.01f, 0.9f, -0.02f};
  s.camera.sceneRadius = 0.8f;
  s.camera.shift = {0.2f, 0.f};  // the window's lens shift: never saved
  actions::hide(s, atlas.findStructure("skin"));
  actions::setOpacity(s, atlas.findStructure("hip_bone_l"), 0.3f);
  actions::select(s, atlas.findStructure("psoas_major_l"));
  actions::setGhost(s, true);
  actions::setOverlay(s, atlas.findOverlay("iliopsoas"), true);
  actions::setReferralSide(s, Side::Right);
  actions::chooseSymptom(atlas, s, findId(atlas.symptoms, "low_back_band"));
  actions::setLabelSet(s, "muscles", true);
  ClipPlane clip;
  clip.enabled = true;
  clip.axis = ClipPlane::Axis::Transverse;
  clip.offset = 0.2123456789f;  // not on the micrometre grid the file keeps
  actions::setClip(s, clip);
  REQUIRE(actions::choosePosePreset(atlas, s, "sitting"));
  return s;
}

Story threeSteps() {
  Story s;
  s.id = "t";
  s.title = "T";
  for (const char* c : {"one", "two", "three"}) {
    StoryStep st;
    st.caption = c;
    st.evidence = {"textbook"};
    s.steps.push_back(st);
  }
  return s;
}
std::string captions(const Story& s) {
  std::string out;
  for (const auto& st : s.steps) out += st.caption + " ";
  return out;
}
std::string usageError(auto&& f) {
  try {
    f();
  } catch (const UsageError& e) {
    return e.what();
  }
  return "";
}
}  // namespace

TEST_CASE("story writer: every built-in story reads back the same, and writes the same text again") {
  REQUIRE(builtinStoryFiles().size() >= 6);
  for (const fs::path& file : builtinStoryFiles()) {
    INFO(file.string());
    Story s = loadStory(file);
    std::string text = storyToJson(s);
    Story back = parseStory(text, "again.json");
    CHECK(back == s);
    CHECK(storyToJson(back) == text);
    checkStory(test::builtinAtlasData(), back);
  }
  // A pose given by preset alone stays one (the view state's writer would drop it as "standing").
  Story ex = loadStory(findStory("exercises"));
  REQUIRE(ex.steps[0].scene.pose.joints.empty());
  CHECK(parseStory(storyToJson(ex), "x.json").steps[0].scene.pose.preset == "glute_bridge");
}

TEST_CASE("story writer: the header comes first, defaults are left out, non-ASCII is escaped") {
  Story s = threeSteps();
  s.steps[0].caption = "Hüfte";
  std::string text = storyToJson(s);
  CHECK(text.rfind("{\n  \"format\": \"psoas-atlas-story\",\n  \"version\": 1,\n  \"id\": \"t\",\n  \"title\": \"T\",\n", 0) == 0);
  CHECK(text.find("\\u00fc") != std::string::npos);
  for (unsigned char c : text) CHECK(c < 0x80);
  nlohmann::json j = nlohmann::json::parse(text);
  CHECK(!j.contains("summary"));
  CHECK(!j["steps"][0].contains("transition_s"));
  CHECK(!j["steps"][0].contains("title"));
  CHECK(!j["steps"][0]["scene"].contains("figure"));
  CHECK(!j["steps"][0]["scene"].contains("pose"));
  CHECK(parseStory(text, "x.json") == s);
}

TEST_CASE("story writer: version 2 only when a step holds pins, a newer version is refused by name, version 1 loads") {
  Story s = threeSteps();
  auto version = [](const std::string& text) { return nlohmann::json::parse(text)["version"].get<int>(); };
  CHECK(version(storyToJson(s)) == 1);  // nothing new: an older Psoas Atlas still opens it
  PinSpec pin;
  pin.structure = "cube";
  pin.point = {0.f, 0.f, 0.15f};
  pin.text = "here";
  s.steps[1].scene.pins.push_back(pin);
  const std::string text = storyToJson(s);
  CHECK(version(text) == 2);
  CHECK(Story::kVersion == 2);
  CHECK(parseStory(text, "x.json") == s);

  // What an older program says of a newer file, and what this one says of version 3.
  auto bumped = nlohmann::json::parse(text);
  bumped["version"] = Story::kVersion + 1;
  std::string error;
  try {
    (void)parseStory(bumped.dump(), "/x/new.json");
  } catch (const std::exception& e) {
    error = e.what();
  }
  CHECK(error.find("new.json") != std::string::npos);
  CHECK(error.find("written by a newer Psoas Atlas") != std::string::npos);
  CHECK(error.find("unknown field") == std::string::npos);

  // Version 1 files load as before (with pins too: they were written as version 1 before the bump).
  auto old = nlohmann::json::parse(text);
  old["version"] = 1;
  CHECK(parseStory(old.dump(), "/x/old.json") == s);
}

TEST_CASE("story editing: a story made from views reads back the same after every kind of edit") {
  const Atlas& atlas = test::builtinAtlasData();
  SceneState busy = busyScene(atlas);
  Story s = loadStory(findStory("why_sitting"));
  const std::size_t n = s.steps.size();
  CHECK(insertStep(s, 1, stepFromScene(atlas, busy, defaultEvidence(atlas, s, 1))) == 2);
  REQUIRE(s.steps.size() == n + 1);
  const ViewState& scene = s.steps[1].scene;
  CHECK(scene.camera);
  CHECK(scene.camera->shift == glm::vec2(0.f));
  CHECK(scene.hidden == std::vector<std::string>{"skin"});
  CHECK(scene.selected == "psoas_major_l");
  CHECK(std::find(scene.overlays.begin(), scene.overlays.end(), "iliopsoas") != scene.overlays.end());
  CHECK(scene.referralSide == "right");
  CHECK(scene.symptom == "low_back_band");
  CHECK(scene.labelSets == std::vector<std::string>{"muscles"});
  REQUIRE(scene.clip);
  CHECK(scene.clip->offset == doctest::Approx(0.2123457).epsilon(1e-6));
  CHECK(scene.pose == busy.pose);
  CHECK(s.steps[1].evidence == s.steps[0].evidence);  // as the step before
  setCaption(s, 2, "The psoas,\nfrom the right.\tCut at L3.");
  CHECK(s.steps[1].caption == "The psoas, from the right. Cut at L3.");
  setStepTitle(s, 2, "From the right");
  setEvidence(s, 2, {"documented", "illustrative"});
  CHECK(moveStep(s, 2, +1) == 3);
  CHECK(s.steps[2].title == "From the right");
  deleteStep(s, 1);
  renameStory(s, "Sitting, my version!");
  CHECK(s.id == "sitting_my_version");
  CHECK(s.title == "Sitting, my version!");

  fs::path file = test::scratchDir("story_edit") / "mine.json";
  writeStoryFile(s, file);
  Story back = loadStory(file);
  CHECK(back == s);
  CHECK(back.file == file);
  checkStory(atlas, back);
  // The step's scene, applied, is the scene it was made from (the lens shift aside).
  SceneState shown = applyViewState(atlas, back.steps[1].scene, file);
  CHECK(shown.camera.orientation == busy.camera.orientation);
  CHECK(shown.camera.distance == busy.camera.distance);
  CHECK(shown.structures == busy.structures);
  CHECK(shown.pose == busy.pose);
  CHECK(shown.labelSets == busy.labelSets);
  CHECK(shown.referralSide == Side::Right);
}

TEST_CASE("story editing: each operation, and step numbers out of range") {
  Story s = threeSteps();
  CHECK(moveStep(s, 1, +1) == 2);
  CHECK(captions(s) == "two one three ");
  CHECK(moveStep(s, 2, -1) == 1);
  CHECK(captions(s) == "one two three ");
  CHECK(usageError([&] { moveStep(s, 1, -1); }) == "step 1 is already the first");
  CHECK(usageError([&] { moveStep(s, 3, +1); }) == "step 3 is already the last");
  CHECK(usageError([&] { moveStep(s, 4, -1); }) == "cannot move step 4: the story has steps 1..3");
  CHECK(usageError([&] { moveStep(s, 0, +1); }) == "cannot move step 0: the story has steps 1..3");
  CHECK(usageError([&] { moveStep(s, 2, 2); }).find("one place") != std::string::npos);
  CHECK(usageError([&] { setCaption(s, 4, "x"); }) == "cannot write the caption of step 4: the story has steps 1..3");
  CHECK(usageError([&] { setStepTitle(s, -1, "x"); }).find("step -1") != std::string::npos);
  CHECK(usageError([&] { setEvidence(s, 9, {}); }).find("step 9") != std::string::npos);
  CHECK(usageError([&] { insertStep(s, 4, StoryStep{}); }).find("after step 4") != std::string::npos);
  CHECK(usageError([&] { insertStep(s, -1, StoryStep{}); }).find("after step -1") != std::string::npos);
  CHECK(captions(s) == "one two three ");  // nothing changed by the refusals
  StoryStep first;
  first.caption = "zero";
  CHECK(insertStep(s, 0, first) == 1);
  CHECK(insertStep(s, 4, StoryStep{}) == 5);
  CHECK(captions(s) == "zero one two three  ");
  deleteStep(s, 5);
  deleteStep(s, 1);
  CHECK(captions(s) == "one two three ");
  CHECK(usageError([&] { deleteStep(s, 4); }) == "cannot delete step 4: the story has steps 1..3");
  deleteStep(s, 2);
  deleteStep(s, 1);
  CHECK(captions(s) == "three ");
  CHECK(usageError([&] { deleteStep(s, 1); }).find("only step") != std::string::npos);
  CHECK(s.steps.size() == 1);
  CHECK(usageError([&] { renameStory(s, "  \n "); }) == "a story needs a title");
  CHECK(usageError([&] { renameStory(s, std::string(121, 'a')); }).find("at most 120") != std::string::npos);
  CHECK(s.title == "T");
  CHECK(storyIdFor("  Why I stretch -- daily ") == "why_i_stretch_daily");
  CHECK(storyIdFor("Hüfte") == "h_fte");
  CHECK(storyIdFor("!!!") == "story");
  CHECK(storyIdFor(std::string(100, 'x')).size() == 40);
}

TEST_CASE("story editing: the edit requests the panel sends, applied as the viewer does") {
  const Atlas& atlas = test::builtinAtlasData();
  SceneState now = SceneState::fromAtlas(atlas);
  Story s = threeSteps();
  using K = StoryEdit::Kind;
  CHECK(applyStoryEdit(atlas, s, {K::AddView, 3, "", {}}, now) == 4);
  CHECK(s.steps[3].evidence == std::vector<std::string>{"textbook"});
  CHECK(applyStoryEdit(atlas, s, {K::MoveUp, 4, "", {}}, now) == 3);
  CHECK(applyStoryEdit(atlas, s, {K::MoveDown, 1, "", {}}, now) == 2);
  CHECK(captions(s) == "two one  three ");
  CHECK(applyStoryEdit(atlas, s, {K::Delete, 4, "", {}}, now) == 3);  // the last: the new last is shown
  CHECK(applyStoryEdit(atlas, s, {K::Delete, 1, "", {}}, now) == 1);  // its follower takes its place
  CHECK(captions(s) == "one  ");
  CHECK(applyStoryEdit(atlas, s, {K::Caption, 2, "new\r\nline", {}}, now) == 2);
  CHECK(s.steps[1].caption == "new  line");
  CHECK_THROWS_AS(applyStoryEdit(atlas, s, {K::AddView, 5, "", {}}, now), UsageError);
  CHECK_THROWS_AS(applyStoryEdit(atlas, s, {K::Delete, 0, "", {}}, now), UsageError);
  CHECK(s.steps.size() == 2);
  Story fresh = newStory(atlas, now);
  CHECK(fresh.steps.size() == 1);
  CHECK(fresh.file.empty());
  CHECK(fresh.steps[0].evidence == std::vector<std::string>{"illustrative"});
  CHECK(fresh.steps[0].caption.empty());
}

TEST_CASE("story writer: an incomplete story or an unwritable place is refused, and nothing is written") {
  const Atlas& atlas = test::builtinAtlasData();
  fs::path dir = test::scratchDir("story_write_bad");
  Story s = newStory(atlas, SceneState::fromAtlas(atlas));
  fs::path file = dir / "new.json";
  std::string msg;
  try {
    writeStoryFile(s, file);
  } catch (const StateError& e) {
    msg = e.what();
  }
  CHECK(msg == file.string() + ": steps[0].caption: must not be empty (step 1)");
  CHECK(!fs::exists(file));
  setCaption(s, 1, std::string(801, 'a'));
  CHECK_THROWS_WITH_AS(writeStoryFile(s, file), doctest::Contains("at most 800"), StateError);
  setCaption(s, 1, "Fine.");
  setEvidence(s, 1, {});
  CHECK_THROWS_WITH_AS(writeStoryFile(s, file), doctest::Contains("steps[0].evidence"), StateError);
  setEvidence(s, 1, {"illustrative"});
  CHECK_THROWS_AS(writeStoryFile(s, dir / "no such dir" / "x.json"), OutputError);
  fs::create_directory(dir / "dir.json");
  CHECK_THROWS_AS(writeStoryFile(s, dir / "dir.json"), OutputError);
  if (geteuid() != 0) {  // root writes anywhere
    fs::create_directory(dir / "ro");
    chmod((dir / "ro").c_str(), 0555);
    CHECK_THROWS_AS(writeStoryFile(s, dir / "ro" / "x.json"), OutputError);
    chmod((dir / "ro").c_str(), 0755);
  }
  writeStoryFile(s, file);
  CHECK(loadStory(file) == s);
}

TEST_CASE("story player: a story made or edited in the window is modified until saved") {
  const Atlas& atlas = test::builtinAtlasData();
  SceneState now = SceneState::fromAtlas(atlas);
  StoryPlayer p;
  p.start(loadStory(findStory("why_sitting")), atlas, now, 0.0, 1.f);
  CHECK(!p.modified());
  using K = StoryEdit::Kind;
  CHECK_THROWS_AS(p.edit({K::Delete, 7, "", {}}, atlas, now, 1.0, 1.f), UsageError);
  CHECK(!p.modified());  // a refused edit changes nothing
  p.edit({K::AddView, 3, "", {}}, atlas, now, 1.0, 1.f);
  CHECK(p.modified());
  CHECK(p.stepCount() == 4);
  CHECK(p.step() == 4);
  CHECK(!p.moving());
  p.edit({K::Caption, 4, "Now {length_mm:psoas_major_l} mm", {}}, atlas, now, 1.0, 1.f);
  CHECK(p.captions()[3].find('{') == std::string::npos);
  CHECK(p.captionError(4).empty());
  p.edit({K::Caption, 4, "Now {length_mm:nothing} mm", {}}, atlas, now, 1.0, 1.f);
  CHECK(p.captions()[3] == "Now {length_mm:nothing} mm");  // shown as typed while it is wrong
  CHECK(p.captionError(4).find("nothing") != std::string::npos);
  p.edit({K::Delete, 4, "", {}}, atlas, now, 2.0, 1.f);
  CHECK(p.step() == 3);
  CHECK(p.moving());  // the step that takes its place is animated to
  fs::path file = test::scratchDir("story_player_edit") / "saved.json";
  p.edit({K::Rename, 1, "Saved", {}}, atlas, now, 2.0, 1.f);
  writeStoryFile(*p.story(), file);
  p.markSaved(file);
  CHECK(!p.modified());
  CHECK(p.story()->file == file);
  p.startNew(atlas, now, 3.0, 1.f);
  CHECK(p.modified());
  CHECK(p.stepCount() == 1);
  p.stop();
  CHECK(!p.modified());
}

TEST_CASE("story: a saved story opens again (File > Open, a dropped file, --story FILE on the command line)") {
  const Atlas& atlas = test::builtinAtlasData();
  fs::path dir = test::scratchDir("story_saved_open");
  Story s = loadStory(findStory("where_it_lies"));
  insertStep(s, int(s.steps.size()), stepFromScene(atlas, busyScene(atlas), {"illustrative"}));
  setCaption(s, int(s.steps.size()), "My own view.");
  renameStory(s, "Mine");
  fs::path file = dir / "mine.json";
  writeStoryFile(s, file);
  // The window opens a file (chosen or dropped) by what it is: this one goes to the story player.
  CHECK(session::classify(file) == session::FileKind::Story);
  CHECK(findStory(file.string()) == file);
  StoryPlayer p;
  p.start(loadStory(file), atlas, SceneState::fromAtlas(atlas), 0.0, 1.f);
  CHECK(p.stepCount() == int(s.steps.size()));
  std::string out;
  REQUIRE(test::runCli("render --story " + file.string() + " --all-steps --size 96x72 --ssaa 1 -q --out " +
                           (dir / "x.png").string(), out) == 0);
  for (std::size_t i = 1; i <= s.steps.size(); ++i) {
    char name[32];
    std::snprintf(name, sizeof name, "x-%02zu.png", i);
    CHECK(fs::exists(dir / name));
  }
}

TEST_CASE("story editor: a caption wrapped for its field folds back to the same caption") {
  auto chars = [](std::string_view t) { return float(t.size()); };
  CHECK(ui::wrapAtSpaces("aaa bbb ccc", 7.f, chars) == "aaa bbb\nccc");
  CHECK(ui::wrapAtSpaces("aaa bbb ccc", 3.f, chars) == "aaa\nbbb\nccc");
  CHECK(ui::wrapAtSpaces("aaaaaaaaaa b", 4.f, chars) == "aaaaaaaaaa\nb");  // a long word stays whole
  CHECK(ui::wrapAtSpaces("short", 40.f, chars) == "short");
  const std::string caption = "Sitting  for hours keeps the hip bent, so the psoas rests short: {percent:psoas_major_l} %.";
  for (float w : {1.f, 8.f, 20.f, 33.f, 500.f}) {
    std::string wrapped = ui::wrapAtSpaces(caption, w, chars);
    CHECK(oneLine(wrapped) == caption);
    std::size_t start = 0;  // no line wider than asked, unless it is one word
    for (std::size_t nl = wrapped.find('\n'); nl != std::string::npos; start = nl + 1, nl = wrapped.find('\n', start)) {
      std::string line = wrapped.substr(start, nl - start);
      CHECK((line.size() <= std::size_t(w) || line.find(' ') == std::string::npos));
    }
  }
}

TEST_CASE("story editing: a step's transition time, and where Save starts") {
  const Atlas a = loadAtlas(test::testAtlas());
  const SceneState scene = SceneState::fromAtlas(a);
  Story s = threeSteps();
  StoryEdit e{StoryEdit::Kind::Transition, 2};
  e.seconds = 2.5;
  CHECK(applyStoryEdit(a, s, e, scene) == 2);
  CHECK(s.steps[1].transitionS == 2.5);
  CHECK(s.steps[0].transitionS == 1.0);
  const Story before = s;
  for (double bad : {-0.1, 10.5, std::nan("")}) {
    e.seconds = bad;
    CHECK_THROWS_AS(applyStoryEdit(a, s, e, scene), UsageError);
  }
  e.seconds = 0.0;
  e.step = 4;
  CHECK_THROWS_AS(applyStoryEdit(a, s, e, scene), UsageError);
  CHECK(s == before);
  CHECK(parseStory(storyToJson(s), "x.json").steps[1].transitionS == 2.5);  // written and read back

  // Save starts at the user's own story file; a new story or a built-in one has none to start at.
  CHECK(storySaveTarget(s).empty());
  s.file = "/home/someone/stories/mine.json";
  CHECK(storySaveTarget(s) == s.file);
  Story builtin = loadStory(findStory("why_sitting"));
  CHECK(storySaveTarget(builtin).empty());
}
