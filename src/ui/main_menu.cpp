// The menu bar: files, views, panels, help.
#include <imgui.h>

#include "core/quiz.hpp"

#include "ui/commands.hpp"
#include "ui/ui_context.hpp"

namespace psoas::ui {

namespace {
// A menu item for a command of the table: its text, its first key, its action.
void item(UiContext& ui, const char* id) {
  const Command& c = command(id);
  std::string key = c.keys.empty() ? "" : c.keys.front().text();
  if (ImGui::MenuItem(c.menu.c_str(), key.empty() ? nullptr : key.c_str(), false, c.enabled(ui))) c.run(ui);
}
// The same for a command that is a mode: a check mark while it is on.
void checkedItem(UiContext& ui, const char* id, bool on) {
  const Command& c = command(id);
  if (ImGui::MenuItem(c.menu.c_str(), c.keys.front().text().c_str(), on)) c.run(ui);
}
}  // namespace

void drawMainMenu(UiContext& ui) {
  if (!ImGui::BeginMainMenuBar()) return;
  if (ImGui::BeginMenu("File")) {
    item(ui, "open");
    if (ImGui::BeginMenu("Open recent", ui.recentFiles && !ui.recentFiles->empty())) {
      for (const auto& f : *ui.recentFiles)
        if (ImGui::MenuItem(f.c_str())) ui.filesToOpen.push_back(f);
      ImGui::EndMenu();
    }
    item(ui, "save_state");
    ImGui::Separator();
    item(ui, "export");
    item(ui, "handout");
    item(ui, "screenshot");
    ImGui::Separator();
    item(ui, "quit");
    ImGui::EndMenu();
  }
  if (ImGui::BeginMenu("Edit")) {
    item(ui, "undo");
    item(ui, "redo");
    ImGui::Separator();
    checkedItem(ui, "pin_tool", ui.pinTool);
    item(ui, "clear_pins");
    ImGui::Separator();
    checkedItem(ui, "pen_tool", ui.penTool == UiContext::Pen::Draw);
    checkedItem(ui, "arrow_tool", ui.penTool == UiContext::Pen::Arrow);
    item(ui, "clear_pen");
    ImGui::EndMenu();
  }
  if (ImGui::BeginMenu("View")) {
    for (const auto& v : ui.atlas->views)
      if (ImGui::MenuItem(v.name.c_str(), v.key.empty() ? nullptr : v.key.c_str())) ui.requestView = v.id;
    ImGui::Separator();
    item(ui, "fit_visible");
    item(ui, "frame_selection");
    item(ui, "show_all");
    item(ui, "isolate");
    item(ui, "hide");
    ImGui::Separator();
    ImGui::MenuItem("Structures panel", nullptr, &ui.showStructures);
    ImGui::MenuItem("Information panel", nullptr, &ui.showInfo);
    ImGui::MenuItem("View buttons", nullptr, &ui.showToolbar);
    ImGui::MenuItem("Teach panel (attachments, labels, cut)", nullptr, &ui.showTeaching);
    ImGui::MenuItem("Pain and symptoms panel", nullptr, &ui.showSymptoms);
    ImGui::MenuItem("Story panel", nullptr, &ui.showStory);
    item(ui, "present");
    bool leftOpen = !ui.columns.leftCollapsed, rightOpen = !ui.columns.rightCollapsed;
    if (ImGui::MenuItem("Left column", nullptr, &leftOpen)) ui.columns.leftCollapsed = !leftOpen;
    if (ImGui::MenuItem("Right column", nullptr, &rightOpen)) ui.columns.rightCollapsed = !rightOpen;
    if (!ui.atlas->motion.skeleton.empty()) ImGui::MenuItem("Pose panel (presets, joints, walking)", nullptr, &ui.showPose);
    if (!ui.atlas->motion.gaits.empty()) checkedItem(ui, "play_gait", ui.gaitPlaying);
    ImGui::MenuItem("Dark background", nullptr, &ui.darkBackground);
    ImGui::EndMenu();
  }
  if (ImGui::BeginMenu("Teach")) {
    ImGui::MenuItem("Self-test...", nullptr, &ui.showQuiz);
    ImGui::MenuItem("Teach panel (attachments, labels, cut)", nullptr, &ui.showTeaching);
    if (ImGui::BeginMenu("Export worksheet and key")) {  // in the current view; sets without label sets greyed
      for (const auto& set : quizSetNames()) {
        bool has = true;  // worksheetPlan says which sets have label sets (the menu is open only briefly)
        try { worksheetPlan(*ui.atlas, set); } catch (const std::exception&) { has = false; }
        if (ImGui::MenuItem(set.c_str(), nullptr, false, has)) ui.requestWorksheet = set;
      }
      ImGui::EndMenu();
    }
    ImGui::EndMenu();
  }
  if (ImGui::BeginMenu("Help")) {
    ImGui::MenuItem(command("help").menu.c_str(), "F1", &ui.showHelp);
    ImGui::MenuItem("About Psoas Atlas", nullptr, &ui.showAbout);
    ImGui::EndMenu();
  }
  ImGui::EndMainMenuBar();
}

}  // namespace psoas::ui
