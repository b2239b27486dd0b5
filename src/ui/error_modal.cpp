// Errors from loading and saving, one at a time; the program keeps running.
#include <imgui.h>

#include "ui/error_text.hpp"
#include "ui/ui_context.hpp"

namespace psoas::ui {

void drawErrorModal(UiContext& ui) {
  if (ui.errors.empty()) return;
  if (!ImGui::IsPopupOpen("Problem")) ImGui::OpenPopup("Problem");
  ImGuiIO& io = ImGui::GetIO();
  ImGui::SetNextWindowPos(ImVec2(io.DisplaySize.x * 0.5f, io.DisplaySize.y * 0.5f), ImGuiCond_Always, ImVec2(0.5f, 0.5f));
  ImGui::SetNextWindowSize(ImVec2(560 * ui.scale, 0));
  if (ImGui::BeginPopupModal("Problem", nullptr, ImGuiWindowFlags_NoSavedSettings)) {
    // The user's words first; the library's own words (ui/error_text) small and grey below, for a bug report.
    const std::string& text = ui.errors.front();
    std::size_t details = text.rfind(std::string("\n\n") + kDetailsPrefix);
    ImGui::TextWrapped("%s", text.substr(0, details).c_str());
    if (details != std::string::npos) {
      ImGui::Spacing();
      ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
      ImGui::TextWrapped("%s", text.substr(details + 2).c_str());
      ImGui::PopStyleColor();
    }
    ImGui::Spacing();
    if (ImGui::Button("OK", ImVec2(120 * ui.scale, 0)) || ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Enter))) {
      ui.errors.erase(ui.errors.begin());
      ImGui::CloseCurrentPopup();
    }
    ImGui::EndPopup();
  }
}

}  // namespace psoas::ui
