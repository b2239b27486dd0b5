// Errors from loading and saving, one at a time; the program keeps running.
#include <imgui.h>

#include "ui/ui_context.hpp"

namespace psoas::ui {

void drawErrorModal(UiContext& ui) {
  if (ui.errors.empty()) return;
  if (!ImGui::IsPopupOpen("Problem")) ImGui::OpenPopup("Problem");
  ImGuiIO& io = ImGui::GetIO();
  ImGui::SetNextWindowPos(ImVec2(io.DisplaySize.x * 0.5f, io.DisplaySize.y * 0.5f), ImGuiCond_Always, ImVec2(0.5f, 0.5f));
  ImGui::SetNextWindowSize(ImVec2(560 * ui.scale, 0));
  if (ImGui::BeginPopupModal("Problem", nullptr, ImGuiWindowFlags_NoSavedSettings)) {
    ImGui::TextWrapped("%s", ui.errors.front().c_str());
    ImGui::Spacing();
    if (ImGui::Button("OK", ImVec2(120 * ui.scale, 0)) || ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Enter))) {
      ui.errors.erase(ui.errors.begin());
      ImGui::CloseCurrentPopup();
    }
    ImGui::EndPopup();
  }
}

}  // namespace psoas::ui
