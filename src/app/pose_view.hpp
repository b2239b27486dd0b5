#pragma once
// The window's pose (no GLFW, no GL; unit-tested): the rig built off the main thread, the clock that eases
// between poses and plays the gait (core/pose_animation), the posed scene drawn every frame it moves
// (core/posed_scene, bones by model transforms) and the Pose panel's live numbers. The viewer asks it
// which atlas and geometry to plan, label and pick with; figures get a posedAtlas() of the state's pose.
// While a transition or the gait plays, the next frame's pose is made on a worker thread into a second
// scene while the window draws the current one (the frames show the skeleton one frame late); a pose
// reached at rest, a slider drag or a jump is made at once.
#include <future>
#include <memory>

#include "core/atlas.hpp"
#include "core/pose_animation.hpp"
#include "core/pose_readout.hpp"
#include "core/posed_scene.hpp"
#include "core/scene_state.hpp"

namespace psoas {

class PoseView {
 public:
  // A new or grown atlas (meshes loaded): what was built for the old one is dropped; `requested` is
  // shown at once, without a transition.
  void reset(const Atlas& rest, const Pose& requested);
  // Starts building the rig (about a second) off the main thread, if not done yet: call once a frame is
  // on screen, so the first one does not wait for it.
  void prepare(const Atlas& rest);

  // Advances to `now` towards the state's pose (at once where `immediate`, a slider drag). True when the
  // drawn pose changed: the frame must be drawn again. Waits for the rig the first time a pose needs it.
  // `ahead` false: every pose made on the calling thread (tests compare the two ways).
  bool update(const Atlas& rest, const SceneState& state, double now, bool immediate, bool ahead = true);
  // The pose the drawn scene holds (a frame behind shown() while the skeleton moves).
  const Pose& drawn() const { return scene_ ? scene_->pose() : anim_.shown(); }
  void play(const Atlas& rest, const SceneState& state, double now);
  // Stops the gait: the frame reached, for actions::setPose.
  Pose pause(const Atlas& rest, double now);

  bool moving() const { return anim_.moving(); }
  bool playing() const { return anim_.playing(); }
  double gaitPhase(const Atlas& rest, double now) const { return anim_.gaitPhase(rest.motion, now); }
  const Pose& shown() const { return anim_.shown(); }
  const PoseReadout* readout() const { return haveReadout_ ? &readout_ : nullptr; }

  // What to plan, label and pick with this frame: the posed scene while the skeleton is not standing.
  const Atlas& atlas(const Atlas& rest) const { return posed() ? scene_->atlas() : rest; }
  const PosedGeometry* geometry() const { return posed() ? &scene_->geometry() : nullptr; }
  Bounds visibleBounds(const Atlas& rest, const SceneState& state) const {
    return posed() ? scene_->visibleBounds(state) : state.visibleBounds(rest);
  }
  // For a figure of `pose` (export, screenshot, preview): the atlas moved into it, every mesh posed.
  Atlas figureAtlas(const Atlas& rest, const Pose& pose);

 private:
  bool posed() const { return scene_ && !scene_->pose().isStanding(); }
  std::shared_ptr<const PoseRig> rig(const Atlas& rest);
  // One frame ahead while moving: takes the worker's finished scene, starts the next. True if taken.
  bool poseAhead(const Atlas& rest, const Pose& target);
  void finishPosing();  // waits for the worker (its scene is then simply not used); rethrows its error

  PoseAnimation anim_;
  std::shared_future<std::shared_ptr<const PoseRig>> building_;
  std::shared_ptr<const PoseRig> rig_;
  std::unique_ptr<PosedScene> scene_;
  std::unique_ptr<PosedScene> spare_;  // posed by the worker while scene_ is drawn
  std::future<void> posing_;           // declared after spare_: destroyed (joined) first
  PoseReadout readout_;
  Pose readoutPose_;
  bool haveReadout_ = false;
};

}  // namespace psoas
