#include "core/pen.hpp"

#include <algorithm>

#include <glm/geometric.hpp>

namespace psoas {

PenMarks PenMarks::scaled(float factor) const {
  PenMarks out = *this;
  out.width *= factor;
  for (auto& s : out.strokes)
    for (auto& p : s.points) p *= factor;
  return out;
}

std::optional<std::array<glm::vec2, 3>> arrowHead(const PenStroke& stroke, float size) {
  if (stroke.points.size() < 2 || size <= 0.f) return std::nullopt;
  const glm::vec2 tip = stroke.points.back();
  // Walk back to the first point half a head away (or the stroke's start, for a short stroke).
  glm::vec2 from = stroke.points.front();
  for (auto it = stroke.points.rbegin() + 1; it != stroke.points.rend(); ++it)
    if (glm::length(tip - *it) >= size * 0.5f) { from = *it; break; }
  const glm::vec2 d = tip - from;
  const float len = glm::length(d);
  if (len < 1e-3f) return std::nullopt;
  const glm::vec2 dir = d / len, side(-dir.y, dir.x);
  const glm::vec2 base = tip - dir * size;
  return std::array<glm::vec2, 3>{tip, base + side * (size * 0.5f), base - side * (size * 0.5f)};
}

void PenSketch::begin(glm::vec2 p, bool arrow, const Camera& camera, glm::vec2 window) {
  follow(camera, window);
  if (strokes_.empty()) { camera_ = camera; window_ = window; }
  if (strokes_.size() >= kMaxStrokes) strokes_.erase(strokes_.begin());
  strokes_.push_back({{p}, arrow});
  drawing_ = true;
}

void PenSketch::extend(glm::vec2 p) {
  if (!drawing_ || strokes_.empty()) return;
  auto& pts = strokes_.back().points;
  if (pts.size() >= kMaxPoints || glm::length(p - pts.back()) < kMinStep) return;
  pts.push_back(p);
}

void PenSketch::end() {
  if (!drawing_) return;
  drawing_ = false;
  // A click is not a stroke: nothing shorter than a few pixels from its start is kept.
  const auto& pts = strokes_.back().points;
  float reach = 0.f;
  for (const auto& p : pts) reach = std::max(reach, glm::length(p - pts.front()));
  if (reach < kMinLength) strokes_.pop_back();
}

bool PenSketch::follow(const Camera& camera, glm::vec2 window) {
  if (strokes_.empty() || (camera == camera_ && window == window_)) return false;
  clear();
  return true;
}

void PenSketch::clear() {
  strokes_.clear();
  drawing_ = false;
}

}  // namespace psoas
