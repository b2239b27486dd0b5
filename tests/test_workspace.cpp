// Issue 16, without a window: undo / redo over every scene action, shortcuts that leave text fields and
// modified keys alone, a symptom that keeps the user's side and selection, labels that fade with what they
// name (and a hand-added label that shows), the panels' text (names, search, facts, referral zones, cut
// presets), the pictures folder and error wording.
#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <functional>
#include <set>

#include <unistd.h>
#include <fstream>

#include "app/frame_stats.hpp"
#include "app/label_animation.hpp"
#include "core/actions.hpp"
#include "core/annotations.hpp"
#include "core/atlas.hpp"
#include "core/errors.hpp"
#include "core/history.hpp"
#include "core/resources.hpp"
#include "core/user_dirs.hpp"
#include "core/view_state.hpp"
#include "ui/commands.hpp"
#include "ui/error_text.hpp"
#include "ui/panel_text.hpp"

using namespace psoas;
namespace fs = std::filesystem;

namespace {
const Atlas& atlas() {
  static const Atlas a = loadAtlas(builtinAtlasPath());
  return a;
}
int id(const std::string& s) {
  int i = atlas().findStructure(s);
  INFO(s);
  REQUIRE(i >= 0);
  return i;
}
SceneState fresh() { return applyViewState(atlas(), ViewState{}, ""); }
struct Window {
  SceneState state = fresh();
  History history;
  ui::UiContext ui;
  Window() {
    ui.atlas = &atlas();
    ui.state = &state;
    ui.history = &history;
    history.reset(state);
  }
};
Annotations annotate(const SceneState& s) {
  return buildAnnotations(atlas(), s, 1600, 1000, [](const std::string& t) { return glm::vec2(8.f * float(t.size()), 16.f); });
}
const AnnotationLabel* labelWithKey(const Annotations& a, const std::string& key) {
  for (const auto& l : a.labels)
    if (l.key == key) return &l;
  return nullptr;
}
}  // namespace

// ---- Undo and redo ----

TEST_CASE("undo: every kind of scene action goes back and comes again") {
  const Atlas& a = atlas();
  // Each edit is made through the action layer (or, for the camera and the pose, as the window does).
  std::vector<std::pair<const char*, std::function<void(SceneState&)>>> edits = {
      {"hide", [&](SceneState& s) { actions::hide(s, id("l3")); }},
      {"isolate", [&](SceneState& s) { actions::isolate(s, {id("psoas_major_l")}); }},
      {"opacity", [&](SceneState& s) { actions::setOpacity(s, id("femur_r"), 0.3f); }},
      {"select", [&](SceneState& s) { actions::select(s, id("iliacus_l")); }},
      {"ghost", [&](SceneState& s) { actions::toggleGhost(s); }},
      {"overlay", [&](SceneState& s) { actions::setOverlay(s, 0, true); }},
      {"side", [&](SceneState& s) { actions::setReferralSide(s, Side::Left); }},
      {"symptom", [&](SceneState& s) { actions::chooseSymptom(a, s, 0); }},
      {"label set", [&](SceneState& s) { actions::setLabelSet(s, "bones", true); }},
      {"label by hand", [&](SceneState& s) { actions::setStructureLabelled(a, s, id("iliacus_l"), true); }},
      {"cut", [&](SceneState& s) { ClipPlane c; c.enabled = true; c.offset = 0.1f; actions::setClip(s, c); }},
      {"region colour", [&](SceneState& s) { actions::setRegionColor(s, 0, glm::vec3(0.1f, 0.2f, 0.3f)); }},
      {"camera jump", [&](SceneState& s) { s.camera = fitCamera(*a.findView("posterior"), a.bounds(), 1.6f); }},
      {"pose", [&](SceneState& s) { s.pose.joints["hip_flexion_l"] = 30.0; }},
  };
  for (const auto& named : edits) {
    const auto& [name, edit] = named;
    INFO(named.first);  // clang 14's INFO cannot capture a structured binding
    Window w;
    const SceneState before = w.state;
    edit(w.state);
    REQUIRE_FALSE(History::same(before, w.state));  // the edit did something
    const SceneState after = w.state;
    w.history.commit(w.state);
    CHECK(w.history.undo(w.state));
    CHECK(w.state == before);
    CHECK(w.history.redo(w.state));
    CHECK(w.state == after);
    CHECK_FALSE(w.history.redo(w.state));
  }
}

