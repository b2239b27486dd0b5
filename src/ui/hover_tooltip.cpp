// The name of whatever is under the cursor.
#include <imgui.h>

#include "ui/ui_context.hpp"

namespace psoas::ui {

void drawHoverTooltip(UiContext& ui) {
  int h = ui.state->hovered;
  if (h < 0 || h >= int(ui.atlas->structures.size()) || ImGui::GetIO().WantCaptureMouse) return;
  const Structure& s = ui.atlas->structures[h];
  ImGui::BeginTooltip();
  ImGui::TextUnformatted(s.name.c_str());
  if (!s.latin.empty()) ImGui::TextDisabled("%s", s.latin.c_str());
  ImGui::EndTooltip();
}

}  // namespace psoas::ui
