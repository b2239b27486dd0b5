#include "core/resources.hpp"

#include <cstdlib>
#include <system_error>
#include <vector>

namespace psoas {
namespace fs = std::filesystem;

namespace {
fs::path executableDirectory() {
  std::error_code ec;
  fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  return ec ? fs::path() : exe.parent_path();
}

bool holdsAtlas(const fs::path& dir) {
  std::error_code ec;
  return fs::is_regular_file(dir / "assets" / "atlas.json", ec);
}
}  // namespace

fs::path dataDirectory() {
  std::vector<fs::path> candidates;
  if (const char* env = std::getenv("PSOAS_ATLAS_DATA"); env && *env) candidates.emplace_back(env);
  fs::path exeDir = executableDirectory();
  if (!exeDir.empty()) candidates.push_back(exeDir.parent_path() / PSOAS_DATA_REL_DIR);
  candidates.emplace_back(PSOAS_SOURCE_DIR);
  for (const auto& c : candidates)
    if (holdsAtlas(c)) return c;
  return candidates.empty() ? fs::path(".") : candidates.back();
}

fs::path builtinAtlasPath() { return dataDirectory() / "assets" / "atlas.json"; }

std::optional<fs::path> findSystemFont(const std::string& fileName) {
  for (const char* dir : {"/usr/share/fonts/truetype/dejavu", "/usr/share/fonts/TTF", "/usr/local/share/fonts"}) {
    std::error_code ec;
    fs::path p = fs::path(dir) / fileName;
    if (fs::is_regular_file(p, ec)) return p;
  }
  return std::nullopt;
}

std::string versionString() { return PSOAS_VERSION; }

}  // namespace psoas