TEST_CASE("undo: an uncommitted change is undone too, a new change drops the redo, and the history is bounded") {
  History h(3);
  SceneState s = fresh();
  h.reset(s);
  CHECK_FALSE(h.canUndo(s));
  actions::hide(s, id("l1"));  // not committed yet (the window commits when the edit is finished)
  CHECK(h.canUndo(s));
  CHECK(h.undo(s));
  CHECK(s.structures[std::size_t(id("l1"))].visible);
  CHECK(h.canRedo());
  actions::hide(s, id("l2"));  // a new branch
  h.commit(s);
  CHECK_FALSE(h.canRedo());
  CHECK_FALSE(h.redo(s));
  for (const char* b : {"l3", "l4", "l5", "sacrum"}) {
    actions::hide(s, id(b));
    h.commit(s);
  }
  CHECK(h.undoSteps() == 3);  // bounded: the oldest steps are gone
  int undone = 0;
  while (h.undo(s)) ++undone;
  CHECK(undone == 3);
  CHECK_FALSE(s.structures[std::size_t(id("l3"))].visible);  // as far back as the history reaches
  CHECK(s.structures[std::size_t(id("l4"))].visible);
}

TEST_CASE("undo: the lens shift follows the window, it is neither a step nor undone") {
  History h;
  SceneState s = fresh();
  h.reset(s);
  s.camera.shift = glm::vec2(0.2f, 0.f);  // the panels moved
  CHECK_FALSE(h.commit(s));
  actions::hide(s, id("l3"));
  h.commit(s);
  s.camera.shift = glm::vec2(-0.1f, 0.f);
  CHECK(h.undo(s));
  CHECK(s.camera.shift == glm::vec2(-0.1f, 0.f));
  CHECK(s.structures[std::size_t(id("l3"))].visible);
}

TEST_CASE("undo: Ctrl+Z and Ctrl+Shift+Z run undo and redo, and the Edit menu items follow what can be done") {
  Window w;
  const ui::Command& undo = ui::command("undo");
  const ui::Command& redo = ui::command("redo");
  CHECK_FALSE(undo.enabled(w.ui));
  CHECK(ui::runShortcut(w.ui, {"A"}, false) == true);  // show all: nothing changed, still nothing to undo
  actions::hide(w.state, id("l3"));
  CHECK(undo.enabled(w.ui));
  CHECK(ui::runShortcut(w.ui, {"Z", true}, false));
  CHECK(w.ui.historyMoved);
  CHECK(w.state.structures[std::size_t(id("l3"))].visible);
  CHECK(redo.enabled(w.ui));
  CHECK(ui::runShortcut(w.ui, {"Z", true, true}, false));
  CHECK_FALSE(w.state.structures[std::size_t(id("l3"))].visible);
  CHECK(ui::runShortcut(w.ui, {"Z", true}, false));
  CHECK(ui::runShortcut(w.ui, {"Y", true}, false));  // Ctrl+Y as on other systems
  CHECK_FALSE(w.state.structures[std::size_t(id("l3"))].visible);
  CHECK(undo.menu == "Undo");
  CHECK(redo.menu == "Redo");
}

// ---- Keys ----

