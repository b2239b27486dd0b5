#include "app/posed_view.hpp"

namespace psoas {

void PosedView::reset() {
  restKey_ = nullptr;
  restSize_ = 0;
  rig_.reset();
  posed_.reset();
  pose_ = {};
}

const Atlas& PosedView::atlasFor(const Atlas& rest, const Pose& pose) {
  if (rest.motion.skeleton.empty()) return rest;
  Pose wanted = effectivePose(rest.motion, pose);
  if (wanted.isStanding()) return rest;
  // The standing atlas is known by its first mesh and its size: opening another atlas or adding a model
  // changes both, and the rig (bindings to the standing meshes) must then be made again.
  const void* key = rest.structures.empty() ? nullptr : rest.structures.front().mesh.get();
  if (key != restKey_ || rest.structures.size() != restSize_) {
    reset();
    restKey_ = key;
    restSize_ = rest.structures.size();
  }
  if (posed_ && pose_ == wanted) return *posed_;
  if (!rig_) rig_ = buildPoseRig(rest);
  posed_ = std::make_unique<Atlas>(posedAtlas(rest, *rig_, wanted));
  pose_ = wanted;
  return *posed_;
}

}  // namespace psoas
