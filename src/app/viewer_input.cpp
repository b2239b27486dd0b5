// The window's keys and pointer: keys through the command table (a running story or self-test first),
// hovering and clicking through a pick of the frame plan as drawn.
#include <GLFW/glfw3.h>
#include <imgui.h>

#include "app/viewer.hpp"
#include "core/frame_plan.hpp"
#include "ui/commands.hpp"

namespace psoas {

namespace {
// GLFW's key as the command table names it ("" for keys it does not bind).
ui::Shortcut shortcutFor(int key, int mods) {
  ui::Shortcut s;
  s.ctrl = mods & GLFW_MOD_CONTROL;
  s.shift = mods & GLFW_MOD_SHIFT;
  s.alt = mods & (GLFW_MOD_ALT | GLFW_MOD_SUPER);
  if (key >= GLFW_KEY_A && key <= GLFW_KEY_Z) s.key = std::string(1, char('A' + (key - GLFW_KEY_A)));
  else if (key >= GLFW_KEY_0 && key <= GLFW_KEY_9) s.key = std::string(1, char('0' + (key - GLFW_KEY_0)));
  else if (key >= GLFW_KEY_KP_0 && key <= GLFW_KEY_KP_9) s.key = std::string(1, char('0' + (key - GLFW_KEY_KP_0)));
  else if (key >= GLFW_KEY_F1 && key <= GLFW_KEY_F12) s.key = "F" + std::to_string(1 + key - GLFW_KEY_F1);
  else if (key == GLFW_KEY_ESCAPE) s.key = "Esc";
  else if (key == GLFW_KEY_HOME) s.key = "Home";
  else if (key == GLFW_KEY_ENTER || key == GLFW_KEY_KP_ENTER) s.key = "Enter";
  return s;
}
}  // namespace

void Viewer::handleKeys() {
  // A text field being typed in, or a widget holding the keyboard, gets the keys (ui::runShortcut).
  const bool typing = ImGui::GetIO().WantTextInput || ImGui::GetIO().WantCaptureKeyboard;
  for (const Key& k : keys_) {
    if (!typing && storyKey(k.key)) continue;
    ui::Shortcut s = shortcutFor(k.key, k.mods);
    if (s.key.empty()) continue;
    // A running self-test has its keys (1-4, Enter, Esc) before the view's.
    if (!s.ctrl && ui::quizKey(ui_, s.key, typing)) continue;
    ui::runShortcut(ui_, s, typing);
  }
  keys_.clear();
}

void Viewer::updateHover(const PointerResult& p) {
  Interaction& over = ui_.interaction;
  int hovered = over.hovered;
  double now = glfwGetTime();
  // With the pen, hovering names nothing: a tooltip would sit over what is being drawn around.
  if (!p.hovering || ImGui::GetIO().WantCaptureMouse || ui_.penTool != ui::UiContext::Pen::Off) {
    hovered = -1;
  } else if (p.hoverPos != lastHoverPos_ && now - lastHoverPick_ > 0.05) {
    // Picking draws the scene once into a 1x1 target; rate-limit it so hovering stays cheap.
    int w = 1, h = 1;
    glfwGetWindowSize(window_, &w, &h);
    const Atlas& shown = pose_.atlas(atlas_);
    PickHit hit = renderer_->pickHit(buildFramePlan(shown, state_, Interaction{}, pickOptions(w, h)), w, h, p.hoverPos);
    hovered = hit.structure;
    over.hoveredRegion = hovered >= 0 ? state_.regionAt(shown, hovered, hit.point) : -1;
    lastHoverPick_ = now;
    lastHoverPos_ = p.hoverPos;
  }
  if (hovered != over.hovered) { over.hovered = hovered; dirty_ = true; noteActivity(); }
}

void Viewer::selectAt(glm::vec2 pos) {
  int w = 1, h = 1;
  glfwGetWindowSize(window_, &w, &h);
  const Atlas& shown = pose_.atlas(atlas_);
  const FramePlan plan = buildFramePlan(shown, state_, ui_.interaction, pickOptions(w, h));
  // A trigger-point marker under the cursor wins: it is small and drawn on top of its muscle.
  state_.selectedTrigger = markerAt(plan, w, h, pos, 14.f * uiScale());
  if (state_.selectedTrigger >= 0) {
    const TriggerPoint& tp = shown.triggerPoints[std::size_t(state_.selectedTrigger)];
    state_.selected = tp.structure;
    state_.selectedRegion = -1;
    state_.highlighted = tp.zones;
    state_.selectedSymptom = -1;
    return;
  }
  PickHit hit = renderer_->pickHit(plan, w, h, pos);
  state_.selected = hit.structure;
  state_.selectedRegion = hit.structure >= 0 ? state_.regionAt(shown, hit.structure, hit.point) : -1;
  if (state_.selectedSymptom < 0) state_.highlighted.clear();
}

FrameOptions Viewer::pickOptions(int w, int h) const {
  FrameOptions view;
  view.width = w;
  view.height = h;
  view.posed = pose_.geometry();
  return view;
}

}  // namespace psoas