TEST_CASE("keys: typing in a text field keeps digits, Ctrl+A and Ctrl+Z, and modified keys do nothing") {
  Window w;
  const SceneState start = w.state;
  // Typing "2" or pressing Ctrl+A in the search field: the field's, not the view's.
  CHECK_FALSE(ui::runShortcut(w.ui, {"2"}, true));
  CHECK_FALSE(w.ui.requestView);
  actions::hide(w.state, id("l3"));
  CHECK_FALSE(ui::runShortcut(w.ui, {"A", true}, true));
  CHECK_FALSE(ui::runShortcut(w.ui, {"Z", true}, true));  // the field's own undo
  CHECK_FALSE(w.state.structures[std::size_t(id("l3"))].visible);
  // Window-wide shortcuts and function keys still work while typing.
  CHECK(ui::runShortcut(w.ui, {"E", true}, true));
  CHECK(w.ui.showExport);
  CHECK(ui::runShortcut(w.ui, {"F1"}, true));
  CHECK(w.ui.showHelp);
  // With an unrelated modifier nothing fires: Alt+2, Shift+2, Shift+A, Ctrl+Alt+S.
  CHECK_FALSE(ui::runShortcut(w.ui, {"2", false, false, true}, false));
  CHECK_FALSE(ui::runShortcut(w.ui, {"2", false, true}, false));
  CHECK_FALSE(w.ui.requestView);
  CHECK_FALSE(ui::runShortcut(w.ui, {"A", false, true}, false));
  CHECK_FALSE(w.state.structures[std::size_t(id("l3"))].visible);
  CHECK_FALSE(ui::runShortcut(w.ui, {"S", true, false, true}, false));
  CHECK(w.ui.fileDialog == ui::FileDialogMode::None);
  // Without them, the same keys act.
  CHECK(ui::runShortcut(w.ui, {"A"}, false));
  CHECK(w.state.structures[std::size_t(id("l3"))].visible);
  CHECK(ui::runShortcut(w.ui, {"2"}, false));
  CHECK(w.ui.requestView);
}

TEST_CASE("keys: Help > Controls comes from the command table with Ctrl+S, Ctrl+E, Ctrl+Q, Ctrl+Z") {
  Window w;
  auto rows = ui::controlsHelp(w.ui);
  for (const char* k : {"Ctrl+S", "Ctrl+E", "Ctrl+Q", "Ctrl+O", "Ctrl+Z", "Ctrl+Shift+Z / Ctrl+Y", "F12", "F1"}) {
    INFO(k);
    bool listed = false;
    for (const auto& [keys, what] : rows) listed = listed || (keys == k && !what.empty());
    CHECK(listed);
  }
}

// ---- Symptoms keep the side and the selection ----

TEST_CASE("symptoms: picking a symptom keeps the side and the selection the user chose") {
  const Atlas& a = atlas();
  SceneState s = fresh();
  actions::setReferralSide(s, Side::Right);
  actions::select(s, id("iliacus_r"));
  for (std::size_t k = 0; k < a.symptoms.size(); ++k) {
    INFO(a.symptoms[k].id);
    actions::chooseSymptom(a, s, int(k));
    CHECK(s.referralSide == Side::Right);
    CHECK(s.selected == id("iliacus_r"));
    CHECK(s.selectedSymptom == int(k));
  }
}

// ---- Labels ----

TEST_CASE("labels: after isolating a muscle, labels of hidden bones, their areas and landmarks fade out") {
  SceneState s = fresh();
  for (const char* set : {"bones", "attachments", "landmarks", "muscles"}) actions::setLabelSet(s, set, true);
  for (std::size_t o = 0; o < atlas().overlays.size(); ++o)
    if (atlas().overlays[o].layer == Overlay::Layer::Attachments) actions::setOverlay(s, int(o), true);
  auto before = labelTargets(atlas(), s);
  int shownBefore = 0;
  for (const auto& t : before) shownBefore += t.shown;
  REQUIRE(shownBefore > 10);
  actions::isolate(s, {id("psoas_major_r")});
  int regionsShown = 0;
  for (const auto& t : labelTargets(atlas(), s)) {
    INFO(t.key);
    if (t.key == "s:psoas_major_r") { CHECK(t.shown); continue; }
    if (t.key.rfind("r:", 0) == 0) { regionsShown += t.shown; continue; }
    CHECK_FALSE(t.shown);  // bones, other muscles, landmarks: nothing left to point at
  }
  CHECK(regionsShown == 0);  // the areas are painted on bones, all hidden
  // Show the femur again: its landmarks (lesser trochanter) come back, the pelvis's do not.
  actions::setVisible(s, {id("femur_r")}, true);
  for (const auto& t : labelTargets(atlas(), s)) {
    if (t.key == "l:lesser_trochanter_r") CHECK(t.shown);
    if (t.key == "l:asis_r") CHECK_FALSE(t.shown);
  }
}

