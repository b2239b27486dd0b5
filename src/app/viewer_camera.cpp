// The window's camera: views and fits inside the free area between the panels, the lens shift that centres
// the model there, and the eased glide from one camera to the next.
#include <algorithm>

#include <GLFW/glfw3.h>

#include "app/viewer.hpp"
#include "ui/layout.hpp"

namespace psoas {

void Viewer::startAnimation(const Camera& to) {
  anim_.from = state_.camera;
  anim_.to = to;
  anim_.start = glfwGetTime();
  anim_.active = true;
  dirty_ = true;
}

glm::vec2 Viewer::windowSize() const {
  int w = 1, h = 1;
  glfwGetWindowSize(window_, &w, &h);
  return {float(std::max(w, 1)), float(std::max(h, 1))};
}

ui::Rect Viewer::freeArea() const {
  // Before the first frame has laid out the columns: the whole window.
  return ui_.layout.free.empty() ? ui::Rect{{0.f, 0.f}, windowSize()} : ui_.layout.free;
}

float Viewer::viewAspect() const {
  ui::Rect f = freeArea();
  return f.width() / std::max(f.height(), 1.f);
}

void Viewer::updateFreeArea() {
  // The columns and the button row take their part of the window: shift the lens so the model centres in
  // what is left (ui/layout).
  glm::vec2 shift = ui::freeAreaShift(freeArea(), windowSize());
  if (glm::length(shift - state_.camera.shift) > 1e-4f) {
    state_.camera.shift = shift;
    if (anim_.active) anim_.to.shift = shift;
    dirty_ = true;
  }
  if (refitAfterLayout_) {  // the first fit happened before the panels existed
    refitAfterLayout_ = false;
    goToView(currentView_, false);
    history_.reset(state_);  // the fit to the laid-out window is where undo starts, not a step
  }
}

void Viewer::goToView(const std::string& id, bool animate) {
  const ViewPreset* v = atlas_.findView(id);
  if (!v) return;
  currentView_ = id;
  Camera to = ui::fitInFreeArea(*v, pose_.visibleBounds(atlas_, state_), freeArea(), windowSize());
  if (animate) startAnimation(to);
  else { state_.camera = to; dirty_ = true; }
}

void Viewer::frameBounds(const Bounds& b, bool animate) {
  // Keep the current direction, only re-aim and re-fit, inside the free area.
  Camera to = ui::refitInFreeArea(state_.camera, b, freeArea(), windowSize());
  if (animate) startAnimation(to);
  else { state_.camera = to; dirty_ = true; }
}

}  // namespace psoas
