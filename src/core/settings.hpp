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
  float textScale = 1.f;   // on top of the monitor's content scale
  int quality = 2;         // supersampling when the view is still
  std::vector<std::string> recentFiles;  // most recent first
};

// Puts `file` first in the recent list (no duplicates, at most 10).
void rememberRecent(AppSettings& s, const std::string& file);

std::filesystem::path configDirectory();
// Missing file: defaults. A bad file: defaults, and `warning` says what was wrong (the GUI shows it).
AppSettings loadSettings(const std::filesystem::path& file, std::string& warning);
void saveSettings(const AppSettings& s, const std::filesystem::path& file);  // atomic; throws FileError

}  // namespace psoas