TEST_CASE("labels: right-click > Add label on Iliacus (left) shows a label beside the right one's") {
  SceneState s = fresh();
  actions::setLabelSet(s, "muscles", true);  // labels the right iliacus "Iliacus"
  REQUIRE(labelWithKey(annotate(s), "s:iliacus_r"));
  actions::setStructureLabelled(atlas(), s, id("iliacus_l"), true);
  CHECK(actions::structureLabelled(atlas(), s, id("iliacus_l")));
  Annotations a = annotate(s);
  const AnnotationLabel* left = labelWithKey(a, "s:iliacus_l");
  const AnnotationLabel* right = labelWithKey(a, "s:iliacus_r");
  REQUIRE(left);
  REQUIRE(right);
  CHECK(left->text == "Iliacus (left)");  // full names: the two can be told apart
  CHECK(right->text == "Iliacus (right)");
  // Without the hand-made one, the set's labels keep their short names.
  actions::setStructureLabelled(atlas(), s, id("iliacus_l"), false);
  a = annotate(s);
  CHECK_FALSE(labelWithKey(a, "s:iliacus_l"));
  REQUIRE(labelWithKey(a, "s:iliacus_r"));
  CHECK(labelWithKey(a, "s:iliacus_r")->text == "Iliacus");
}

// ---- Panel text ----

TEST_CASE("panels: the Information panel gives each topic one heading, with all its facts") {
  const Atlas& a = atlas();
  const Structure& psoas = a.structures[std::size_t(id("psoas_major_l"))];
  REQUIRE(psoas.factSheet >= 0);
  const FactSheet& sheet = a.factSheets[std::size_t(psoas.factSheet)];
  auto topics = ui::factsByTopic(sheet);
  std::set<std::string> seen;
  std::size_t facts = 0;
  for (const auto& t : topics) {
    CHECK(seen.insert(t.topic).second);  // "Origin / Origin" no more
    facts += t.facts.size();
    for (const Fact* f : t.facts) CHECK(f->topic == t.topic);
  }
  CHECK(facts == sheet.facts.size());  // nothing lost
  CHECK(topics.front().topic == "Origin");
  CHECK(topics.front().facts.size() == 2);
}

TEST_CASE("panels: structure names in English, Latin or both, and landmarks are searchable") {
  const Structure& s = atlas().structures[std::size_t(id("psoas_major_l"))];
  CHECK(ui::structureRowText(s, ui::NameMode::English) == "Psoas major (left)");
  CHECK(ui::structureRowText(s, ui::NameMode::Latin) == "Musculus psoas major");
  CHECK(ui::structureRowText(s, ui::NameMode::Both) == "Psoas major (left) - Musculus psoas major");
  Structure imported = s;
  imported.latin.clear();
  CHECK(ui::structureRowText(imported, ui::NameMode::Latin) == "Psoas major (left)");
  CHECK(ui::matchesSearch(s, "PSOAS"));
  CHECK(ui::matchesSearch(s, "musculus"));
  auto found = ui::searchLandmarks(atlas(), "lesser trochanter");
  REQUIRE_FALSE(found.empty());
  CHECK(atlas().landmarks[std::size_t(found.front())].name.find("esser trochanter") != std::string::npos);
  for (int l : found) {
    int on = ui::landmarkStructure(atlas(), l);
    REQUIRE(on >= 0);
    CHECK(atlas().structures[std::size_t(on)].id.rfind("femur", 0) == 0);
  }
  CHECK_FALSE(ui::searchLandmarks(atlas(), "ASIS").empty());  // by alias
  CHECK(ui::searchLandmarks(atlas(), "").empty());
  CHECK(ui::searchLandmarks(atlas(), "hip joint centre").empty());  // construction points are not offered
  CHECK(ui::emptySearchText(atlas(), "psoas").empty());
  CHECK(ui::emptySearchText(atlas(), "trochanter").empty());
  CHECK(ui::emptySearchText(atlas(), "xyzzy") == "No structure or landmark matches \"xyzzy\".");
}

