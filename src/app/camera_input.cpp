#include "app/camera_input.hpp"

#include <cmath>

#include <GLFW/glfw3.h>
#include <glm/geometric.hpp>

#include "core/camera.hpp"

namespace psoas {

namespace {
// Arrow keys turn (Shift: move) and +/- zoom while held, at a rate per second; true if the camera moved.
bool heldKeysMove(GLFWwindow* w, Camera& cam, bool shift, float dt) {
  auto down = [&](int k) { return glfwGetKey(w, k) == GLFW_PRESS; };
  bool moved = false;
  const float rate = 1.6f * dt;  // radians per second when a key is held
  const float ox = float(down(GLFW_KEY_LEFT)) - float(down(GLFW_KEY_RIGHT));
  const float oy = float(down(GLFW_KEY_UP)) - float(down(GLFW_KEY_DOWN));
  if (ox != 0 || oy != 0) {
    if (shift) cam.pan(-ox * dt * 0.5f, oy * dt * 0.5f);
    else cam.orbit(ox * rate, oy * rate);
    moved = true;
  }
  const float z = float(down(GLFW_KEY_EQUAL) || down(GLFW_KEY_KP_ADD) || down(GLFW_KEY_PAGE_UP)) -
                  float(down(GLFW_KEY_MINUS) || down(GLFW_KEY_KP_SUBTRACT) || down(GLFW_KEY_PAGE_DOWN));
  if (z != 0) {
    cam.zoom(std::pow(2.f, z * dt));
    moved = true;
  }
  return moved;
}
}  // namespace

PointerResult CameraInput::update(GLFWwindow* w, Camera& cam, bool uiOwnsMouse, bool uiOwnsKeyboard, float dt) {
  PointerResult r;
  double mx = 0, my = 0;
  glfwGetCursorPos(w, &mx, &my);
  glm::vec2 pos{float(mx), float(my)};
  int winW = 1, winH = 1;
  glfwGetWindowSize(w, &winW, &winH);
  winH = winH > 0 ? winH : 1;
  bool shift = glfwGetKey(w, GLFW_KEY_LEFT_SHIFT) == GLFW_PRESS || glfwGetKey(w, GLFW_KEY_RIGHT_SHIFT) == GLFW_PRESS;

  auto dragTo = [&](glm::vec2 to) {
    if (stroking_) {  // the pen: the points go to the sketch, the camera stays
      r.strokePoints.push_back(to);
      lastPos_ = to;
      return;
    }
    glm::vec2 d = to - lastPos_;
    if (glm::length(to - pressPos_) > 4.f) dragMoved_ = true;
    if (dragMoved_ && (d.x != 0.f || d.y != 0.f)) {
      if (panMode_) cam.pan(d.x / float(winH), d.y / float(winH));
      else cam.orbit(-d.x * 0.008f, -d.y * 0.008f);
      r.cameraChanged = true;
    }
    lastPos_ = to;
  };
  for (const ButtonEvent& e : buttons_) {
    if (e.pressed && dragButton_ < 0 && !uiOwnsMouse && e.button <= GLFW_MOUSE_BUTTON_MIDDLE) {
      dragButton_ = e.button;
      dragMoved_ = false;
      panMode_ = e.button != GLFW_MOUSE_BUTTON_LEFT || e.panModifier;
      pressPos_ = lastPos_ = e.at;
      stroking_ = drawing_ && e.button == GLFW_MOUSE_BUTTON_LEFT;
      if (stroking_) {
        r.strokeBegan = true;
        r.strokeModifier = e.panModifier;
        r.strokePoints.push_back(e.at);
      }
    } else if (!e.pressed && e.button == dragButton_) {
      dragTo(e.at);
      if (stroking_) {  // a pen stroke is never a click
        r.strokeEnded = true;
        stroking_ = false;
        dragButton_ = -1;
        continue;
      }
      if (dragButton_ == GLFW_MOUSE_BUTTON_LEFT && !dragMoved_) {
        r.clicked = true;
        r.clickPos = e.at;
      }
      if (dragButton_ == GLFW_MOUSE_BUTTON_RIGHT && !dragMoved_) {
        r.rightClicked = true;
        r.clickPos = e.at;
      }
      dragButton_ = -1;
    }
  }
  buttons_.clear();
  if (dragButton_ >= 0) {
    dragTo(pos);
  } else if (!uiOwnsMouse && pos.x >= 0 && pos.y >= 0) {
    r.hovering = true;
    r.hoverPos = pos;
  }

  if (!uiOwnsMouse && (scrollX_ != 0 || scrollY_ != 0)) {
    if (shift) cam.pan(float(-scrollX_) * 0.03f, float(scrollY_) * 0.03f);
    else cam.zoom(std::pow(1.12f, float(scrollY_)));
    r.cameraChanged = true;
  }
  scrollX_ = scrollY_ = 0;

  if (!uiOwnsKeyboard && heldKeysMove(w, cam, shift, dt)) r.cameraChanged = true;
  return r;
}

}  // namespace psoas
