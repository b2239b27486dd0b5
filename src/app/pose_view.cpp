#include "app/pose_view.hpp"

namespace psoas {

void PoseView::reset(const Atlas& rest, const Pose& requested) {
  // A build still running for the old atlas finishes on its own copy and is dropped.
  building_ = {};
  rig_.reset();
  scene_.reset();
  haveReadout_ = false;
  anim_ = PoseAnimation();
  if (!rest.motion.skeleton.empty()) anim_.jumpTo(rest.motion, requested);
}

void PoseView::prepare(const Atlas& rest) {
  if (rig_ || building_.valid() || rest.motion.skeleton.empty()) return;
  // The thread works on its own copy (the meshes are shared and never change), so the window may
  // replace its atlas meanwhile.
  auto copy = std::make_shared<const Atlas>(rest);
  building_ = std::async(std::launch::async, [copy] { return std::make_shared<const PoseRig>(buildPoseRig(*copy, RigUse::ManyPoses)); }).share();
}

std::shared_ptr<const PoseRig> PoseView::rig(const Atlas& rest) {
  if (!rig_) {
    prepare(rest);
    rig_ = building_.get();
    building_ = {};
  }
  return rig_;
}

bool PoseView::update(const Atlas& rest, const SceneState& state, double now, bool immediate) {
  if (rest.motion.skeleton.empty()) return false;
  const Pose before = anim_.shown();
  if (immediate && !anim_.playing()) anim_.jumpTo(rest.motion, state.pose);
  anim_.update(rest.motion, state.pose, now);
  const Pose& shown = anim_.shown();
  bool changed = !(shown == before);
  // Standing needs no rig: the rest atlas is drawn as it is.
  if (!scene_ && !shown.isStanding()) {
    scene_ = std::make_unique<PosedScene>(rest, rig(rest));
    changed = true;
  }
  if (scene_ && (changed || !(scene_->pose() == shown))) {
    scene_->update(shown);
    changed = true;
  }
  if (!haveReadout_ || !(readoutPose_ == shown)) {
    readout_ = poseReadout(rest, shown);
    readoutPose_ = shown;
    haveReadout_ = true;
  }
  return changed;
}

void PoseView::play(const Atlas& rest, const SceneState& state, double now) {
  if (!rest.motion.gaits.empty()) anim_.play(rest.motion, 0, state.pose, now);
}

Pose PoseView::pause(const Atlas& rest, double now) { return anim_.pause(rest.motion, now); }

Atlas PoseView::figureAtlas(const Atlas& rest, const Pose& pose) {
  if (rest.motion.skeleton.empty()) return rest;
  Pose p = effectivePose(rest.motion, pose);  // a preset named without angles (an older view state)
  if (p.isStanding()) return rest;
  return posedAtlas(rest, *rig(rest), p);
}

}  // namespace psoas
