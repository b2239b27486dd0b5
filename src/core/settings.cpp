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

// Reads the known keys; a wrong value is reported and skipped, the others still count.
void readKnownKeys(const JsonCursor<StateError>& c, AppSettings& s, std::vector<std::string>& problems) {
  auto tryRead = [&](auto&& read) {
    try {
      read();
    } catch (const StateError& e) {
      problems.push_back(e.what());
    }
  };
  tryRead([&] { c.expectObject(); });
  if (!problems.empty()) return;
  tryRead([&] { if (auto r = c.find("recent_files")) s.recentFiles = r->idStrings(); });
  tryRead([&] {
    auto w = c.find("window");
    if (!w) return;
    tryRead([&] { if (auto v = w->find("width")) s.windowWidth = int(v->integer(320, 16384)); });
    tryRead([&] { if (auto v = w->find("height")) s.windowHeight = int(v->integer(240, 16384)); });
    tryRead([&] { if (auto v = w->find("maximized")) s.maximized = v->boolean(); });
  });
  tryRead([&] {
    auto p = c.find("panels");
    if (!p) return;
    tryRead([&] { if (auto v = p->find("structures")) s.showStructures = v->boolean(); });
    tryRead([&] { if (auto v = p->find("info")) s.showInfo = v->boolean(); });
    tryRead([&] { if (auto v = p->find("toolbar")) s.showToolbar = v->boolean(); });
    tryRead([&] { if (auto v = p->find("teach")) s.showTeaching = v->boolean(); });
    tryRead([&] { if (auto v = p->find("symptoms")) s.showSymptoms = v->boolean(); });
    tryRead([&] { if (auto v = p->find("left_width")) s.leftColumnWidth = float(v->num(100.0, 4000.0)); });
    tryRead([&] { if (auto v = p->find("right_width")) s.rightColumnWidth = float(v->num(100.0, 4000.0)); });
    tryRead([&] { if (auto v = p->find("left_collapsed")) s.leftCollapsed = v->boolean(); });
    tryRead([&] { if (auto v = p->find("right_collapsed")) s.rightCollapsed = v->boolean(); });
  });
  tryRead([&] { if (auto v = c.find("text_scale")) s.textScale = float(v->num(0.5, 4.0)); });
  tryRead([&] { if (auto v = c.find("quality")) s.quality = int(v->integer(1, 4)); });
  tryRead([&] { if (auto v = c.find("dark_background")) s.darkBackground = v->boolean(); });
}
}  // namespace

AppSettings loadSettings(const fs::path& file, std::string& warning) {
  AppSettings s;
  std::error_code ec;
  if (!fs::exists(fs::symlink_status(file, ec))) return s;
  std::string text;
  std::vector<std::string> problems;
  try {
    text = readTextFile(file, 1 << 20);
    nlohmann::json j = parseJsonText(text, file, throwState);
    readKnownKeys(JsonCursor<StateError>(j, file), s, problems);
    if (j.is_object()) s.loadedJson = text;
  } catch (const Error& e) {
    problems.push_back(e.what());
    s = AppSettings{};
  }
  if (problems.empty()) return s;
  for (const auto& p : problems) warning += p + "\n";
  // Never lose a user's file: what it held is kept beside it before the viewer writes its own.
  warning += text.empty() ? std::string("Default settings are used.")
                          : keepAside(file, text) + " The values above are replaced by defaults.";
  return s;
}

void rememberRecent(AppSettings& s, const std::string& file) {
  std::erase(s.recentFiles, file);
  s.recentFiles.insert(s.recentFiles.begin(), file);
  if (s.recentFiles.size() > 10) s.recentFiles.resize(10);
}

void saveSettings(const AppSettings& s, const fs::path& file) {
  // Start from what was read, so keys of a newer version survive; known keys are written over.
  nlohmann::json j = nlohmann::json::object();
  if (!s.loadedJson.empty()) j = nlohmann::json::parse(s.loadedJson, nullptr, false);
  if (!j.is_object()) j = nlohmann::json::object();
  auto sub = [&](const char* key) -> nlohmann::json& {
    if (!j[key].is_object()) j[key] = nlohmann::json::object();
    return j[key];
  };
  j["schema"] = 1;
  sub("window").update({{"width", s.windowWidth}, {"height", s.windowHeight}, {"maximized", s.maximized}});
  sub("panels").update({{"structures", s.showStructures}, {"info", s.showInfo}, {"toolbar", s.showToolbar},
                        {"teach", s.showTeaching}, {"symptoms", s.showSymptoms},
                        {"left_width", s.leftColumnWidth}, {"right_width", s.rightColumnWidth},
                        {"left_collapsed", s.leftCollapsed}, {"right_collapsed", s.rightCollapsed}});
  j["text_scale"] = s.textScale;
  j["quality"] = s.quality;
  j["dark_background"] = s.darkBackground;
  j["recent_files"] = s.recentFiles;
  std::error_code ec;
  fs::create_directories(file.parent_path(), ec);
  writeFileAtomic(file, j.dump(2) + "\n", /*followSymlink=*/true);
}

}  // namespace psoas
