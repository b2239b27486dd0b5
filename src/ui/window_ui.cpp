// Everything ImGui draws in one frame of the window, in order. The viewer and `psoas-atlas screenshot
// --window` both call this, so the headless picture is the window, not a look-alike.
#include "ui/ui_context.hpp"

namespace psoas::ui {

void drawWindowUi(UiContext& ui) {
  beginLayout(ui);  // the columns, the button row and the free area for this frame
  drawMainMenu(ui);
  drawStructurePanel(ui);
  drawInfoPanel(ui);
  drawViewToolbar(ui);
  drawHoverTooltip(ui);
  drawOpenFileDialog(ui);
  drawExportDialog(ui);
  drawHelpWindows(ui);
  drawTeachingPanel(ui);
  drawSymptomPanel(ui);
  drawContextMenu(ui);
  drawColumnControls(ui);
  drawErrorModal(ui);
}

}  // namespace psoas::ui
