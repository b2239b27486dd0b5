#pragma once
// Draws Annotations (labels, leader lines, legend) over a rendered image with a real TTF font
// (DejaVu Sans, found at runtime; ImGui's built-in font if it is missing). Uses ImGui's font atlas
// and draw-list tessellation without an ImGui context, so the window and the CLI draw the same pixels.
#include <memory>
#include <string>

#include <glm/vec2.hpp>

#include "core/annotations.hpp"

struct ImDrawList;

namespace psoas {

// Pen strokes and arrows into an ImGui draw list: the label pass's (figures, F12) and the window's background
// list, so the strokes on screen and in a screenshot are the same shapes.
void addPenMarks(ImDrawList& dl, const PenMarks& marks);

class Overlay2D {
 public:
  Overlay2D();  // throws RenderError
  ~Overlay2D();
  Overlay2D(const Overlay2D&) = delete;
  Overlay2D& operator=(const Overlay2D&) = delete;

  // Size of one line of text at `px` pixels (builds the font at that size if needed).
  glm::vec2 measure(const std::string& text, float px);
  // Into the bound framebuffer, premultiplied alpha: the part at (x0, y0) of size w x h (origin top
  // left) of a fullW x fullH image.
  void draw(const Annotations& a, int fullW, int fullH, int x0, int y0, int w, int h);
  bool usesFallbackFont() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace psoas
