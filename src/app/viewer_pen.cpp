// The viewer's part of the pen: strokes from the pointer into the sketch (core/pen), the clearing rule applied
// every frame, and the strokes drawn over the scene with ImGui's background list (under the panels), by the
// same addPenMarks the label pass uses for an F12 screenshot. Drawing them there, not in the scene's label
// pass, keeps a stroke live under the hand without redrawing the 3D scene for every mouse move.
#include <imgui.h>

#include "app/viewer.hpp"
#include "render/overlay_2d.hpp"

namespace psoas {

float Viewer::penWidth() const { return 5.f * uiScale(); }

void Viewer::penFrame(const PointerResult& p) {
  const glm::vec2 window = windowSize();
  if (ui_.requestClearPen) {
    pen_.clear();
    ui_.requestClearPen = false;
  }
  pen_.follow(state_.camera, window);  // the view moved (turn, zoom, view, story step, undo) or the window resized
  if (p.strokeBegan && !p.strokePoints.empty()) {
    const bool arrow = ui_.penTool == ui::UiContext::Pen::Arrow || p.strokeModifier;
    pen_.begin(p.strokePoints.front(), arrow, state_.camera, window);
  }
  for (std::size_t k = p.strokeBegan ? 1 : 0; k < p.strokePoints.size(); ++k) pen_.extend(p.strokePoints[k]);
  if (p.strokeEnded) pen_.end();
  ui_.penHasStrokes = !pen_.empty();
  if (!pen_.empty()) addPenMarks(*ImGui::GetBackgroundDrawList(), pen_.marks(penWidth()));
}

}  // namespace psoas
