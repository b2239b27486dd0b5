#pragma once
// Mouse, touchpad and keyboard to camera motion. Left drag orbits, right or middle drag (or
// Shift/Ctrl + left drag) pans, the wheel or two-finger scroll zooms; a press and release without
// movement is a click.
#include <vector>

#include <glm/vec2.hpp>

struct GLFWwindow;

namespace psoas {

struct Camera;

struct PointerResult {
  bool cameraChanged = false;
  bool clicked = false;       // a left click that did not drag
  bool rightClicked = false;  // a right click that did not drag (context menu)
  glm::vec2 clickPos{0.f};    // window coordinates
  bool hovering = false;      // cursor over the 3D view and not dragging
  glm::vec2 hoverPos{0.f};
  // With drawing on (the pen), a left drag draws instead of turning: where it went this frame.
  bool strokeBegan = false, strokeEnded = false;
  bool strokeModifier = false;          // Shift or Ctrl held when it began (an arrow)
  std::vector<glm::vec2> strokePoints;  // window coordinates, in order
};

class CameraInput {
 public:
  PointerResult update(GLFWwindow* window, Camera& cam, bool uiOwnsMouse, bool uiOwnsKeyboard, float dt);
  void addScroll(double dx, double dy) { scrollX_ += dx; scrollY_ += dy; }
  // Button events come from the GLFW callback: polling would miss a press and release within one frame.
  void addButton(int button, bool pressed, bool mods, glm::vec2 at) { buttons_.push_back({button, pressed, mods, at}); }
  bool dragging() const { return dragButton_ >= 0; }
  // The pen tool: left drags draw (reported in PointerResult), right and middle drags still move the model.
  void setDrawing(bool on) { drawing_ = on; }

 private:
  struct ButtonEvent { int button; bool pressed; bool panModifier; glm::vec2 at; };
  std::vector<ButtonEvent> buttons_;
  int dragButton_ = -1;
  bool dragMoved_ = false;
  bool panMode_ = false;
  bool drawing_ = false, stroking_ = false;  // the pen is on; the left drag under way draws
  glm::vec2 pressPos_{0.f}, lastPos_{0.f};
  double scrollX_ = 0, scrollY_ = 0;
};

}  // namespace psoas
