// The Story panel's editor (apart from ui/story_panel.cpp, which would pass 500 lines with it): the story's
// title, the shown step's title, caption and evidence, add this view / move / delete, save. The panel only
// asks (UiContext::storyEdits); the viewer's StoryPlayer changes the story (core/story_edit), so every edit
// is the same tested function whether it comes from here or a test. Text typed here never reaches the
// view's shortcuts: the viewer routes keys to ImGui while a field has them (ui/commands runShortcut).
#include <algorithm>
#include <string>

#include <imgui.h>
#include <imgui_stdlib.h>

#include "core/atlas.hpp"
#include "core/story_edit.hpp"
#include "ui/panel_text.hpp"
#include "ui/ui_context.hpp"

namespace psoas::ui {

namespace {
// What the fields hold between frames. A field being typed in keeps its own text; one that is not is
// filled from the story each frame, so an edit the viewer applied (or refused) shows as it now is.
struct Fields {
  std::string storyTitle, stepTitle, caption;
  bool storyTitleActive = false, stepTitleActive = false, captionActive = false;
};

void send(UiContext& ui, StoryEdit::Kind kind, int step, std::string text = {}, std::vector<std::string> ev = {}) {
  ui.storyEdits.push_back({kind, step, std::move(text), std::move(ev)});
}

void warn(const std::string& text) {
  ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(1.f, 0.45f, 0.35f, 1.f));
  ImGui::TextWrapped("%s", text.c_str());
  ImGui::PopStyleColor();
}

void hint(const std::string& text) {
  ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
  ImGui::TextWrapped("%s", text.c_str());
  ImGui::PopStyleColor();
}

void storyTitleField(UiContext& ui, Fields& f) {
  if (!f.storyTitleActive) f.storyTitle = ui.story->title;
  ImGui::TextUnformatted("Title");
  ImGui::SameLine();
  ImGui::SetNextItemWidth(-1);
  // Sent only when it could be a title: an empty field while retyping keeps the old one.
  if (ImGui::InputTextWithHint("##story_title", "Story title", &f.storyTitle) &&
      oneLine(f.storyTitle).find_first_not_of(' ') != std::string::npos && f.storyTitle.size() <= Story::kMaxTitle)
    send(ui, StoryEdit::Kind::Rename, ui.storyStep, f.storyTitle);
  f.storyTitleActive = ImGui::IsItemActive();
  if (f.storyTitle.size() > Story::kMaxTitle) warn("A title has at most " + std::to_string(Story::kMaxTitle) + " bytes.");
}

void captionField(UiContext& ui, Fields& f, const StoryStep& step) {
  const float width = ImGui::GetContentRegionAvail().x;
  // Shown wrapped to the field (the caption itself is one paragraph: the breaks are spaces again).
  if (!f.captionActive)
    f.caption = wrapAtSpaces(step.caption, width - 2.f * ImGui::GetStyle().FramePadding.x - ImGui::GetFontSize(),
                             [](std::string_view t) { return ImGui::CalcTextSize(t.data(), t.data() + t.size()).x; });
  const ImVec2 size(width, ImGui::GetTextLineHeight() * 5.f + 2.f * ImGui::GetStyle().FramePadding.y);
  if (ImGui::InputTextMultiline("##caption", &f.caption, size, ImGuiInputTextFlags_CtrlEnterForNewLine))
    send(ui, StoryEdit::Kind::Caption, ui.storyStep, f.caption);
  f.captionActive = ImGui::IsItemActive();
  const std::size_t bytes = oneLine(f.caption).size();
  if (step.caption.empty() && !f.captionActive) warn("Write a caption: a step needs one before the story is saved.");
  else if (bytes > Story::kMaxCaption) warn(std::to_string(bytes) + " of at most " + std::to_string(Story::kMaxCaption) + " bytes: shorten it to save.");
  else hint(std::to_string(bytes) + " / " + std::to_string(Story::kMaxCaption) +
            " bytes. Measured numbers: {length_mm:ID}, {change_mm:ID}, {percent:ID} (ID: psoas_major_l, iliacus_r, ...)");
  if (ui.storyCaptionError && !ui.storyCaptionError->empty()) warn(*ui.storyCaptionError);
  else if (step.caption.find('{') != std::string::npos && ui.storyCaptions &&
           std::size_t(ui.storyStep) <= ui.storyCaptions->size())
    hint("Shows: " + (*ui.storyCaptions)[std::size_t(ui.storyStep - 1)]);  // the numbers as the client sees them
}

void evidenceBoxes(UiContext& ui, const StoryStep& step) {
  ImGui::TextUnformatted("Evidence for this caption:");
  for (std::size_t k = 0; k < ui.atlas->evidenceLevels.size(); ++k) {
    const auto& level = ui.atlas->evidenceLevels[k];
    bool on = std::find(step.evidence.begin(), step.evidence.end(), level.id) != step.evidence.end();
    if (ImGui::Checkbox((level.name + "##ev").c_str(), &on)) {
      std::vector<std::string> ev;
      for (const auto& l : ui.atlas->evidenceLevels)  // kept in the atlas's order, whatever was clicked first
        if (l.id == level.id ? on : std::find(step.evidence.begin(), step.evidence.end(), l.id) != step.evidence.end())
          ev.push_back(l.id);
      send(ui, StoryEdit::Kind::Evidence, ui.storyStep, {}, std::move(ev));
    }
  }
  if (step.evidence.empty()) warn("Tick at least one: what the caption claims, and how sure that is.");
}

void stepButtons(UiContext& ui) {
  const int n = int(ui.story->steps.size()), at = ui.storyStep;
  if (ImGui::Button("Add this view as a step")) send(ui, StoryEdit::Kind::AddView, at);
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("After step %d: the camera, what is shown, overlays, side, labels, cut and pose as they are now", at);
  ImGui::BeginDisabled(at <= 1);
  if (ImGui::Button("Move up")) send(ui, StoryEdit::Kind::MoveUp, at);
  ImGui::EndDisabled();
  sameLineIfFits("Move down");
  ImGui::BeginDisabled(at >= n);
  if (ImGui::Button("Move down")) send(ui, StoryEdit::Kind::MoveDown, at);
  ImGui::EndDisabled();
  sameLineIfFits("Delete step...");
  ImGui::BeginDisabled(n <= 1);  // a story keeps at least one step
  if (ImGui::Button("Delete step...")) ui.confirmDeleteStep = at;
  ImGui::EndDisabled();
}
// How long the move into this step takes when stepping: a slow glide for a big turn, none for a caption change.
void transitionField(UiContext& ui, const StoryStep& step) {
  float seconds = float(step.transitionS);
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 10.f);
  if (ImGui::SliderFloat("Move into this step", &seconds, 0.f, float(kMaxTransitionS), "%.1f s")) {
    StoryEdit e{StoryEdit::Kind::Transition, ui.storyStep};
    e.seconds = std::clamp(double(seconds), 0.0, kMaxTransitionS);  // Ctrl+click can type any number
    ui.storyEdits.push_back(e);
  }
}
}  // namespace

