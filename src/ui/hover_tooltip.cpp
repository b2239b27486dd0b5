// The name of whatever is under the cursor.
#include <imgui.h>

#include "ui/ui_context.hpp"

namespace psoas::ui {

void drawHoverTooltip(UiContext& ui) {
  if (quizHidesNames(ui)) return;  // the name would give the self-test's answer away
  int h = ui.interaction.hovered;
  if (h < 0 || h >= int(ui.atlas->structures.size()) || ImGui::GetIO().WantCaptureMouse) return;
  const Structure& s = ui.atlas->structures[h];
  ImGui::BeginTooltip();
  ImGui::TextUnformatted(s.name.c_str());
  if (!s.latin.empty()) ImGui::TextDisabled("%s", s.latin.c_str());
  if (ui.interaction.hoveredRegion >= 0 && ui.interaction.hoveredRegion < int(ui.atlas->regions.size())) {
    ImGui::PushTextWrapPos(ImGui::GetFontSize() * 24.f);
    ImGui::TextColored(ImVec4(1.f, 0.8f, 0.45f, 1.f), "%s", ui.atlas->regionTitle(ui.interaction.hoveredRegion).c_str());
    ImGui::PopTextWrapPos();
  }
  ImGui::EndTooltip();
}

}  // namespace psoas::ui
