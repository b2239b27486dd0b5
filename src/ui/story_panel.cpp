// "Story": choose a built-in story, step through it (buttons, the step list, arrow and Page keys while it
// runs), read each caption with its evidence tags; or make and change one (ui/story_editor.cpp). In presentation mode only the caption bar at the bottom
// is drawn: large type for a room, the step dots, and how to leave.
#include <algorithm>
#include <cfloat>

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
  if (ImGui::Button("New story")) ui.requestNewStory = true;
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("A story of your own, its first step the view shown now");
  if (ui.story) {
    ImGui::SameLine();
    ImGui::Checkbox("Edit", &ui.storyEditing);
  }
  if (ui.storyEditing) return;  // the list makes room for the editor
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
  // The unsaved marker, as editors show it: the title with a star.
  ImGui::Text("%s%s: step %d of %zu", story.title.c_str(), ui.storyModified ? " *" : "", ui.storyStep, story.steps.size());
  if (ui.storyModified && ImGui::IsItemHovered()) ImGui::SetTooltip("Changed and not saved yet");
  if (ImGui::Button("< Previous") && ui.storyStep > 1) ui.requestStep = ui.storyStep - 1;
  sameLineIfFits("Next >");
  if (ImGui::Button("Next >") && ui.storyStep < int(story.steps.size())) ui.requestStep = ui.storyStep + 1;
  sameLineIfFits("Present (F5)");
  if (ImGui::Button("Present (F5)")) ui.requestPresent = true;
  sameLineIfFits("Stop");
  if (ImGui::Button("Stop")) ui.requestStopStory = true;
  if (ui.storyEditing) {
    drawStoryEditor(ui);
  } else if (ui.storyStep >= 1 && ui.storyCaptions && std::size_t(ui.storyStep) <= ui.storyCaptions->size()) {
    const StoryStep& step = story.steps[std::size_t(ui.storyStep - 1)];
    ImGui::Spacing();
    ImGui::TextUnformatted(step.title.c_str());
    ImGui::TextWrapped("%s", (*ui.storyCaptions)[std::size_t(ui.storyStep - 1)].c_str());
    ImGui::TextDisabled("Evidence: %s", evidenceNames(*ui.atlas, step).c_str());
  }
  ImGui::Spacing();
  for (std::size_t i = 0; i < story.steps.size(); ++i) {
    const std::string& title = story.steps[i].title;
    std::string text = std::to_string(i + 1) + ". " + (title.empty() ? "(no title)" : title) + "##step" + std::to_string(i);
    if (ImGui::Selectable(text.c_str(), int(i + 1) == ui.storyStep)) ui.requestStep = int(i + 1);
  }
  ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
  ImGui::TextWrapped("Arrow keys or Page Up/Down step while a story runs.");
  ImGui::PopStyleColor();
}

// The caption's type size for a room: as large as the window allows (at least twice the panels' where it
// fits) while title and wrapped caption stay inside a bar of at most `maxHeight`; returns the bar's height.
float captionBarHeight(const std::string& title, const std::string& caption, float width, float maxHeight, float reserve,
                       float& scale) {
  ImFont* font = ImGui::GetFont();
  const float base = ImGui::GetFontSize(), pad = 2.f * ImGui::GetStyle().WindowPadding.y;
  const float largest = std::max(2.f, ImGui::GetIO().DisplaySize.y / 540.f);
  float h = 0.f;
  for (scale = largest; scale > 1.f; scale -= 0.1f) {
    const float px = base * scale;
    h = font->CalcTextSizeA(px, FLT_MAX, 0.f, title.c_str()).y +
        font->CalcTextSizeA(px, FLT_MAX, width, caption.c_str()).y + px * 0.3f + pad + reserve;
    if (h <= maxHeight) return h;
  }
  scale = 1.f;
  return std::min(h, maxHeight);
}

// The bar at the bottom in presentation mode: caption large enough to read across a room, step dots under it.
void presentationBar(UiContext& ui) {
  ImGuiIO& io = ImGui::GetIO();
  const bool stepShown = ui.story && ui.storyStep >= 1 && ui.storyCaptions;
  const float r = 6.f * ui.scale, gap = 22.f * ui.scale, dots = 4.f * r;
  const float wrap = io.DisplaySize.x - 2.f * ImGui::GetStyle().WindowPadding.x - 20.f;
  float scale = 2.f, height = io.DisplaySize.y * 0.12f;
  std::string title, caption;
  if (stepShown) {
    title = ui.story->steps[std::size_t(ui.storyStep - 1)].title;
    caption = (*ui.storyCaptions)[std::size_t(ui.storyStep - 1)];
    height = captionBarHeight(title, caption, wrap, io.DisplaySize.y * 0.4f, dots, scale);
  }
  ui.freeBottom = io.DisplaySize.y - height;  // the model centres in the part above the bar
  ImGui::SetNextWindowPos(ImVec2(0, io.DisplaySize.y - height));
  ImGui::SetNextWindowSize(ImVec2(io.DisplaySize.x, height));
  ImGui::SetNextWindowBgAlpha(0.75f);
  ImGuiWindowFlags flags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                           ImGuiWindowFlags_NoFocusOnAppearing | ImGuiWindowFlags_NoNav;
  if (!ImGui::Begin("##presentation", nullptr, flags)) { ImGui::End(); return; }
  ImGui::SetWindowFontScale(scale);
  if (stepShown) {
    ImGui::TextUnformatted(title.c_str());
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + wrap);
    ImGui::TextUnformatted(caption.c_str());
    ImGui::PopTextWrapPos();
    ImDrawList* draw = ImGui::GetWindowDrawList();
    const std::size_t n = ui.story->steps.size();
    ImVec2 origin(io.DisplaySize.x * 0.5f - gap * float(n - 1) * 0.5f, io.DisplaySize.y - dots * 0.5f);
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
  drawStoryModals(ui);  // "Discard changes?" may be asked from the menu or a dropped file, panel shown or not
  if (ui.presenting) {
    presentationBar(ui);
    return;
  }
  if (!ui.showStory) return;
  // In the right column, under the information and the teach panels.
  if (!placePanel(ui, Panel::Story)) return;
  bool open = ImGui::Begin("Story", &ui.showStory, panelFlags());
  notePanel(ui, Panel::Story);
  if (open) {
    chooser(ui);
    if (ui.story) steps(ui);
  }
  ImGui::End();
}

}  // namespace psoas::ui
