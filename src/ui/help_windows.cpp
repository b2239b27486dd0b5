// Controls and About.
#include <imgui.h>

#include "core/resources.hpp"
#include "ui/commands.hpp"
#include "ui/ui_context.hpp"

namespace psoas::ui {

void drawHelpWindows(UiContext& ui) {
  float s = ui.scale;
  if (ui.showHelp) {
    ImGui::SetNextWindowSize(ImVec2(480 * s, 0), ImGuiCond_FirstUseEver);
    if (ImGui::Begin("Controls", &ui.showHelp)) {
      // Built from the command table: every shortcut that works is listed, and only those.
      const auto rows = controlsHelp(ui);
      if (ImGui::BeginTable("keys", 2, ImGuiTableFlags_RowBg)) {
        for (const auto& [keys, what] : rows) {
          ImGui::TableNextRow();
          ImGui::TableNextColumn();
          ImGui::TextUnformatted(keys.c_str());
          ImGui::TableNextColumn();
          ImGui::TextWrapped("%s", what.c_str());
        }
        ImGui::EndTable();
      }
    }
    ImGui::End();
  }
  if (ui.showAbout) {
    ImGui::SetNextWindowSize(ImVec2(520 * s, 0), ImGuiCond_FirstUseEver);
    if (ImGui::Begin("About Psoas Atlas", &ui.showAbout)) {
      ImGui::Text("Psoas Atlas %s", versionString().c_str());
      ImGui::TextWrapped("%s", ui.atlas->title.c_str());
      ImGui::Spacing();
      ImGui::TextWrapped("%s", ui.atlas->disclaimer.empty()
                                   ? "For education only. It does not diagnose or treat anything."
                                   : ui.atlas->disclaimer.c_str());
      ImGui::TextDisabled("Atlas file: %s", ui.atlas->file.c_str());
    }
    ImGui::End();
  }
}

}  // namespace psoas::ui
