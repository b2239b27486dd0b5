#pragma once
// The user's folders as the desktop names them (xdg-user-dirs): screenshots and figures go to the pictures
// folder the README promises, in the user's own language ("Bilder"), not to the home folder.
#include <filesystem>
#include <string_view>

namespace psoas {

// XDG_PICTURES_DIR from a user-dirs.dirs text ("$HOME/Pictures" or an absolute path, quoted); empty when
// the file does not name one (or names the home folder itself, which the spec means as "disabled").
std::filesystem::path picturesFromUserDirs(std::string_view text, const std::filesystem::path& home);

// The pictures folder: $XDG_CONFIG_HOME/user-dirs.dirs (default ~/.config/user-dirs.dirs), else ~/Pictures;
// created when missing. Falls back to the current folder without HOME, or when it cannot be created.
std::filesystem::path picturesDirectory();

}  // namespace psoas