void sameLineIfFits(const char* label) {
  const ImGuiStyle& st = ImGui::GetStyle();
  const float need = ImGui::CalcTextSize(label).x + 2.f * st.FramePadding.x + st.ItemSpacing.x;
  const float lastRight = ImGui::GetItemRectMax().x, windowRight = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
  if (lastRight + need <= windowRight) ImGui::SameLine();
}

void drawStoryEditor(UiContext& ui) {
  static Fields f;
  if (!ui.story || ui.storyStep < 1 || std::size_t(ui.storyStep) > ui.story->steps.size()) return;
  const StoryStep& step = ui.story->steps[std::size_t(ui.storyStep - 1)];
  ImGui::Spacing();
  storyTitleField(ui, f);
  if (ImGui::Button(ui.storyModified ? "Save story... *" : "Save story...")) ui.fileDialog = FileDialogMode::SaveStory;
  ImGui::SameLine();
  ImGui::TextDisabled("%s", ui.story->file.empty() ? "not saved yet" : ui.story->file.filename().c_str());
  ImGui::Separator();
  ImGui::Text("Step %d", ui.storyStep);
  if (!f.stepTitleActive) f.stepTitle = step.title;
  ImGui::SameLine();
  ImGui::SetNextItemWidth(-1);
  if (ImGui::InputTextWithHint("##step_title", "Heading (optional)", &f.stepTitle) && f.stepTitle.size() <= Story::kMaxTitle)
    send(ui, StoryEdit::Kind::StepTitle, ui.storyStep, f.stepTitle);
  f.stepTitleActive = ImGui::IsItemActive();
  captionField(ui, f, step);
  evidenceBoxes(ui, step);
  transitionField(ui, step);
  stepButtons(ui);
}

