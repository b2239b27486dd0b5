// The viewer's part of pins: a click with the pin tool on. It goes through the one picking path
// (Renderer::pickHit on the shown, posed plan) and the action layer (actions::addPin), so the new pin is an
// undo step like any other edit. Kept apart from viewer.cpp, which only calls this.
#include <GLFW/glfw3.h>

#include "app/viewer.hpp"
#include "core/actions.hpp"
#include "core/pins.hpp"

namespace psoas {

void Viewer::pinClick(glm::vec2 pos) {
  int w = 1, h = 1;
  glfwGetWindowSize(window_, &w, &h);
  const Atlas& shown = pose_.atlas(atlas_);
  const PosedGeometry* posed = pose_.geometry();
  // A click on a pin's badge opens its note rather than putting a second pin on top of it.
  int hit = pinAtPixel(shown, posed, state_, w, h, pos, 14.f * uiScale());
  if (hit < 0) {
    PickHit p = renderer_->pickHit(buildFramePlan(shown, state_, Interaction{}, pickOptions(w, h)), w, h, pos);
    if (p.structure < 0) return;  // the background: nothing to pin to
    auto pin = pinNear(shown, posed, p.structure, p.point);
    if (!pin) return;
    hit = actions::addPin(state_, *pin);
    if (hit < 0) {
      ui_.toast = "There are " + std::to_string(kMaxPins) + " pins already: delete one first";
      ui_.toastUntil = glfwGetTime() + 5.0;
      return;
    }
  }
  ui_.editPin = hit;
  ui_.openPinEditor = true;
  dirty_ = true;
}

}  // namespace psoas
