#include "core/user_dirs.hpp"

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

namespace psoas {
namespace fs = std::filesystem;

fs::path picturesFromUserDirs(std::string_view text, const fs::path& home) {
  fs::path found;
  std::istringstream in{std::string(text)};
  for (std::string line; std::getline(in, line);) {
    std::size_t start = line.find_first_not_of(" \t");
    if (start == std::string::npos || line[start] == '#') continue;
    line = line.substr(start);
    const std::string key = "XDG_PICTURES_DIR=";
    if (line.rfind(key, 0) != 0) continue;
    std::string v = line.substr(key.size());
    while (!v.empty() && (v.back() == ' ' || v.back() == '\t' || v.back() == '\r')) v.pop_back();
    if (v.size() >= 2 && v.front() == '"' && v.back() == '"') v = v.substr(1, v.size() - 2);
    fs::path p;
    if (v.rfind("$HOME", 0) == 0) {
      std::string rest = v.substr(5);
      while (!rest.empty() && rest.front() == '/') rest.erase(rest.begin());
      p = rest.empty() ? home : home / rest;
    } else if (!v.empty() && v.front() == '/') {
      p = v;
    } else {
      continue;  // the spec allows only $HOME/... or an absolute path
    }
    found = p.lexically_normal();  // the last definition wins, as in a shell
  }
  if (!found.empty() && found == home.lexically_normal()) return {};  // "$HOME/" means the folder is disabled
  return found;
}

fs::path picturesDirectory() {
  const char* homeEnv = std::getenv("HOME");
  std::error_code ec;
  if (!homeEnv || !*homeEnv) return fs::current_path(ec);
  const fs::path home = homeEnv;
  fs::path config = home / ".config";
  if (const char* x = std::getenv("XDG_CONFIG_HOME"); x && *x && fs::path(x).is_absolute()) config = x;
  fs::path dir;
  if (std::ifstream f(config / "user-dirs.dirs"); f) {
    std::stringstream text;
    text << f.rdbuf();
    dir = picturesFromUserDirs(text.str(), home);
  }
  if (dir.empty()) dir = home / "Pictures";
  fs::create_directories(dir, ec);
  if (!fs::is_directory(dir, ec)) return home;  // a read-only home: still somewhere to write
  return dir;
}

}  // namespace psoas
