// "Story": choose a built-in story, step through it (buttons, the step list, arrow and Page keys while it
// runs), read each caption with its evidence tags. In presentation mode only the caption bar at the bottom
// is drawn: large type for a room, the step dots, and how to leave.
#include <imgui.h>

#include "core/atlas.hpp"
#include "core/story.hpp"
#include "ui/ui_context.hpp"

namespace psoas::ui {

namespace {
std::string evidenceNames(const Atlas& atlas, const StoryStep& step) {
  std::string out;
  for (const std::string& id : step.evidence) {
    int e = findId(atlas.evidenceLevels, id);
    out += (out.empty() ? "" : "; ") + (e >= 0 ? atlas.evidenceLevels[std::size_t(e)].name : id);
  }
  return out;
}

void chooser(UiContext& ui) {
  if (ui.stories.empty()) { ImGui::TextDisabled("No built-in stories were found."); return; }
  ImGui::TextWrapped("A story shows the client one thing at a time. Choose one:");
  for (const auto& s : ui.stories) {
    std::string text = s.title + " (" + std::to_string(s.steps) + " steps)";
    if (ImGui::Selectable(text.c_str(), ui.story && ui.story->id == s.id)) ui.requestStory = s.id;
  }
}

void steps(UiContext& ui) {
  const Story& story = *ui.story;
  ImGui::Separator();
  ImGui::Text("%s: step %d of %zu", story.title.c_str(), ui.storyStep, story.steps.size());
  if (ImGui::Button("< Previous") && ui.storyStep > 1) ui.requestStep = ui.storyStep - 1;
  ImGui::SameLine();
  if (ImGui::Button("Next >") && ui.storyStep < int(story.steps.size())) ui.requestStep = ui.storyStep + 1;
  ImGui::SameLine();
  if (ImGui::Button("Present (F5)")) ui.requestPresent = true;
  ImGui::SameLine();
  if (ImGui::Button("Stop")) ui.requestStopStory = true;
  if (ui.storyStep >= 1 && ui.storyCaptions && std::size_t(ui.storyStep) <= ui.storyCaptions->size()) {
    const StoryStep& step = story.steps[std::size_t(ui.storyStep - 1)];
    ImGui::Spacing();
    ImGui::TextUnformatted(step.title.c_str());
    ImGui::TextWrapped("%s", (*ui.storyCaptions)[std::size_t(ui.storyStep - 1)].c_str());
    ImGui::TextDisabled("Evidence: %s", evidenceNames(*ui.atlas, step).c_str());
  }
  ImGui::Spacing();
  for (std::size_t i = 0; i < story.steps.size(); ++i) {
    std::string text = std::to_string(i + 1) + ". " + story.steps[i].title;
    if (ImGui::Selectable(text.c_str(), int(i + 1) == ui.storyStep)) ui.requestStep = int(i + 1);
  }
  ImGui::TextDisabled("Arrow keys or Page Up/Down step while a story runs.");
}

// The bar at the bottom in presentation mode: caption large enough to read across a room, step dots.
void presentationBar(UiContext& ui) {
  ImGuiIO& io = ImGui::GetIO();
  const float height = io.DisplaySize.y * 0.22f;
  ImGui::SetNextWindowPos(ImVec2(0, io.DisplaySize.y - height));
  ImGui::SetNextWindowSize(ImVec2(io.DisplaySize.x, height));
  ImGui::SetNextWindowBgAlpha(0.75f);
  ImGuiWindowFlags flags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                           ImGuiWindowFlags_NoFocusOnAppearing | ImGuiWindowFlags_NoNav;
  if (!ImGui::Begin("##presentation", nullptr, flags)) { ImGui::End(); return; }
  // Large type: scaled with the window, at least twice the panels' size.
  ImGui::SetWindowFontScale(std::max(2.f, io.DisplaySize.y / 540.f));
  if (ui.story && ui.storyStep >= 1 && ui.storyCaptions) {
    const StoryStep& step = ui.story->steps[std::size_t(ui.storyStep - 1)];
    ImGui::TextUnformatted(step.title.c_str());
    ImGui::PushTextWrapPos(io.DisplaySize.x - 20.f);
    ImGui::TextUnformatted((*ui.storyCaptions)[std::size_t(ui.storyStep - 1)].c_str());
    ImGui::PopTextWrapPos();
    ImDrawList* draw = ImGui::GetWindowDrawList();
    const float r = 6.f * ui.scale, gap = 22.f * ui.scale;
    const std::size_t n = ui.story->steps.size();
    ImVec2 origin(io.DisplaySize.x * 0.5f - gap * float(n - 1) * 0.5f, io.DisplaySize.y - 3.f * r);
    for (std::size_t i = 0; i < n; ++i) {
      ImVec2 c(origin.x + gap * float(i), origin.y);
      if (int(i + 1) == ui.storyStep) draw->AddCircleFilled(c, r, IM_COL32(255, 255, 255, 255));
      else draw->AddCircle(c, r, IM_COL32(255, 255, 255, 200), 0, 2.f);
    }
  } else {
    ImGui::TextDisabled("Presentation mode: Esc leaves.");
  }
  ImGui::End();
}
}  // namespace

void drawStoryPanel(UiContext& ui) {
  if (ui.presenting) {
    presentationBar(ui);
    return;
  }
  if (!ui.showStory) return;
  ImGui::SetNextWindowSize(ImVec2(360 * ui.scale, 420 * ui.scale), ImGuiCond_FirstUseEver);
  if (ImGui::Begin("Story", &ui.showStory)) {
    chooser(ui);
    if (ui.story) steps(ui);
  }
  ImGui::End();
}

}  // namespace psoas::ui
