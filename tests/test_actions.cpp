// The action layer, the command table and frame pacing, without a window: hide, isolate and show all behave
// the same from every caller; every key works and is listed in Help > Controls; menus and keys run the same
// actions; moving frames get smaller when slow.
#include <doctest/doctest.h>

#include <set>

#include "app/frame_pacing.hpp"
#include "core/actions.hpp"
#include "core/atlas.hpp"
#include "core/resources.hpp"
#include "core/view_state.hpp"
#include "ui/commands.hpp"

using namespace psoas;

namespace {
const Atlas& builtin() {
  static const Atlas a = loadAtlas(builtinAtlasPath());
  return a;
}
struct Window {
  SceneState state = applyViewState(builtin(), ViewState{}, "");
  ui::UiContext ui;
  Window() {
    ui.atlas = &builtin();
    ui.state = &state;
  }
};
int visibleCount(const SceneState& s) {
  int n = 0;
  for (const auto& st : s.structures) n += st.visible;
  return n;
}
}  // namespace

TEST_CASE("actions: isolate keeps only the given structures and asks for a refit, show all brings all back") {
  SceneState s = applyViewState(builtin(), ViewState{}, "");
  const int l3 = builtin().findStructure("l3");
  actions::Effect e = actions::isolate(s, {l3});
  CHECK(e.fitVisible);
  CHECK(visibleCount(s) == 1);
  CHECK(s.structures[std::size_t(l3)].visible);
  e = actions::showAll(s);
  CHECK(e.fitVisible);
  CHECK(visibleCount(s) == int(s.structures.size()));
  actions::hide(s, l3);
  CHECK_FALSE(s.structures[std::size_t(l3)].visible);
  actions::hide(s, 999);  // out of range: nothing happens
  CHECK(visibleCount(s) == int(s.structures.size()) - 1);
  CHECK_FALSE(actions::isolateSelection(s).fitVisible);  // nothing selected: nothing to isolate
  CHECK(visibleCount(s) == int(s.structures.size()) - 1);
}

TEST_CASE("actions: the envelope modes set visibility, outline and opacity of what referral zones paint") {
  const Atlas& a = builtin();
  SceneState s = applyViewState(a, ViewState{}, "");
  const int skin = a.findStructure("skin");
  using actions::Envelope;
  CHECK(actions::envelopeMode(a, s) == Envelope::Shown);
  for (Envelope m : {Envelope::Faded, Envelope::Outline, Envelope::Hidden, Envelope::Shown}) {
    actions::setEnvelope(a, s, m);
    CHECK(actions::envelopeMode(a, s) == m);
  }
  actions::setEnvelope(a, s, Envelope::Faded);
  CHECK(s.structures[std::size_t(skin)].opacity == doctest::Approx(kFadedEnvelopeOpacity));
  actions::setEnvelope(a, s, Envelope::Hidden);
  CHECK_FALSE(s.structures[std::size_t(skin)].visible);
}

TEST_CASE("actions: labels by hand win over label sets, and setting a label set twice adds it once") {
  const Atlas& a = builtin();
  SceneState s = applyViewState(a, ViewState{}, "");
  const int l3 = a.findStructure("l3");
  CHECK_FALSE(actions::structureLabelled(a, s, l3));
  actions::setLabelSet(s, "bones", true);
  actions::setLabelSet(s, "bones", true);
  CHECK(s.labelSets == std::vector<std::string>{"bones"});
  CHECK(actions::structureLabelled(a, s, l3));
  actions::setStructureLabelled(a, s, l3, false);
  CHECK_FALSE(actions::structureLabelled(a, s, l3));
  actions::setLabelSet(s, "bones", false);
  CHECK(s.labelSets.empty());
}

TEST_CASE("commands: every key is bound once, and Help > Controls lists every one of them") {
  std::set<std::string> seen;
  Window w;
  auto help = ui::controlsHelp(w.ui);
  for (const ui::Command& c : ui::commands()) {
    INFO(c.id);
    CHECK((!c.help.empty() || !c.menu.empty()));
    for (const ui::Shortcut& k : c.keys) CHECK(seen.insert(k.text()).second);
    if (c.keys.empty()) continue;
    bool listed = false;
    for (const auto& [keys, what] : help) listed = listed || keys == c.keyText();
    CHECK(listed);
  }
  // The ones Help > Controls used to miss.
  for (const char* k : {"Ctrl+S", "Ctrl+E", "Ctrl+Q", "Ctrl+O", "F12", "F1"}) CHECK(seen.count(k) == 1);
  // The atlas's view keys are listed too, and do not clash with commands.
  for (const auto& v : builtin().views)
    if (!v.key.empty()) CHECK(seen.count(v.key) == 0);
}

