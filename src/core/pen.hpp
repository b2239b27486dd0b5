#pragma once
// The pen: freehand strokes and arrows drawn over the view for the moment (a therapist circles the psoas for
// the client). Window-only: never saved in a view state or a story, kept in window pixels, and cleared as
// soon as the picture under them moves (camera or window size), since a circle drawn around a muscle means
// nothing once the muscle is elsewhere. Drawn by render/overlay_2d (addPenMarks) in the window and in an F12
// screenshot, scaled to its size. No GL, no ImGui.
#include <array>
#include <optional>
#include <vector>

#include <glm/vec2.hpp>

#include "core/camera.hpp"

namespace psoas {

inline constexpr glm::vec3 kPenColor{0.98f, 0.84f, 0.05f};  // sRGB: a marker yellow, apart from red muscles and blue pins

struct PenStroke {
  std::vector<glm::vec2> points;  // pixels, origin top left
  bool arrow = false;             // an arrow head at the last point
};

// What is drawn: the strokes and their line width, in the pixels of one image (the window's or a figure's).
struct PenMarks {
  std::vector<PenStroke> strokes;
  float width = 4.f;
  bool empty() const { return strokes.empty(); }
  PenMarks scaled(float factor) const;  // the same marks on an image `factor` times as large
  float headSize() const { return width * 4.f; }
};

// The arrow head of a stroke: tip (the last point), then its two back corners; `size` is its length. The
// direction is taken from the point about half a head back along the stroke, not the last step, so the jitter
// of a hand stopping does not turn the head. None for a stroke with no length.
std::optional<std::array<glm::vec2, 3>> arrowHead(const PenStroke& stroke, float size);

// Stroke capture and the clearing rule.
class PenSketch {
 public:
  static constexpr std::size_t kMaxStrokes = 64;   // the oldest goes first
  static constexpr std::size_t kMaxPoints = 4096;  // per stroke: a very long scribble stops growing
  static constexpr float kMinStep = 2.f;           // pixels between kept points
  static constexpr float kMinLength = 4.f;         // a shorter stroke (a click) is dropped

  // A new stroke at `p`, over the picture made by `camera` in a window of `window` pixels (strokes made over
  // another picture are cleared first).
  void begin(glm::vec2 p, bool arrow, const Camera& camera, glm::vec2 window);
  void extend(glm::vec2 p);
  void end();
  // Clears the strokes when the camera or the window size differs from the one they were drawn over.
  // Returns true when it cleared something.
  bool follow(const Camera& camera, glm::vec2 window);
  void clear();
  bool drawing() const { return drawing_; }
  bool empty() const { return strokes_.empty(); }
  const std::vector<PenStroke>& strokes() const { return strokes_; }
  PenMarks marks(float width) const { return {strokes_, width}; }

 private:
  std::vector<PenStroke> strokes_;
  bool drawing_ = false;
  Camera camera_;
  glm::vec2 window_{0.f};
};

}  // namespace psoas
