// The side columns: where each panel goes this frame (ui/layout computes it), the splitters that resize the
// columns, and the strip a collapsed column folds to. ImGui 1.86 has no docking, so the panels are
// fixed-position windows placed here every frame.
#include <algorithm>

#include <imgui.h>

#include "ui/ui_context.hpp"

namespace psoas::ui {

namespace {
bool shownNow(const UiContext& ui, Panel p) {
  switch (p) {
    case Panel::Structures: return ui.showStructures;
    case Panel::Symptoms: return ui.showSymptoms;
    case Panel::Info: return ui.showInfo;
    case Panel::Pose: return ui.showPose && !ui.atlas->motion.skeleton.empty();
    case Panel::Story: return ui.showStory;
    case Panel::Quiz: return ui.showQuiz || quizActive(ui);
    default: return ui.showTeaching;
  }
}

// Height of the view buttons: their rows, the window's padding and the gap under it.
float toolbarHeight(const UiContext& ui) {
  if (!ui.showToolbar) return 0.f;
  const ImGuiStyle& st = ImGui::GetStyle();
  const float rows = float(viewToolbarRows(ui));
  return rows * 34.f * ui.scale + (rows - 1.f) * st.ItemSpacing.y + 2.f * st.WindowPadding.y + 12.f * ui.scale;
}
}  // namespace

void beginLayout(UiContext& ui) {
  ImGuiIO& io = ImGui::GetIO();
  LayoutInput& in = ui.layoutIn;
  in.window = {io.DisplaySize.x, io.DisplaySize.y};
  in.scale = ui.scale;
  in.menuHeight = ImGui::GetFrameHeight();  // the main menu bar's height
  in.toolbarHeight = toolbarHeight(ui);
  in.titleHeight = ImGui::GetFrameHeight();
  for (int p = 0; p < kPanelCount; ++p) {
    in.shown[p] = shownNow(ui, Panel(p));
    if (!in.shown[p]) in.collapsed[p] = false;
  }
  in.columns = ui.columns;
  ui.layout = computeLayout(in);
  for (Rect& r : ui.drawnPanels) r = {};
  ui.freeLeft = ui.layout.free.min.x;
  ui.freeRight = ui.layout.free.max.x;
  ui.freeTop = ui.layout.free.min.y;
  ui.freeBottom = ui.layout.free.max.y;
}

void applyPanelSettings(UiContext& ui, const AppSettings& s) {
  ui.showStructures = s.showStructures;
  ui.showInfo = s.showInfo;
  ui.showToolbar = s.showToolbar;
  ui.showTeaching = s.showTeaching;
  ui.showSymptoms = s.showSymptoms;
  ui.darkBackground = s.darkBackground;
  ui.columns = {s.leftColumnWidth, s.rightColumnWidth, s.leftCollapsed, s.rightCollapsed};
}

void storePanelSettings(const UiContext& ui, AppSettings& s) {
  s.showStructures = ui.showStructures;
  s.showInfo = ui.showInfo;
  s.showToolbar = ui.showToolbar;
  s.showTeaching = ui.showTeaching;
  s.showSymptoms = ui.showSymptoms;
  s.darkBackground = ui.darkBackground;
  s.leftColumnWidth = ui.columns.leftWidth;
  s.rightColumnWidth = ui.columns.rightWidth;
  s.leftCollapsed = ui.columns.leftCollapsed;
  s.rightCollapsed = ui.columns.rightCollapsed;
  keepPanelsHiddenByQuiz(ui, s);
}

bool placePanel(UiContext& ui, Panel p) {
  const Rect& r = ui.layout.panels[int(p)];
  if (r.empty()) return false;  // its column is folded to a strip
  ImGui::SetNextWindowPos(ImVec2(r.min.x, r.min.y), ImGuiCond_Always);
  ImGui::SetNextWindowSize(ImVec2(r.width(), r.height()), ImGuiCond_Always);
  return true;
}

void notePanel(UiContext& ui, Panel p) {
  ui.layoutIn.collapsed[int(p)] = ImGui::IsWindowCollapsed();
  ImVec2 pos = ImGui::GetWindowPos(), size = ImGui::GetWindowSize();
  ui.drawnPanels[int(p)] = {{pos.x, pos.y}, {pos.x + size.x, pos.y + size.y}};
}

int panelFlags() { return ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize; }

namespace {
// A thin handle on a column's inner edge: drag to resize, double-click to fold the column away.
void splitter(UiContext& ui, bool left) {
  const Rect& r = left ? ui.layout.leftSplitter : ui.layout.rightSplitter;
  if (r.empty() || (left ? ui.columns.leftCollapsed : ui.columns.rightCollapsed)) return;
  ImGui::SetNextWindowPos(ImVec2(r.min.x, r.min.y), ImGuiCond_Always);
  ImGui::SetNextWindowSize(ImVec2(r.width(), r.height()), ImGuiCond_Always);
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(0, 0));
  ImGui::PushStyleVar(ImGuiStyleVar_WindowMinSize, ImVec2(1, 1));
  ImGui::SetNextWindowBgAlpha(0.f);
  const ImGuiWindowFlags flags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                                 ImGuiWindowFlags_NoBringToFrontOnFocus | ImGuiWindowFlags_NoFocusOnAppearing;
  if (ImGui::Begin(left ? "##split-left" : "##split-right", nullptr, flags)) {
    ImGui::InvisibleButton("##drag", ImVec2(r.width(), r.height()));
    if (ImGui::IsItemHovered() || ImGui::IsItemActive()) ImGui::SetMouseCursor(ImGuiMouseCursor_ResizeEW);
    if (ImGui::IsItemActive() && ImGui::GetIO().MouseDelta.x != 0.f)
      (left ? ui.columns.leftWidth : ui.columns.rightWidth) = draggedWidth(ui.layout, ui.layoutIn, left, ImGui::GetIO().MouseDelta.x);
    if (ImGui::IsItemHovered() && ImGui::IsMouseDoubleClicked(0)) (left ? ui.columns.leftCollapsed : ui.columns.rightCollapsed) = true;
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Drag to resize; double-click to fold the panels away");
  }
  ImGui::End();
  ImGui::PopStyleVar(2);
}

// A folded column: a narrow strip with one button that opens it again.
void strip(UiContext& ui, bool left) {
  const Rect& r = left ? ui.layout.leftStrip : ui.layout.rightStrip;
  if (r.empty()) return;
  ImGui::SetNextWindowPos(ImVec2(r.min.x, r.min.y), ImGuiCond_Always);
  ImGui::SetNextWindowSize(ImVec2(r.width(), r.height()), ImGuiCond_Always);
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(2 * ui.scale, 6 * ui.scale));
  const ImGuiWindowFlags flags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings;
  if (ImGui::Begin(left ? "##strip-left" : "##strip-right", nullptr, flags)) {
    if (ImGui::Button(left ? ">" : "<", ImVec2(-1, 60 * ui.scale))) (left ? ui.columns.leftCollapsed : ui.columns.rightCollapsed) = false;
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Show the panels");
  }
  ImGui::End();
  ImGui::PopStyleVar();
}
}  // namespace

void drawColumnControls(UiContext& ui) {
  splitter(ui, true);
  splitter(ui, false);
  strip(ui, true);
  strip(ui, false);
}

}  // namespace psoas::ui