TEST_CASE("panels: a trigger point refers pain to named body regions, not to 'essential zone' five times") {
  const Atlas& a = atlas();
  REQUIRE_FALSE(a.triggerPoints.empty());
  for (const TriggerPoint& t : a.triggerPoints) {
    INFO(t.id);
    auto names = ui::referralZoneNames(a, t);
    CHECK(names.size() == t.zones.size());
    std::set<std::string> distinct(names.begin(), names.end());
    CHECK(distinct.size() == names.size());
    for (int z : t.zones) CHECK_FALSE(a.regions[std::size_t(z)].bodyRegion.empty());
  }
}

TEST_CASE("panels: cutting-plane presets go through each vertebra and disc, top to bottom") {
  auto presets = ui::cutPresets(atlas());
  auto find = [&](const std::string& name) -> const ui::CutPreset* {
    for (const auto& p : presets)
      if (p.name == name) return &p;
    return nullptr;
  };
  for (const char* n : {"at T12", "at L1", "at L3", "at L5", "at L3-L4 disc", "at L5-S1 disc", "at Sacrum"}) {
    INFO(n);
    CHECK(find(n));
  }
  CHECK_FALSE(find("at Skin"));
  for (std::size_t i = 1; i < presets.size(); ++i) CHECK(presets[i - 1].clip.offset >= presets[i].clip.offset);
  const ui::CutPreset* l3 = find("at L3");
  REQUIRE(l3);
  const Bounds& b = atlas().structures[std::size_t(id("l3"))].mesh->bounds;
  CHECK(l3->clip.enabled);
  CHECK(l3->clip.axis == ClipPlane::Axis::Transverse);
  CHECK(l3->clip.offset > b.min.y);
  CHECK(l3->clip.offset < b.max.y);
}

// ---- Pictures folder and error wording ----

TEST_CASE("pictures folder: XDG_PICTURES_DIR from user-dirs.dirs, else ~/Pictures, created") {
  const fs::path home = "/home/ana";
  CHECK(picturesFromUserDirs("# comment\nXDG_DESKTOP_DIR=\"$HOME/Desktop\"\nXDG_PICTURES_DIR=\"$HOME/Bilder\"\n", home) ==
        "/home/ana/Bilder");
  CHECK(picturesFromUserDirs("XDG_PICTURES_DIR=\"/data/pics\"\n", home) == "/data/pics");
  CHECK(picturesFromUserDirs("XDG_PICTURES_DIR=\"$HOME/\"\n", home).empty());  // disabled
  CHECK(picturesFromUserDirs("XDG_PICTURES_DIR=\"relative\"\n", home).empty());
  CHECK(picturesFromUserDirs("", home).empty());

  const fs::path tmp = fs::temp_directory_path() / ("workspace_pics_" + std::to_string(::getpid()));
  fs::remove_all(tmp);
  fs::create_directories(tmp / "config");
  std::string oldHome = std::getenv("HOME") ? std::getenv("HOME") : "";
  std::string oldConfig = std::getenv("XDG_CONFIG_HOME") ? std::getenv("XDG_CONFIG_HOME") : "";
  ::setenv("HOME", tmp.c_str(), 1);
  ::setenv("XDG_CONFIG_HOME", (tmp / "config").c_str(), 1);
  fs::path none = picturesDirectory();
  CHECK(none == tmp / "Pictures");
  CHECK(fs::is_directory(none));
  std::ofstream(tmp / "config" / "user-dirs.dirs") << "XDG_PICTURES_DIR=\"$HOME/Images\"\n";
  fs::path named = picturesDirectory();
  CHECK(named == tmp / "Images");
  CHECK(fs::is_directory(named));
  ::setenv("HOME", oldHome.c_str(), 1);
  if (oldConfig.empty()) ::unsetenv("XDG_CONFIG_HOME");
  else ::setenv("XDG_CONFIG_HOME", oldConfig.c_str(), 1);
  fs::remove_all(tmp);
}

