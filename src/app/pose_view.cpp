#include "app/pose_view.hpp"

#include <chrono>

namespace psoas {

void PoseView::reset(const Atlas& rest, const Pose& requested) {
  // A build still running for the old atlas finishes on its own copy and is dropped; a pose being made
  // reads the old atlas, so it is waited for.
  building_ = {};
  try { finishPosing(); } catch (const std::exception&) {}  // its scene is dropped with the atlas
  rig_.reset();
  scene_.reset();
  spare_.reset();
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

void PoseView::finishPosing() {
  if (posing_.valid()) posing_.get();
}

bool PoseView::poseAhead(const Atlas& rest, const Pose& target) {
  bool taken = false;
  if (posing_.valid() && posing_.wait_for(std::chrono::seconds(0)) == std::future_status::ready) {
    posing_.get();
    std::swap(scene_, spare_);
    taken = true;
  }
  if (!posing_.valid() && !(scene_->pose() == target)) {
    if (!spare_) spare_ = std::make_unique<PosedScene>(rest, rig(rest));
    posing_ = std::async(std::launch::async, [scene = spare_.get(), target] { scene->update(target); });
  }
  return taken;
}

bool PoseView::update(const Atlas& rest, const SceneState& state, double now, bool immediate, bool ahead) {
  if (rest.motion.skeleton.empty()) return false;
  if (immediate && !anim_.playing()) anim_.jumpTo(rest.motion, state.pose);
  anim_.update(rest.motion, state.pose, now);
  const Pose& shown = anim_.shown();
  bool changed = false;
  // Standing needs no rig: the rest atlas is drawn as it is.
  if (!scene_ && !shown.isStanding()) {
    scene_ = std::make_unique<PosedScene>(rest, rig(rest));
    scene_->update(shown);
    changed = true;
  } else if (scene_ && ahead && anim_.moving()) {
    changed = poseAhead(rest, shown);
  } else if (scene_) {
    finishPosing();  // the skeleton stopped (or jumped): the frame shows exactly the pose reached
    if (!(scene_->pose() == shown)) {
      scene_->update(shown);
      changed = true;
    }
  }
  if (!haveReadout_ || !(readoutPose_ == drawn())) {
    readout_ = poseReadout(rest, drawn());
    readoutPose_ = drawn();
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
