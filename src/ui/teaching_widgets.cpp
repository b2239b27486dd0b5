// Small widgets for teaching data: evidence tags (how well a claim is established, and where it comes
// from) and the colour swatches of region styles.
#include <imgui.h>

#include "core/actions.hpp"
#include "ui/ui_context.hpp"

namespace psoas::ui {

void drawEvidenceTag(const Atlas& atlas, const Citation& cite) {
  if (cite.evidence < 0 || cite.evidence >= int(atlas.evidenceLevels.size())) return;
  const EvidenceLevel& e = atlas.evidenceLevels[std::size_t(cite.evidence)];
  // Colour by position in the atlas's list of levels (best established first), not by name.
  static const ImVec4 colors[] = {{0.45f, 0.78f, 0.50f, 1.f}, {0.45f, 0.70f, 0.95f, 1.f},
                                  {0.95f, 0.78f, 0.35f, 1.f}, {0.95f, 0.50f, 0.45f, 1.f}};
  ImVec4 c = colors[std::min<std::size_t>(std::size_t(cite.evidence), 3)];
  ImGui::TextColored(c, "[%s]", e.name.c_str());
  if (ImGui::IsItemHovered()) {
    ImGui::BeginTooltip();
    ImGui::PushTextWrapPos(ImGui::GetFontSize() * 28.f);
    if (!e.description.empty()) ImGui::TextUnformatted(e.description.c_str());
    for (const auto& src : cite.sources) ImGui::BulletText("%s", src.c_str());
    ImGui::PopTextWrapPos();
    ImGui::EndTooltip();
  }
}

void drawStyleColors(UiContext& ui, Overlay::Layer layer) {
  // The atlas's colours, adjustable for a projector or for colour-blind viewers: the choice is part of the
  // scene (saved with the view state and embedded in figures), the atlas stays as loaded.
  for (int k : layerStyles(*ui.atlas, layer)) {
    const RegionStyle& style = ui.atlas->regionStyles[std::size_t(k)];
    glm::vec3 color = ui.state->styleColor(*ui.atlas, k);
    ImGui::SameLine();
    if (ImGui::ColorEdit3(style.name.c_str(), &color.x, ImGuiColorEditFlags_NoInputs))
      actions::setRegionColor(*ui.state, k, color);
  }
}

}  // namespace psoas::ui
