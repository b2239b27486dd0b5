#pragma once
// The atlas the window draws for the scene's pose (GL-free): the standing atlas itself, or a posed copy
// (core/posed_atlas.hpp) made once per pose and kept while the pose stays. The self-test's motion questions
// show their answer this way; a view state with a pose is drawn the same.
#include <memory>
#include <optional>

#include "core/atlas.hpp"
#include "core/posed_atlas.hpp"

namespace psoas {

class PosedView {
 public:
  // `rest` for standing; else the posed copy (throws UsageError for a pose the skeleton refuses).
  const Atlas& atlasFor(const Atlas& rest, const Pose& pose);
  void reset();  // after the standing atlas changed (another atlas opened, a model added)

 private:
  const void* restKey_ = nullptr;  // which standing atlas the rig and the copy belong to
  std::size_t restSize_ = 0;
  std::optional<PoseRig> rig_;
  std::unique_ptr<Atlas> posed_;
  Pose pose_;
};

}  // namespace psoas
