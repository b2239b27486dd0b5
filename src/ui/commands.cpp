#include "ui/commands.hpp"

#include <stdexcept>

#include "core/actions.hpp"

namespace psoas::ui {

namespace {
void apply(UiContext& ui, actions::Effect e) {
  ui.requestFitVisible = ui.requestFitVisible || e.fitVisible;
  ui.requestFrameSelection = ui.requestFrameSelection || e.frameSelection;
}
bool hasSelection(const UiContext& ui) { return ui.state && ui.state->selected >= 0; }
bool canUndo(const UiContext& ui) { return ui.history && ui.state && ui.history->canUndo(*ui.state); }

// The pen's two modes share one tool: choosing the mode on turns it on (the pin tool off), choosing it again off.
void togglePen(UiContext& ui, UiContext::Pen mode) {
  ui.penTool = ui.penTool == mode ? UiContext::Pen::Off : mode;
  ui.pinTool = false;
}

// Keys a text field handles itself (select all, copy, paste, cut, its own undo): never the scene's then.
bool textFieldKey(const Shortcut& k) {
  return k.key.size() == 1 && std::string_view("ACVXYZ").find(k.key[0]) != std::string_view::npos;
}

std::vector<Command> makeCommands() {
  auto always = [](const UiContext&) { return true; };
  std::vector<Command> c = {
      {"open", {{"O", true}}, "Open...", "open a model, atlas or view state (or drop one on the window)",
       [](UiContext& ui) { ui.fileDialog = FileDialogMode::Open; }, always},
      {"save_state", {{"S", true}}, "Save view state...", "save the view state (camera, what is shown, labels)",
       [](UiContext& ui) { ui.fileDialog = FileDialogMode::SaveState; }, always},
      {"export", {{"E", true}}, "Export figure...", "export a figure (size, resolution, background)",
       [](UiContext& ui) { ui.showExport = true; ui.requestPreview = true; }, always},
      {"handout", {}, "Handout...", "", [](UiContext& ui) { ui.showHandout = true; }, always},
      {"screenshot", {{"F12"}}, "Save screenshot", "save a screenshot",
       [](UiContext& ui) { ui.requestScreenshot = true; }, always},
      {"quit", {{"Q", true}}, "Quit", "quit", [](UiContext& ui) { ui.requestQuit = true; }, always},
      {"undo", {{"Z", true}}, "Undo", "undo the last change to the scene (what is shown, selection, labels, cut, view)",
       [](UiContext& ui) { ui.historyMoved = ui.history && ui.history->undo(*ui.state); }, canUndo},
      {"redo", {{"Z", true, true}, {"Y", true}}, "Redo", "redo what was undone",
       [](UiContext& ui) { ui.historyMoved = ui.history && ui.history->redo(*ui.state); },
       [](const UiContext& ui) { return ui.history && ui.history->canRedo(); }},
      {"reset_view", {{"R"}, {"Home"}}, "", "back to the anterior view",
       [](UiContext& ui) {
         if (ui.atlas->views.empty()) return;
         ui.requestView = ui.atlas->findView("anterior") ? "anterior" : ui.atlas->views.front().id;
       },
       always},
      {"fit_visible", {}, "Fit visible structures", "", [](UiContext& ui) { ui.requestFitVisible = true; }, always},
      {"frame_selection", {{"F"}}, "Zoom to selection", "zoom to the selection",
       [](UiContext& ui) { ui.requestFrameSelection = true; }, hasSelection},
      {"isolate", {{"I"}}, "Isolate selected", "isolate the selection (and fit the view to it)",
       [](UiContext& ui) { apply(ui, actions::isolateSelection(*ui.state)); }, hasSelection},
      {"hide", {{"H"}}, "Hide selected", "hide the selection", [](UiContext& ui) { actions::hideSelection(*ui.state); },
       hasSelection},
      {"show_all", {{"A"}}, "Show all", "show all structures (and fit the view)",
       [](UiContext& ui) { apply(ui, actions::showAll(*ui.state)); }, always},
      {"ghost", {{"G"}}, "Ghost", "ghost: everything but the selection see-through",
       [](UiContext& ui) { actions::toggleGhost(*ui.state); }, always},
      {"clear_selection", {{"Esc"}}, "", "clear the selection (and leave the pin tool or the pen)",
       [](UiContext& ui) {
         ui.pinTool = false;
         ui.penTool = UiContext::Pen::Off;
         actions::clearSelection(*ui.state);
       },
       always},
      {"pin_tool", {{"P"}}, "Pin tool", "pin tool: click the model to place a numbered pin with a note, click a pin to edit or delete it",
       [](UiContext& ui) { ui.pinTool = !ui.pinTool; ui.penTool = UiContext::Pen::Off; }, always},
      {"pen_tool", {{"D"}}, "Pen", "pen: drag to draw over the view for the moment (Shift+drag: an arrow); it is cleared when the view moves",
       [](UiContext& ui) { togglePen(ui, UiContext::Pen::Draw); }, always},
      {"arrow_tool", {{"D", false, true}}, "Arrow pen", "arrow pen: drag to draw an arrow, its head where the drag ends",
       [](UiContext& ui) { togglePen(ui, UiContext::Pen::Arrow); }, always},
      {"clear_pen", {{"C"}}, "Clear drawing", "clear what the pen drew",
       [](UiContext& ui) { ui.requestClearPen = true; }, [](const UiContext& ui) { return ui.penHasStrokes; }},
      {"clear_pins", {}, "Clear pins", "", [](UiContext& ui) { actions::clearPins(*ui.state); },
       [](const UiContext& ui) { return ui.state && !ui.state->pins.empty(); }},
      {"play_gait", {{"W"}}, "Play / pause walking", "play or pause the walking cycle (and show the Pose panel, whose plot follows the step)",
       [](UiContext& ui) {
         ui.requestGait = !ui.gaitPlaying;
         ui.showPose = true;
       },
       [](const UiContext& ui) { return ui.atlas && !ui.atlas->motion.gaits.empty(); }},
      {"help", {{"F1"}}, "Controls", "this list", [](UiContext& ui) { ui.showHelp = !ui.showHelp; }, always},
      {"present", {{"F5"}}, "Presentation mode", "presentation mode: full screen, panels hidden (Esc leaves)",
       [](UiContext& ui) { ui.requestPresent = true; }, always},
  };
  return c;
}
}  // namespace

std::string Shortcut::text() const { return std::string(ctrl ? "Ctrl+" : "") + (shift ? "Shift+" : "") + key; }

std::string Command::keyText() const {
  std::string out;
  for (const Shortcut& k : keys) out += (out.empty() ? "" : " / ") + k.text();
  return out;
}

const std::vector<Command>& commands() {
  static const std::vector<Command> table = makeCommands();
  return table;
}

const Command& command(std::string_view id) {
  for (const Command& c : commands())
    if (c.id == id) return c;
  throw std::out_of_range("no command \"" + std::string(id) + "\"");
}

bool runShortcut(UiContext& ui, const Shortcut& key, bool typing) {
  if (key.alt) return false;  // Alt+1 or Super+A is meant for the desktop or another program, not a view
  // Typing in a text field must not move the model: only function keys and window-wide Ctrl shortcuts act.
  const bool functionKey = key.key.size() > 1 && key.key[0] == 'F';
  if (typing && !functionKey && !(key.ctrl && !textFieldKey(key))) return false;
  for (const Command& c : commands())
    for (const Shortcut& k : c.keys)
      if (k == key) {
        if (c.enabled(ui)) c.run(ui);
        return true;
      }
  if (!key.ctrl && !key.shift && ui.atlas)
    for (const auto& v : ui.atlas->views)
      if (!v.key.empty() && v.key == key.key) {
        ui.requestView = v.id;
        return true;
      }
  return false;
}

std::vector<std::pair<std::string, std::string>> controlsHelp(const UiContext& ui) {
  std::vector<std::pair<std::string, std::string>> rows = {
      {"Left drag", "turn the model"},
      {"Right or middle drag, Shift + left drag", "move the model"},
      {"Wheel or two-finger scroll", "zoom"},
      {"Click", "select a structure, an origin/insertion area, a pain zone or a trigger point"},
      {"Right click", "label or unlabel a structure, hide, isolate"},
      {"Arrow keys / Shift + arrows", "turn / move"},
      {"+ and -", "zoom"},
  };
  if (ui.atlas) {
    std::string keys, names;
    for (const auto& v : ui.atlas->views) {
      if (v.key.empty()) continue;
      keys += (keys.empty() ? "" : ", ") + v.key;
      names += (names.empty() ? "" : ", ") + v.name;
    }
    if (!keys.empty()) rows.emplace_back(keys, names);
  }
  for (const Command& c : commands())
    if (!c.keys.empty() && !c.help.empty()) rows.emplace_back(c.keyText(), c.help);
  return rows;
}

}  // namespace psoas::ui
