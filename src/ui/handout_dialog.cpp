// File > Handout: the take-home sheet of `psoas-atlas handout` from the window. The dialog only chooses
// (story, steps, side, paper, file); the viewer makes it with the CLI's own code (cli::makeHandout), so the
// window and the command line print the same pages, and its errors come to the error dialog.
#include <filesystem>

#include <imgui.h>
#include <imgui_stdlib.h>

#include "ui/ui_context.hpp"

namespace psoas::ui {
namespace fs = std::filesystem;

namespace {
// The story the dialog starts with: the one playing (by its file when it is not a built-in one), else the
// first built-in story.
std::string defaultStory(const UiContext& ui) {
  if (ui.story) {
    for (const auto& s : ui.stories)
      if (s.id == ui.story->id) return s.id;
    if (!ui.story->file.empty()) return ui.story->file.string();
  }
  return ui.stories.empty() ? std::string() : ui.stories.front().id;
}

void storyCombo(UiContext& ui) {
  std::string shown = ui.handout.story;
  for (const auto& s : ui.stories)
    if (s.id == ui.handout.story) shown = s.title;
  ImGui::SetNextItemWidth(420 * ui.scale);
  if (ImGui::BeginCombo("Story", shown.c_str())) {
    for (const auto& s : ui.stories)
      if (ImGui::Selectable(s.title.c_str(), s.id == ui.handout.story)) ui.handout.story = s.id;
    if (ui.story && !ui.story->file.empty() && ImGui::Selectable(("The story playing: " + ui.story->title).c_str()))
      ui.handout.story = ui.story->file.string();
    ImGui::EndCombo();
  }
}
}  // namespace

void drawHandoutDialog(UiContext& ui) {
  static bool wantMake = false, confirming = false;
  if (!ui.showHandout) return;
  const float s = ui.scale;
  if (ui.handout.story.empty()) ui.handout.story = defaultStory(ui);
  if (ui.handout.out.empty()) {
    std::error_code ec;
    ui.handout.out = numberedPath(fs::current_path(ec).string(), "psoas-handout", ".pdf");
  }
  if (!ImGui::Begin("Handout", &ui.showHandout, ImGuiWindowFlags_AlwaysAutoResize)) { ImGui::End(); return; }
  ImGui::TextWrapped("A take-home sheet: the story's figures with their captions, the symptoms explained, the exercises "
                     "and what the evidence tags mean.");
  storyCombo(ui);
  ImGui::SetNextItemWidth(200 * s);
  ImGui::InputTextWithHint("Steps", "all, or e.g. 1,3,4", &ui.handout.steps);
  ImGui::TextUnformatted("Side of the pain areas:");
  for (const char* side : {"both", "left", "right"}) {
    ImGui::SameLine();
    if (ImGui::RadioButton(side, ui.handout.side == side)) ui.handout.side = side;
  }
  ImGui::TextUnformatted("Paper:");
  ImGui::SameLine();
  if (ImGui::RadioButton("A4", ui.handout.paper == "a4")) ui.handout.paper = "a4";
  ImGui::SameLine();
  if (ImGui::RadioButton("Letter", ui.handout.paper == "letter")) ui.handout.paper = "letter";
  ImGui::SetNextItemWidth(420 * s);
  ImGui::InputText("##handoutpath", &ui.handout.out);
  ImGui::SameLine();
  if (ImGui::Button("Browse...")) ui.fileDialog = FileDialogMode::Handout;
  if (ImGui::Button("Make handout", ImVec2(0, 34 * s))) wantMake = true;
  ImGui::SameLine();
  ImGui::TextDisabled(".pdf: pages to print; .png: one long page");
  if (wantMake) {
    const std::string ext = fs::path(ui.handout.out).extension().string();
    if (ext != ".pdf" && ext != ".png") {
      ui.errors.push_back("The handout's file name must end in .pdf or .png:\n" + ui.handout.out);
      wantMake = false;
    } else if (confirmOverwrite("Replace handout?", ui.handout.out, confirming, s)) {
      ui.requestHandout = true;
      wantMake = false;
    } else if (!confirming) {
      wantMake = false;
    }
  }
  ImGui::End();
}

}  // namespace psoas::ui
