#pragma once
// User settings persisted as JSON in $XDG_CONFIG_HOME/psoas-atlas/ (default ~/.config/psoas-atlas/).
#include <filesystem>
#include <string>
#include <vector>

namespace psoas {

struct AppSettings {
  int windowWidth = 1400;
  int windowHeight = 900;
  bool maximized = false;
  bool showStructures = true;
  bool showInfo = true;
  bool showToolbar = true;
  bool darkBackground = true;
  bool showTeaching = true;
  bool showSymptoms = false;
  // The side columns (ui/layout): widths in unscaled pixels, and whether each is folded to a strip.
  float leftColumnWidth = 380.f, rightColumnWidth = 400.f;
  bool leftCollapsed = false, rightCollapsed = false;
  float textScale = 1.f;   // on top of the monitor's content scale
  float uiScaleOverride = 0.f;  // --ui-scale for this session (not saved); 0: monitor scale times textScale
  int quality = 2;         // supersampling when the view is still
  std::vector<std::string> recentFiles;  // most recent first
  // The document as read, so that saving keeps what this version does not know (a newer version's keys).
  std::string loadedJson;
};

// Puts `file` first in the recent list (no duplicates, at most 10).
void rememberRecent(AppSettings& s, const std::string& file);

std::filesystem::path configDirectory();
// Missing file: defaults. Unknown keys (from a newer version) are kept and written back. A file that cannot
// be parsed, or a value that is wrong, is copied aside to FILE.bad before anything replaces it, the wrong
// values fall back to their defaults and `warning` says what happened (the viewer shows it and prints it).
AppSettings loadSettings(const std::filesystem::path& file, std::string& warning);
// Atomic; a settings file that is a symlink (a dotfile manager's) stays one: its target is replaced.
// Throws OutputError.
void saveSettings(const AppSettings& s, const std::filesystem::path& file);

}  // namespace psoas