TEST_CASE("errors: the dialog says it in the user's words and keeps the library's as a detail line") {
  std::string m = ui::explainError("The model could not be opened.", ModelError("/tmp/a.obj", "model holds no triangles"));
  CHECK(m.rfind("The model could not be opened.\n\nThis file contains no 3D surfaces.\n\n", 0) == 0);
  CHECK(m.find(std::string(ui::kDetailsPrefix) + "/tmp/a.obj: model holds no triangles") != std::string::npos);
  CHECK(ui::plainReason(ModelError("a.stl", "cannot read model: bad header")).find("not a 3D model") != std::string::npos);
  CHECK(ui::plainReason(OutputError("/x/f.png", "Permission denied")).find("cannot be written") != std::string::npos);
  CHECK(ui::plainReason(StateError("v.json", "unknown key")).find("view-state") != std::string::npos);
  CHECK(ui::plainReason(std::runtime_error("x")) == "Something went wrong.");
}

// ---- The viewer's parts (app/label_animation, app/frame_stats) ----

TEST_CASE("label animation: labels fade in over about a quarter of a second, out as their structure hides") {
  SceneState s = fresh();
  LabelAnimation labels;
  auto frameAt = [&](double t) {
    AnnotationOptions ao = labels.begin(t, 1.f);
    return buildAnnotations(atlas(), s, 1600, 1000, [](const std::string& x) { return glm::vec2(8.f * float(x.size()), 16.f); }, ao);
  };
  CHECK_FALSE(labels.fading(frameAt(10.0)));  // no labels: nothing to animate
  actions::setLabelSet(s, "muscles", true);
  Annotations first = frameAt(10.05);
  REQUIRE_FALSE(first.labels.empty());
  CHECK(labels.fading(first));  // they come in, they do not jump in
  for (const auto& l : first.labels) CHECK(l.alpha < 0.5f);
  Annotations settled;
  for (double t = 10.1; t < 10.5; t += 0.05) settled = frameAt(t);
  CHECK_FALSE(labels.fading(settled));
  for (const auto& l : settled.labels) CHECK(l.alpha == doctest::Approx(1.f));
  // Its muscle hidden, a label fades out, and the window keeps drawing until it is gone.
  actions::setVisible(s, {id("psoas_major_r")}, false);
  Annotations hiding = frameAt(10.55);
  CHECK(labels.fading(hiding));
  const AnnotationLabel* psoas = labelWithKey(hiding, "s:psoas_major_r");
  REQUIRE(psoas);
  CHECK(psoas->alpha < 1.f);
  Annotations gone;
  for (double t = 10.6; t < 11.1; t += 0.05) gone = frameAt(t);
  CHECK_FALSE(labels.fading(gone));
  CHECK_FALSE(labelWithKey(gone, "s:psoas_major_r"));
}

TEST_CASE("frame statistics: medians, the 90th percentile and the draft sizes of the moving frames") {
  FrameStats stats;
  CHECK(stats.summary(800, 600) == "moving frames: none\n");
  for (int i = 1; i <= 10; ++i) {
    MovingFrame f;
    f.cost = 0.010 * i;  // 10..100 ms
    f.step = i <= 5 ? 0 : 2;
    f.scene = 0.002 * i;
    f.passes.opaque = 1.0 * i;
    stats.record(f);
  }
  const std::string text = stats.summary(1280, 720);
  INFO(text);
  CHECK(text.find("moving frames: 10 in a 1280x720 window, median 60.0 ms a frame (16.7 fps), 90th percentile 100.0 ms") == 0);
  CHECK(text.find("full size 5, 3/4 size 0, 1/2 size 5") != std::string::npos);
  CHECK(text.find("scene 12.0") != std::string::npos);
  CHECK(text.find("opaque 6.0") != std::string::npos);
  FrameStats whole(false);  // PSOAS_FRAME_STATS=frames: no phase was timed, so none is reported
  MovingFrame f;
  f.cost = 0.02;
  whole.record(f);
  CHECK(whole.summary(800, 600) ==
        "moving frames: 1 in a 800x600 window, median 20.0 ms a frame (50.0 fps), 90th percentile 20.0 ms; "
        "drawn at full size 1, 3/4 size 0, 1/2 size 0\n");
}
