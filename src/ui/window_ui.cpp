// Everything ImGui draws in one frame of the window, in order. The viewer and `psoas-atlas screenshot
// --window` both call this, so the headless picture is the window, not a look-alike.
#include <imgui.h>

#include "ui/ui_context.hpp"

namespace psoas::ui {

void drawWindowUi(UiContext& ui) {
  if (ui.presenting) {  // presentation mode: only the view and the story's caption bar
    ImGuiIO& io = ImGui::GetIO();
    ui.freeLeft = 0.f;
    ui.freeRight = io.DisplaySize.x;
    ui.freeTop = 0.f;
    ui.freeBottom = io.DisplaySize.y;
    drawStoryPanel(ui);
    drawErrorModal(ui);
    return;
  }
  beginLayout(ui);  // the columns, the button row and the free area for this frame
  drawMainMenu(ui);
  drawStructurePanel(ui);
  drawInfoPanel(ui);
  drawViewToolbar(ui);
  drawHoverTooltip(ui);
  drawOpenFileDialog(ui);
  drawExportDialog(ui);
  drawHandoutDialog(ui);
  drawHelpWindows(ui);
  drawTeachingPanel(ui);
  drawSymptomPanel(ui);
  drawPosePanel(ui);
  drawContextMenu(ui);
  drawPinEditor(ui);
  drawQuizPanel(ui);
  drawStoryPanel(ui);
  drawColumnControls(ui);
  drawErrorModal(ui);
}

}  // namespace psoas::ui