TEST_CASE("commands: the I key isolates and refits, like the button, keys do nothing while typing") {
  Window w;
  w.state.selected = builtin().findStructure("l3");
  CHECK(ui::runShortcut(w.ui, {"I"}, true) == false);  // typing into the search field
  CHECK(visibleCount(w.state) == int(w.state.structures.size()));
  CHECK(ui::runShortcut(w.ui, {"I"}, false));
  CHECK(visibleCount(w.state) == 1);
  CHECK(w.ui.requestFitVisible);
  w.ui.requestFitVisible = false;
  ui::command("show_all").run(w.ui);  // the menu item and the button
  CHECK(visibleCount(w.state) == int(w.state.structures.size()));
  CHECK(w.ui.requestFitVisible);
  CHECK(ui::runShortcut(w.ui, {"S", true}, true));  // Ctrl shortcuts work while typing
  CHECK(w.ui.fileDialog == ui::FileDialogMode::SaveState);
  CHECK(ui::runShortcut(w.ui, {"G"}, false));
  CHECK(w.state.ghost);
  CHECK(ui::runShortcut(w.ui, {"Esc"}, false));
  CHECK(w.state.selected == -1);
  CHECK(ui::runShortcut(w.ui, {"H"}, false));  // no selection: the command is disabled, the key still taken
  CHECK(visibleCount(w.state) == int(w.state.structures.size()));
  CHECK_FALSE(ui::runShortcut(w.ui, {"Z"}, false));
}

TEST_CASE("commands: a digit goes to the atlas view with that key") {
  Window w;
  const ViewPreset* withKey = nullptr;
  for (const auto& v : builtin().views)
    if (v.key == "2") withKey = &v;
  REQUIRE(withKey);
  CHECK(ui::runShortcut(w.ui, {"2"}, false));
  REQUIRE(w.ui.requestView);
  CHECK(*w.ui.requestView == withKey->id);
  CHECK_THROWS_AS(ui::command("no_such_command"), std::out_of_range);
}

TEST_CASE("frame pacing: still frames are supersampled, slow moving frames get smaller, fast ones larger again") {
  int step = 0;
  FramePace still = paceFrame({false, false, true, 0.5, 3}, step);
  CHECK(still.ssaa == 3);
  CHECK(still.scale == 1.f);
  CHECK(still.lodPixels == 0.f);
  CHECK(step == 0);
  // The first frame: half size, the coarsest meshes, whatever the step.
  FramePace first = paceFrame({true, true, false, 0, 2}, step);
  CHECK(first.scale == 0.5f);
  CHECK(first.lodPixels > 1e6f);
  // Moving frames at 50 ms step down twice, then stay at half size.
  float scales[4];
  for (float& s : scales) s = paceFrame({true, false, true, 0.050, 2}, step).scale;
  CHECK(scales[0] == 0.75f);
  CHECK(scales[1] == 0.5f);
  CHECK(scales[3] == 0.5f);
  CHECK(paceFrame({true, false, true, 0.050, 2}, step).ssaa == 1);
  // Between 22 and 36 ms nothing changes (hysteresis); below 22 ms it grows back one step a frame.
  CHECK(paceFrame({true, false, true, 0.030, 2}, step).scale == 0.5f);
  CHECK(paceFrame({true, false, true, 0.010, 2}, step).scale == 0.75f);
  CHECK(paceFrame({true, false, true, 0.010, 2}, step).scale == 1.f);
  CHECK(paceFrame({true, false, true, 0.010, 2}, step).lodPixels == 0.5f);
  // Without a moving frame before it, the cost means nothing: the step is kept.
  step = 1;
  CHECK(paceFrame({true, false, false, 0.5, 2}, step).scale == 0.75f);
}

TEST_CASE("commands: W plays and pauses the walking cycle, and is disabled without one") {
  Window w;
  REQUIRE_FALSE(builtin().motion.gaits.empty());
  CHECK(ui::runShortcut(w.ui, {"W"}, false));
  REQUIRE(w.ui.requestGait);
  CHECK(*w.ui.requestGait);  // not playing: play
  CHECK(w.ui.showPose);       // with the lengths and the plot that follows the step
  w.ui.requestGait.reset();
  w.ui.gaitPlaying = true;
  CHECK(ui::runShortcut(w.ui, {"W"}, false));
  REQUIRE(w.ui.requestGait);
  CHECK_FALSE(*w.ui.requestGait);  // playing: pause
  w.ui.requestGait.reset();
  CHECK_FALSE(ui::runShortcut(w.ui, {"W"}, true));  // typing a "w" into a field walks nobody
  Atlas still = builtin();
  still.motion.gaits.clear();
  w.ui.atlas = &still;
  CHECK_FALSE(ui::command("play_gait").enabled(w.ui));
}