void drawStoryModals(UiContext& ui) {
  using D = UiContext::Discard;
  const ImVec2 centre(ImGui::GetIO().DisplaySize.x * 0.5f, ImGui::GetIO().DisplaySize.y * 0.5f);
  if (ui.pendingDiscard != D::None && !ImGui::IsPopupOpen("Discard changes?")) ImGui::OpenPopup("Discard changes?");
  ImGui::SetNextWindowPos(centre, ImGuiCond_Always, ImVec2(0.5f, 0.5f));
  ImGui::SetNextWindowSize(ImVec2(480 * ui.scale, 0));
  if (ImGui::BeginPopupModal("Discard changes?", nullptr, ImGuiWindowFlags_NoSavedSettings)) {
    ImGui::TextWrapped("\"%s\" has changes that are not saved. Discard them?", ui.story ? ui.story->title.c_str() : "");
    auto close = [&] { ui.pendingDiscard = D::None; ui.pendingStory.clear(); ImGui::CloseCurrentPopup(); };
    if (ImGui::Button("Save story...")) { ui.fileDialog = FileDialogMode::SaveStory; close(); }
    ImGui::SameLine();
    if (ImGui::Button("Discard")) {
      // The held request again, let through this time.
      if (ui.pendingDiscard == D::Story) ui.requestStory = ui.pendingStory;
      if (ui.pendingDiscard == D::New) ui.requestNewStory = true;
      if (ui.pendingDiscard == D::Stop) ui.requestStopStory = true;
      if (ui.pendingDiscard == D::Quit) ui.requestQuit = true;
      ui.discardConfirmed = true;
      close();
    }
    ImGui::SameLine();
    if (ImGui::Button("Cancel")) close();
    ImGui::EndPopup();
  }
  if (ui.confirmDeleteStep > 0 && !ImGui::IsPopupOpen("Delete step?")) ImGui::OpenPopup("Delete step?");
  ImGui::SetNextWindowPos(centre, ImGuiCond_Always, ImVec2(0.5f, 0.5f));
  ImGui::SetNextWindowSize(ImVec2(420 * ui.scale, 0));
  if (ImGui::BeginPopupModal("Delete step?", nullptr, ImGuiWindowFlags_NoSavedSettings)) {
    const int n = ui.confirmDeleteStep;
    const bool valid = ui.story && n >= 1 && std::size_t(n) <= ui.story->steps.size();
    const std::string title = valid ? ui.story->steps[std::size_t(n - 1)].title : "";
    ImGui::TextWrapped("Delete step %d%s%s%s, its view and its caption?", n, title.empty() ? "" : " (\"",
                       title.c_str(), title.empty() ? "" : "\")");
    if (ImGui::Button("Delete") && valid) {
      send(ui, StoryEdit::Kind::Delete, n);
      ui.confirmDeleteStep = 0;
      ImGui::CloseCurrentPopup();
    }
    ImGui::SameLine();
    if (ImGui::Button("Cancel") || !valid) {
      ui.confirmDeleteStep = 0;
      ImGui::CloseCurrentPopup();
    }
    ImGui::EndPopup();
  }
}

}  // namespace psoas::ui
