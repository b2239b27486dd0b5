#pragma once
// The window's labels fade in and out over about a quarter of a second and keep their column while the
// model turns: the alphas and columns of the last frame carry over to the next. Figures need none of it.
// No GLFW, no GL.
#include <map>
#include <string>

#include "core/annotations.hpp"

namespace psoas {

class LabelAnimation {
 public:
  // Options for the labels of a frame drawn at `now` (seconds) with text scale `scale`: alphas step from
  // the last frame's by the time since it.
  AnnotationOptions begin(double now, float scale);
  // True while a label is part-way in or out: the window keeps drawing until every one has settled.
  bool fading(const Annotations& notes) const;

 private:
  std::map<std::string, float> fade_;
  std::map<std::string, int> sides_;
  double last_ = 0;
};

}  // namespace psoas
