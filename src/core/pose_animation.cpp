#include "core/pose_animation.hpp"

#include <cmath>

#include "core/posed_atlas.hpp"

namespace psoas {

namespace {
double fraction(double start, double now) { return (now - start) / PoseAnimation::kTransitionSeconds; }
}  // namespace

double PoseAnimation::gaitPhase(const MotionData& motion, double now) const {
  int g = gait_ >= 0 ? gait_ : lastGait_;
  if (gait_ < 0 || g < 0 || std::size_t(g) >= motion.gaits.size()) return pausedPhase_;
  double phase = (now - gaitOrigin_) / motion.gaits[std::size_t(g)].cycleSeconds();
  return phase - std::floor(phase);
}

Pose PoseAnimation::gaitFrame(const MotionData& motion, double now) const {
  return gaitPose(motion.skeleton, motion.gaits[std::size_t(gait_)], gaitPhase(motion, now));
}

bool PoseAnimation::update(const MotionData& motion, const Pose& requested, double now) {
  if (!(requested == target_)) {
    // Someone changed the state's pose (a preset, a slider, undo, a view state): that wins over the gait.
    if (gait_ >= 0) pause(motion, now);
    from_ = shown_;
    target_ = requested;
    start_ = now;
    transitioning_ = true;
  }
  if (gait_ >= 0) {
    Pose frame = gaitFrame(motion, now);
    double t = fraction(start_, now);
    // Blend into the cycle from wherever the skeleton stood, instead of jumping to the cycle's frame.
    shown_ = t < 1.0 ? interpolatePose(from_, frame, easeInOut(t)) : frame;
    return true;
  }
  if (!transitioning_) return false;
  double t = fraction(start_, now);
  Pose to = effectivePose(motion, target_);
  to.preset = target_.preset;
  shown_ = interpolatePose(from_, to, easeInOut(t));
  if (t >= 1.0) {
    shown_ = to;
    transitioning_ = false;
  }
  return true;
}

void PoseAnimation::play(const MotionData& motion, int gait, const Pose& requested, double now) {
  if (gait < 0 || std::size_t(gait) >= motion.gaits.size()) return;
  double resume = gait == lastGait_ ? pausedPhase_ : 0.0;
  gait_ = lastGait_ = gait;
  gaitOrigin_ = now - resume * motion.gaits[std::size_t(gait)].cycleSeconds();
  from_ = shown_;
  start_ = now;
  target_ = requested;
  transitioning_ = false;
}

Pose PoseAnimation::pause(const MotionData& motion, double now) {
  if (gait_ < 0) return shown_;
  pausedPhase_ = gaitPhase(motion, now);
  // The frame where it stopped, exactly as a view state would give it back.
  shown_ = gaitFrame(motion, now);
  gait_ = -1;
  target_ = shown_;
  transitioning_ = false;
  return shown_;
}

void PoseAnimation::jumpTo(const MotionData& motion, const Pose& requested) {
  gait_ = -1;
  transitioning_ = false;
  target_ = requested;
  shown_ = effectivePose(motion, requested);
  shown_.preset = requested.preset;
}

}  // namespace psoas
