// The menu bar: files, views, panels, help.
#include <imgui.h>

#include "ui/ui_context.hpp"

namespace psoas::ui {

void drawMainMenu(UiContext& ui) {
  if (!ImGui::BeginMainMenuBar()) return;
  ui.freeTop = ImGui::GetWindowSize().y;
  if (ImGui::BeginMenu("File")) {
    if (ImGui::MenuItem("Open...", "Ctrl+O")) ui.fileDialog = FileDialogMode::Open;
    if (ImGui::BeginMenu("Open recent", ui.recentFiles && !ui.recentFiles->empty())) {
      for (const auto& f : *ui.recentFiles)
        if (ImGui::MenuItem(f.c_str())) ui.filesToOpen.push_back(f);
      ImGui::EndMenu();
    }
    if (ImGui::MenuItem("Save view state...", "Ctrl+S")) ui.fileDialog = FileDialogMode::SaveState;
    ImGui::Separator();
    if (ImGui::MenuItem("Export figure...", "Ctrl+E")) { ui.showExport = true; ui.requestPreview = true; }
    if (ImGui::MenuItem("Save screenshot", "F12")) ui.requestScreenshot = true;
    ImGui::Separator();
    if (ImGui::MenuItem("Quit", "Ctrl+Q")) ui.requestQuit = true;
    ImGui::EndMenu();
  }
  if (ImGui::BeginMenu("View")) {
    for (const auto& v : ui.atlas->views)
      if (ImGui::MenuItem(v.name.c_str(), v.key.empty() ? nullptr : v.key.c_str())) ui.requestView = v.id;
    ImGui::Separator();
    if (ImGui::MenuItem("Fit visible structures")) ui.requestFitVisible = true;
    if (ImGui::MenuItem("Zoom to selection", "F", false, ui.state->selected >= 0)) ui.requestFrameSelection = true;
    if (ImGui::MenuItem("Show all", "A")) { ui.state->showAll(); ui.sceneChanged = true; }
    ImGui::Separator();
    ImGui::MenuItem("Structures panel", nullptr, &ui.showStructures);
    ImGui::MenuItem("Information panel", nullptr, &ui.showInfo);
    ImGui::MenuItem("View buttons", nullptr, &ui.showToolbar);
    ImGui::MenuItem("Teach panel (attachments, labels, cut)", nullptr, &ui.showTeaching);
    ImGui::MenuItem("Pain and symptoms panel", nullptr, &ui.showSymptoms);
    ImGui::MenuItem("Dark background", nullptr, &ui.darkBackground);
    ImGui::EndMenu();
  }
  if (ImGui::BeginMenu("Help")) {
    ImGui::MenuItem("Controls", "F1", &ui.showHelp);
    ImGui::MenuItem("About Psoas Atlas", nullptr, &ui.showAbout);
    ImGui::EndMenu();
  }
  ImGui::EndMainMenuBar();
}

}  // namespace psoas::ui
