// Big view buttons along the bottom edge, the status message and the educational notice.
#include <algorithm>
#include <vector>

#include <imgui.h>

#include "ui/commands.hpp"
#include "ui/ui_context.hpp"

namespace psoas::ui {

namespace {
// The row's buttons: every atlas view, then Fit, the pin tool and the pen's two modes.
std::vector<const char*> toolbarLabels(const UiContext& ui) {
  std::vector<const char*> labels;
  for (const auto& v : ui.atlas->views) labels.push_back(v.name.c_str());
  labels.push_back("Fit");
  labels.push_back("Pin");
  labels.push_back("Pen");
  labels.push_back("Arrow");
  return labels;
}

// Where each button starts a new row: the buttons wrap when the window is too narrow for one row (a small
// window at a large UI scale), rather than running off its edges.
std::vector<bool> rowBreaks(const UiContext& ui) {
  const ImGuiStyle& st = ImGui::GetStyle();
  const float avail = ImGui::GetIO().DisplaySize.x - 2.f * st.WindowPadding.x - 8.f * ui.scale;
  std::vector<bool> breaks;
  float x = 0.f;
  for (const char* label : toolbarLabels(ui)) {
    float w = ImGui::CalcTextSize(label).x + 2.f * st.FramePadding.x;
    bool wrap = x > 0.f && x + st.ItemSpacing.x + w > avail;
    breaks.push_back(wrap);
    x = (wrap || x == 0.f) ? w : x + st.ItemSpacing.x + w;
  }
  return breaks;
}
// A tool's hint at the top of the free area, wrapped to its width: in a 1024 px window at a large UI scale
// one line would run under the right column.
void toolHint(ImDrawList* dl, const Rect& free, float s, ImU32 color, const char* hint) {
  dl->AddText(ImGui::GetFont(), ImGui::GetFontSize(), ImVec2(free.min.x + 10 * s, free.min.y + 8 * s), color, hint,
              nullptr, std::max(free.max.x - free.min.x - 20 * s, 50.f));
}
}  // namespace

int viewToolbarRows(const UiContext& ui) {
  std::vector<bool> breaks = rowBreaks(ui);
  return 1 + int(std::count(breaks.begin(), breaks.end(), true));
}

void drawViewToolbar(UiContext& ui) {
  ImGuiIO& io = ImGui::GetIO();
  float s = ui.scale;
  if (ui.showToolbar) {
    ImGui::SetNextWindowPos(ImVec2(io.DisplaySize.x * 0.5f, io.DisplaySize.y - 12 * s), ImGuiCond_Always,
                            ImVec2(0.5f, 1.f));
    ImGuiWindowFlags flags = ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoMove |
                             ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoSavedSettings |
                             ImGuiWindowFlags_NoFocusOnAppearing;
    if (ImGui::Begin("##views", nullptr, flags)) {
      const std::vector<bool> breaks = rowBreaks(ui);
      std::size_t i = 0;
      for (const auto& v : ui.atlas->views) {
        if (i > 0 && !breaks[i]) ImGui::SameLine();
        ++i;
        if (ImGui::Button(v.name.c_str(), ImVec2(0, 34 * s))) ui.requestView = v.id;
        if (ImGui::IsItemHovered() && !v.key.empty()) ImGui::SetTooltip("Key %s", v.key.c_str());
      }
      if (i > 0 && !breaks[i]) ImGui::SameLine();
      if (ImGui::Button("Fit", ImVec2(0, 34 * s))) ui.requestFitVisible = true;
      // The pin tool, shown pressed while on: a therapist pins a spot with two clicks, no menu.
      if (!breaks[i + 1]) ImGui::SameLine();
      if (ui.pinTool) ImGui::PushStyleColor(ImGuiCol_Button, ImGui::GetStyleColorVec4(ImGuiCol_ButtonActive));
      if (ImGui::Button("Pin", ImVec2(0, 34 * s))) ui.pinTool = !ui.pinTool;
      if (ui.pinTool) ImGui::PopStyleColor();
      if (ImGui::IsItemHovered()) ImGui::SetTooltip("Pin tool (key P): click the model to place a numbered pin with a note");
      // The pen, for the moment: circle a muscle, point at it. Same look as the pin tool's button.
      const struct { const char* label; UiContext::Pen mode; const char* id; const char* tip; } pens[] = {
          {"Pen", UiContext::Pen::Draw, "pen_tool", "Pen (key D): drag to draw over the view; C clears, moving the view clears"},
          {"Arrow", UiContext::Pen::Arrow, "arrow_tool", "Arrow (Shift+D): drag to draw an arrow pointing where the drag ends"},
      };
      for (std::size_t k = 0; k < 2; ++k) {
        if (!breaks[i + 2 + k]) ImGui::SameLine();
        const bool on = ui.penTool == pens[k].mode;
        if (on) ImGui::PushStyleColor(ImGuiCol_Button, ImGui::GetStyleColorVec4(ImGuiCol_ButtonActive));
        if (ImGui::Button(pens[k].label, ImVec2(0, 34 * s))) command(pens[k].id).run(ui);
        if (on) ImGui::PopStyleColor();
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", pens[k].tip);
      }
    }
    ImGui::End();
  }
  // Status line: short messages, and once, quietly, what this program is not.
  ImDrawList* dl = ImGui::GetForegroundDrawList();
  const char* notice = "Educational atlas - not for diagnosis";
  ImVec2 ns = ImGui::CalcTextSize(notice);
  // In the free area's bottom corners, above the view buttons: never over a button or a panel.
  const Rect& free = ui.layout.free.empty() ? Rect{{0.f, 0.f}, {io.DisplaySize.x, io.DisplaySize.y}} : ui.layout.free;
  dl->AddText(ImVec2(free.max.x - ns.x - 10 * s, free.max.y - ns.y - 6 * s), IM_COL32(200, 200, 200, 110), notice);
  if (ui.pinTool) {
    const char* hint = "Pin tool: click the model to place a pin, click a pin to edit it. P or Esc: done";
    toolHint(dl, free, s, IM_COL32(120, 180, 255, 240), hint);
  }
  if (ui.penTool != UiContext::Pen::Off) {
    const char* hint = ui.penTool == UiContext::Pen::Arrow
                           ? "Arrow pen: drag to draw an arrow. C clears, Esc: done"
                           : "Pen: drag to draw (Shift: an arrow). C clears, Esc: done";
    toolHint(dl, free, s, IM_COL32(250, 214, 40, 240), hint);
  }
  if (!ui.toast.empty() && ImGui::GetTime() < ui.toastUntil)
    dl->AddText(ImVec2(free.min.x + 10 * s, free.max.y - 2.f * ns.y - 10 * s), IM_COL32(255, 220, 150, 230), ui.toast.c_str());
}

}  // namespace psoas::ui
