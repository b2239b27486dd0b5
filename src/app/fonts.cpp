#include "app/fonts.hpp"

#include <imgui.h>

#include "core/resources.hpp"

namespace psoas {

void setupFonts(float pixelSize) {
  ImGuiIO& io = ImGui::GetIO();
  io.Fonts->Clear();
  io.FontGlobalScale = 1.f;
  ImFontConfig cfg;
  cfg.OversampleH = 2;
  cfg.OversampleV = 2;
  static const ImWchar ranges[] = {0x0020, 0x00FF, 0x0100, 0x017F, 0x2010, 0x205E, 0x2190, 0x21FF, 0};
  if (auto regular = findSystemFont("DejaVuSans.ttf")) {
    io.Fonts->AddFontFromFileTTF(regular->c_str(), pixelSize, &cfg, ranges);
    if (auto bold = findSystemFont("DejaVuSans-Bold.ttf"))
      io.Fonts->AddFontFromFileTTF(bold->c_str(), pixelSize * 1.3f, &cfg, ranges);  // index 1: headings
    return;
  }
  ImFontConfig def;
  def.SizePixels = 13.f;
  io.Fonts->AddFontDefault(&def);
  io.FontGlobalScale = pixelSize / 13.f;
}

void setupStyle(float scale) {
  ImGuiStyle& style = ImGui::GetStyle();
  style = ImGuiStyle();
  ImGui::StyleColorsDark(&style);
  style.WindowRounding = 6.f;
  style.FrameRounding = 4.f;
  style.GrabRounding = 4.f;
  style.WindowBorderSize = 0.f;
  style.Colors[ImGuiCol_WindowBg].w = 0.92f;
  style.ScaleAllSizes(scale);
}

}  // namespace psoas
