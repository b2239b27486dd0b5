#pragma once
// What the window shows of the skeleton from moment to moment (GL-free, unit-tested): the scene state
// holds the pose the user asked for (through core/actions, so undo covers it); this clock eases the shown
// pose towards it whenever it changes (a preset, a slider, undo), or plays a gait cycle at its cadence.
// Playing never touches the state: pausing hands back the frame reached, for the caller to commit as a
// pose action. Time is whatever clock the caller passes (seconds), so tests drive it by hand.
#include "core/motion.hpp"

namespace psoas {

class PoseAnimation {
 public:
  static constexpr double kTransitionSeconds = 0.8;  // long enough to follow, short enough not to wait for

  // Advances to `now`; `requested` is the state's pose (a preset named without angles counts as its
  // angles). A changed request stops the gait and eases from what is shown to it. Returns true when the
  // shown pose changed (the frame must be drawn again).
  bool update(const MotionData& motion, const Pose& requested, double now);

  // Plays gait `gait` (index into MotionData::gaits) from where it was last paused, blending into it
  // from the shown pose; `requested` is the state's pose now (a later change to it stops the gait).
  void play(const MotionData& motion, int gait, const Pose& requested, double now);
  // Stops the gait and returns the pose it had reached: commit it with actions::setPose, so the
  // state says what is shown (and the next update starts no transition).
  Pose pause(const MotionData& motion, double now);

  const Pose& shown() const { return shown_; }
  bool playing() const { return gait_ >= 0; }
  int gait() const { return gait_; }
  bool moving() const { return transitioning_ || playing(); }  // frames keep coming
  double gaitPhase(const MotionData& motion, double now) const;  // 0..1 of the cycle (paused: where it stopped)
  // Jumps to `pose` without a transition (a newly opened atlas or view state is shown at once).
  void jumpTo(const MotionData& motion, const Pose& requested);

 private:
  Pose gaitFrame(const MotionData& motion, double now) const;

  Pose shown_, from_, target_;  // target_: the request last seen (as the state holds it)
  double start_ = 0;            // of the transition, or of the blend into the gait
  bool transitioning_ = false;
  int gait_ = -1, lastGait_ = -1;
  double gaitOrigin_ = 0;   // `now` at which the cycle's phase was 0
  double pausedPhase_ = 0;  // where the cycle resumes
};

}  // namespace psoas
