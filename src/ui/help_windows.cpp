// Controls and About.
#include <algorithm>

#include <imgui.h>

#include "core/resources.hpp"
#include "ui/commands.hpp"
#include "ui/ui_context.hpp"

namespace psoas::ui {

void drawHelpWindows(UiContext& ui) {
  float s = ui.scale;
  if (ui.showHelp) {
    // As wide as the longest rows need, as tall as the list up to the window's height (then it scrolls):
    // never cut off, at 1024x640 as at 2560x1440.
    ImGuiIO& io = ImGui::GetIO();
    float w = std::min(720 * s, io.DisplaySize.x - 20 * s);
    ImGui::SetNextWindowSizeConstraints(ImVec2(w, 0), ImVec2(w, std::max(io.DisplaySize.y - 60 * s, 100.f)));
    ImGui::SetNextWindowPos(ImVec2(io.DisplaySize.x * 0.5f, io.DisplaySize.y * 0.5f), ImGuiCond_Appearing, ImVec2(0.5f, 0.5f));
    if (ImGui::Begin("Controls", &ui.showHelp, ImGuiWindowFlags_AlwaysAutoResize)) {
      // Built from the command table: every shortcut that works is listed, and only those.
      const auto rows = controlsHelp(ui);
      if (ImGui::BeginTable("keys", 2, ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingStretchProp)) {
        ImGui::TableSetupColumn("key", ImGuiTableColumnFlags_WidthStretch, 0.42f);
        ImGui::TableSetupColumn("what", ImGuiTableColumnFlags_WidthStretch, 0.58f);
        for (const auto& [keys, what] : rows) {
          ImGui::TableNextRow();
          ImGui::TableNextColumn();
          ImGui::TextWrapped("%s", keys.c_str());
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
