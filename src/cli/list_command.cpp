#include <cstdio>

#include "cli/commands.hpp"
#include "core/atlas.hpp"

namespace psoas::cli {

int runList(const std::string& atlasPath) {
  try {
    Atlas atlas = loadAtlas(atlasPathOrDefault(atlasPath));
    std::printf("%s\n%s\n\nStructures (%zu, %zu triangles):\n", atlas.title.c_str(), atlas.file.c_str(),
                atlas.structures.size(), atlas.triangleCount());
    for (const auto& g : atlas.groups) {
      std::printf("  %s\n", g.name.c_str());
      for (const auto& s : atlas.structures)
        if (s.group == g.id)
          std::printf("    %-22s %s%s%s\n", s.id.c_str(), s.name.c_str(), s.latin.empty() ? "" : " / ",
                      s.latin.c_str());
    }
    std::printf("\nViews:\n");
    for (const auto& v : atlas.views) std::printf("  %-22s %s (key %s)\n", v.id.c_str(), v.name.c_str(), v.key.c_str());
    return kOk;
  } catch (const std::exception& e) {
    return reportError(e);
  }
}

}  // namespace psoas::cli
