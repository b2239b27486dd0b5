// Controls and About.
#include <imgui.h>

#include "core/resources.hpp"
#include "ui/ui_context.hpp"

namespace psoas::ui {

void drawHelpWindows(UiContext& ui) {
  float s = ui.scale;
  if (ui.showHelp) {
    ImGui::SetNextWindowSize(ImVec2(480 * s, 0), ImGuiCond_FirstUseEver);
    if (ImGui::Begin("Controls", &ui.showHelp)) {
      static const char* rows[][2] = {
          {"Left drag", "turn the model"},
          {"Right or middle drag, Shift + left drag", "move the model"},
          {"Wheel or two-finger scroll", "zoom"},
          {"Click", "select a structure, an origin/insertion area, a pain zone or a trigger point"},
          {"Right click", "label or unlabel a structure, hide, isolate"},
          {"1 - 7", "anterior, posterior, left, right, superior, inferior, three-quarter"},
          {"Arrow keys / Shift + arrows", "turn / move"},
          {"+ and -", "zoom"},
          {"R", "back to the anterior view"},
          {"F", "zoom to the selection"},
          {"I / H / A", "isolate / hide the selection, show all"},
          {"G", "ghost: everything but the selection see-through"},
          {"Esc", "clear the selection"},
          {"F12", "save a screenshot"},
          {"Ctrl+O", "open a model file (or drop one on the window)"},
      };
      if (ImGui::BeginTable("keys", 2, ImGuiTableFlags_RowBg)) {
        for (auto& r : rows) {
          ImGui::TableNextRow();
          ImGui::TableNextColumn();
          ImGui::TextUnformatted(r[0]);
          ImGui::TableNextColumn();
          ImGui::TextWrapped("%s", r[1]);
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
