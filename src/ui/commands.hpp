#pragma once
// The command table (after F3D's bindings as data): every named command once, with its id, keys, menu text,
// help text and action. Key handling, the menus and Help > Controls are all built from it, so a shortcut
// cannot work without being listed, nor be listed without working. No ImGui, no GLFW: unit-tested.
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "ui/ui_context.hpp"

namespace psoas::ui {

struct Shortcut {
  std::string key;  // "A".."Z", "0".."9", "F1".."F12", "Esc", "Home"
  bool ctrl = false;
  bool shift = false;
  bool alt = false;  // also Super: no command is bound with it, so a key pressed with it does nothing
  bool operator==(const Shortcut&) const = default;
  std::string text() const;  // "Ctrl+Shift+Z"
};

struct Command {
  std::string id;
  std::vector<Shortcut> keys;  // the first is shown in menus
  std::string menu;            // menu item text; empty: not in a menu
  std::string help;            // what Help > Controls says it does
  std::function<void(UiContext&)> run;
  std::function<bool(const UiContext&)> enabled = [](const UiContext&) { return true; };
  std::string keyText() const;  // "I", "R / Home"
};

const std::vector<Command>& commands();
const Command& command(std::string_view id);  // throws std::out_of_range for an unknown id
// Runs the command bound to `key` (its modifiers exactly: Shift+A is not A), or the atlas view with that
// digit. While the user types in a text field or a widget holds the keyboard (`typing`: ImGui's
// WantTextInput / WantCaptureKeyboard) only function keys and the Ctrl shortcuts a text field does not use
// itself (open, save, export, quit) act: Ctrl+A, Ctrl+Z and the digits belong to the field then.
// Returns false when nothing was run.
bool runShortcut(UiContext& ui, const Shortcut& key, bool typing);
// Help > Controls: the mouse, the atlas's view keys, then every command with a key.
std::vector<std::pair<std::string, std::string>> controlsHelp(const UiContext& ui);

}  // namespace psoas::ui
