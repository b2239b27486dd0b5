#include <cstdio>

#include "cli/commands.hpp"
#include "core/atlas.hpp"

namespace psoas::cli {

int runList(const std::string& atlasPath) {
  try {
    Atlas atlas = loadAtlas(atlasPathOrDefault(atlasPath));
    printAtlasWarnings(atlas);
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
    for (auto layer : {Overlay::Layer::Attachments, Overlay::Layer::Referral}) {
      bool header = false;
      for (const auto& o : atlas.overlays) {
        if (o.layer != layer) continue;
        if (!header) std::printf(layer == Overlay::Layer::Referral ? "\nReferral overlays (--referral):\n"
                                                                    : "\nAttachment overlays (--attachments):\n");
        header = true;
        std::printf("  %-22s %s (%zu regions)\n", o.id.c_str(), o.name.c_str(), o.regions.size());
      }
    }
    if (!atlas.labelSets.empty()) std::printf("\nLabel sets (--labels):\n");
    for (const auto& l : atlas.labelSets) std::printf("  %-22s %s\n", l.id.c_str(), l.name.c_str());
    if (!atlas.symptoms.empty()) std::printf("\nSymptoms (--symptom):\n");
    for (const auto& sy : atlas.symptoms)
      std::printf("  %-22s %s%s\n", sy.id.c_str(), sy.name.c_str(), sy.redFlag ? "  [red flag]" : "");
    return kOk;
  } catch (const std::exception& e) {
    return reportError(e);
  }
}

}  // namespace psoas::cli
