#include "core/settings.hpp"

#include <cstdlib>

#include "core/errors.hpp"
#include "core/file_util.hpp"
#include "core/json_cursor.hpp"

namespace psoas {
namespace fs = std::filesystem;

fs::path configDirectory() {
  if (const char* x = std::getenv("XDG_CONFIG_HOME"); x && *x && fs::path(x).is_absolute())
    return fs::path(x) / "psoas-atlas";
  if (const char* h = std::getenv("HOME"); h && *h) return fs::path(h) / ".config" / "psoas-atlas";
  return fs::temp_directory_path() / "psoas-atlas";
}

namespace {
[[noreturn]] void throwState(const fs::path& f, const std::string& w) { throw StateError(f, w); }
}

AppSettings loadSettings(const fs::path& file, std::string& warning) {
  AppSettings s;
  std::error_code ec;
  if (!fs::exists(file, ec)) return s;
  try {
    std::string text = readTextFile(file, 1 << 20);
    nlohmann::json j = parseJsonText(text, file, throwState);
    JsonCursor<StateError> c(j, file);
    c.allowOnly({"schema", "window", "panels", "text_scale", "quality", "dark_background", "recent_files"});
    if (auto r = c.find("recent_files")) s.recentFiles = r->strings();
    if (auto w = c.find("window")) {
      w->allowOnly({"width", "height", "maximized"});
      if (auto v = w->find("width")) s.windowWidth = int(v->integer(320, 16384));
      if (auto v = w->find("height")) s.windowHeight = int(v->integer(240, 16384));
      if (auto v = w->find("maximized")) s.maximized = v->boolean();
    }
    if (auto p = c.find("panels")) {
      p->allowOnly({"structures", "info", "toolbar"});
      if (auto v = p->find("structures")) s.showStructures = v->boolean();
      if (auto v = p->find("info")) s.showInfo = v->boolean();
      if (auto v = p->find("toolbar")) s.showToolbar = v->boolean();
    }
    if (auto v = c.find("text_scale")) s.textScale = float(v->num(0.5, 4.0));
    if (auto v = c.find("quality")) s.quality = int(v->integer(1, 4));
    if (auto v = c.find("dark_background")) s.darkBackground = v->boolean();
  } catch (const Error& e) {
    warning = std::string(e.what()) + "\nDefault settings are used; the file is replaced when the viewer closes.";
    return AppSettings{};
  }
  return s;
}

void rememberRecent(AppSettings& s, const std::string& file) {
  std::erase(s.recentFiles, file);
  s.recentFiles.insert(s.recentFiles.begin(), file);
  if (s.recentFiles.size() > 10) s.recentFiles.resize(10);
}

void saveSettings(const AppSettings& s, const fs::path& file) {
  nlohmann::json j = {
      {"schema", 1},
      {"window", {{"width", s.windowWidth}, {"height", s.windowHeight}, {"maximized", s.maximized}}},
      {"panels", {{"structures", s.showStructures}, {"info", s.showInfo}, {"toolbar", s.showToolbar}}},
      {"text_scale", s.textScale},
      {"quality", s.quality},
      {"dark_background", s.darkBackground},
      {"recent_files", s.recentFiles},
  };
  std::error_code ec;
  fs::create_directories(file.parent_path(), ec);
  writeFileAtomic(file, j.dump(2) + "\n");
}

}  // namespace psoas
