#include "app/label_animation.hpp"

#include <algorithm>

namespace psoas {

AnnotationOptions LabelAnimation::begin(double now, float scale) {
  AnnotationOptions ao;
  ao.scale = scale;
  ao.fade = &fade_;
  ao.sides = &sides_;
  // Four alpha units a second: a quarter of a second in or out; at least a little each frame, so a slow
  // frame rate still finishes the fade.
  ao.fadeStep = std::clamp(float(now - last_) * 4.f, 0.05f, 1.f);
  last_ = now;
  return ao;
}

bool LabelAnimation::fading(const Annotations& notes) const {
  for (const auto& l : notes.labels)
    if (l.alpha < 0.999f) return true;
  for (const auto& [key, alpha] : fade_)  // a label fading out is no longer among the drawn ones
    if (alpha > 0.001f && alpha < 0.999f) return true;
  return false;
}

}  // namespace psoas
