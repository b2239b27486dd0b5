// Export a figure: size presets, print resolution, transparency, a preview, and no silent overwrite.
#include <algorithm>
#include <cstdlib>
#include <filesystem>

#include <imgui.h>
#include <imgui_stdlib.h>

#include "core/user_dirs.hpp"
#include "ui/ui_context.hpp"

namespace psoas::ui {
namespace fs = std::filesystem;

namespace {
struct Preset { const char* name; int w, h; float dpi; };
constexpr Preset kPresets[] = {
    {"Slide 1920 x 1080", 1920, 1080, 0.f},
    {"3000 x 2000", 3000, 2000, 0.f},
    {"Square 2000 x 2000", 2000, 2000, 0.f},
    {"A4 portrait, 300 dpi", 2480, 3508, 300.f},
    {"A4 landscape, 300 dpi", 3508, 2480, 300.f},
};

}  // namespace

void drawExportDialog(UiContext& ui) {
  static bool confirming = false, wantExport = false;
  if (!ui.showExport) return;
  float s = ui.scale;
  FigureSettings& f = ui.figure;
  if (ui.exportPath.empty()) ui.exportPath = numberedPath(picturesDirectory().string(), "psoas-figure", ".png");
  ImGuiIO& io = ImGui::GetIO();
  ImGui::SetNextWindowPos(ImVec2(io.DisplaySize.x * 0.5f, io.DisplaySize.y * 0.45f), ImGuiCond_Appearing, ImVec2(0.5f, 0.5f));
  if (!ImGui::Begin("Export figure", &ui.showExport, ImGuiWindowFlags_AlwaysAutoResize)) { ImGui::End(); return; }
  bool changed = false;
  for (const auto& p : kPresets) {
    bool active = f.width == p.w && f.height == p.h && f.dpi == p.dpi;
    if (active) ImGui::PushStyleColor(ImGuiCol_Button, ImGui::GetStyleColorVec4(ImGuiCol_ButtonActive));
    if (ImGui::Button(p.name)) { f.width = p.w; f.height = p.h; f.dpi = p.dpi; changed = true; }
    if (active) ImGui::PopStyleColor();
    if (&p != &kPresets[2] && &p != &kPresets[4]) ImGui::SameLine();
  }
  int size[2] = {f.width, f.height};
  ImGui::SetNextItemWidth(220 * s);
  if (ImGui::InputInt2("Size (pixels)", size)) {
    f.width = std::clamp(size[0], 16, 16384);
    f.height = std::clamp(size[1], 16, 16384);
    changed = true;
  }
  ImGui::SetNextItemWidth(220 * s);
  if (ImGui::InputFloat("Print resolution (dpi, 0 = none)", &f.dpi, 50.f, 100.f, "%.0f")) {
    f.dpi = std::clamp(f.dpi, 0.f, 2400.f);
    changed = true;
  }
  if (f.dpi > 0.f) ImGui::TextDisabled("%.1f x %.1f cm at %.0f dpi", f.width / f.dpi * 2.54f, f.height / f.dpi * 2.54f, f.dpi);
  ImGui::SetNextItemWidth(220 * s);
  changed |= ImGui::SliderInt("Supersampling", &f.ssaa, 1, 4);
  changed |= ImGui::Checkbox("Transparent background", &f.transparent);
  if (!f.transparent) {
    ImGui::SameLine();
    float bg[3] = {f.background.r, f.background.g, f.background.b};
    if (ImGui::ColorEdit3("Background", bg, ImGuiColorEditFlags_NoInputs)) {
      f.background = glm::vec4(bg[0], bg[1], bg[2], 1.f);
      changed = true;
    }
  }
  changed |= ImGui::Checkbox("Fit the model to the figure", &ui.figureFit);
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Frame what is shown to the figure's shape (off: as the window frames it)");
  if (changed) ui.requestPreview = true;
  if (ui.previewTexture && ui.previewWidth > 0) {
    float w = 420 * s;
    float h = w * float(ui.previewHeight) / float(ui.previewWidth);
    if (h > 320 * s) { w *= 320 * s / h; h = 320 * s; }
    // A transparent background shows as the usual checkerboard, so it reads as "no background".
    if (f.transparent) {
      ImVec2 p = ImGui::GetCursorScreenPos();
      ImDrawList* dl = ImGui::GetWindowDrawList();
      const float cell = 10 * s;
      for (float y = 0; y < h; y += cell)
        for (float x = 0; x < w; x += cell) {
          bool dark = (int(x / cell) + int(y / cell)) % 2;
          dl->AddRectFilled(ImVec2(p.x + x, p.y + y), ImVec2(p.x + std::min(x + cell, w), p.y + std::min(y + cell, h)),
                            dark ? IM_COL32(150, 150, 150, 255) : IM_COL32(205, 205, 205, 255));
        }
    }
    ImGui::Image(reinterpret_cast<ImTextureID>(static_cast<std::uintptr_t>(ui.previewTexture)), ImVec2(w, h));
  }
  ImGui::SetNextItemWidth(440 * s);
  ImGui::InputText("##exportpath", &ui.exportPath);
  ImGui::SameLine();
  if (ImGui::Button("Browse...")) ui.fileDialog = FileDialogMode::ExportFigure;
  if (ImGui::Button("Export")) wantExport = true;
  ImGui::SameLine();
  ImGui::TextDisabled("The PNG also holds the view: open it again to continue where you were.");
  if (wantExport) {
    if (fs::path(ui.exportPath).extension() != ".png") {
      ui.errors.push_back("The figure's file name must end in .png:\n" + ui.exportPath);
      wantExport = false;
    } else if (confirmOverwrite("Replace figure?", ui.exportPath, confirming, s)) {
      ui.requestExport = true;
      wantExport = false;
    } else if (!confirming) {
      wantExport = false;
    }
  }
  ImGui::End();
}

}  // namespace psoas::ui
