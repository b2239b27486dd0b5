#pragma once
// The viewer's posed scene, made again every frame while a transition or the gait plays (GL-free).
// posedAtlas() copies and moves every vertex of every bone (about 100 ms for the built-in atlas); this
// moves the rigid bones by their model transforms instead (PosedGeometry, drawn by the frame plan), and
// only the muscles, discs and the envelope get new vertices. What is attached to the structures
// (landmarks, region shapes, trigger points, label and region anchors) moves as posedAtlas() moves it:
// with a rigid structure's transform, or on a deformed surface with the vertex found nearest at rest
// (found once here, not every frame).
#include <memory>
#include <vector>

#include "core/atlas.hpp"
#include "core/frame_plan.hpp"
#include "core/posed_atlas.hpp"
#include "core/scene_state.hpp"

namespace psoas {

class PosedScene {
 public:
  // `rest` (meshes loaded) must outlive this; the rig is buildPoseRig(rest). Starts standing.
  PosedScene(const Atlas& rest, std::shared_ptr<const PoseRig> rig);

  // Poses everything (validated first: UsageError naming a bad joint or angle).
  void update(const Pose& pose);

  // The atlas to plan, label and pick with: the rest atlas's structures and meshes, with its landmarks,
  // regions, trigger points and anchors where the pose puts them. Draw it with geometry().
  const Atlas& atlas() const { return view_; }
  const PosedGeometry& geometry() const { return geometry_; }
  const Pose& pose() const { return pose_; }
  // Of the visible structures as posed (falls back to all, like SceneState::visibleBounds).
  Bounds visibleBounds(const SceneState& state) const;
  // Structure `i`'s vertices as posed (the deformed mesh, or the rest mesh moved): for tests and figures.
  Mesh posedMesh(std::size_t i) const;

 private:
  // A point that moves with a structure: by its transform, or with one of its vertices if it deforms.
  struct Follow {
    int structure = -1;
    int vertex = -1;  // -1: rigid
    glm::vec3 rest{0.f};
  };
  Follow follow(const std::vector<int>& candidates, const glm::vec3& p) const;
  glm::vec3 place(const Follow& f) const;

  const Atlas* rest_;
  std::shared_ptr<const PoseRig> rig_;
  Atlas view_;
  Pose pose_;
  PosedGeometry geometry_;
  std::vector<std::shared_ptr<const Mesh>> deformed_;  // index as structures; owns geometry_.deformed
  std::vector<bool> deforms_;                          // muscles, discs, skinned: points follow vertices
  struct ShapeFollow { Follow a, b, facing; };
  std::vector<std::vector<ShapeFollow>> shapes_;  // per region, per shape
  std::vector<Follow> regionAnchors_, triggers_, labelAnchors_;
};

}  // namespace psoas
