#pragma once
// An atlas moved into a pose (GL-free): every structure's mesh placed where the pose puts it, so that the
// renderer, picking, labels, cut caps and figures draw a posed scene exactly as they draw the standing one.
// Rigid structures move with their segment, discs blend between their vertebrae, muscles deform along
// their paths (core/muscle_deform.hpp), a structure marked "skinned" (the body envelope) is skinned over
// the segments of the bones nearest each vertex. Landmarks, region shapes, trigger points and label
// anchors move with the structures they belong to. Simplified levels stay valid: topology never changes.
#include <memory>
#include <optional>
#include <vector>

#include "core/atlas.hpp"
#include "core/bone_contact.hpp"
#include "core/kinematics.hpp"
#include "core/muscle_deform.hpp"

namespace psoas {

// What a pose needs from the standing atlas, computed once after its meshes load: muscle bindings and the
// envelope's skinning weights.
struct PoseRig {
  std::vector<MuscleBinding> muscles;
  // Per skinned structure (index as Atlas::structures; empty for the others): per vertex, up to three
  // segments and their weights (summing to 1).
  struct Weights {
    std::vector<glm::ivec3> segments;
    std::vector<glm::vec3> weights;
  };
  std::vector<Weights> skins;
  // The bones, to push the muscles and the envelope out of them in a pose (null without bones).
  std::shared_ptr<const BoneContact> contact;
  std::vector<std::optional<ContactBinding>> contacts;  // index as Atlas::structures; none for rigid ones
};

// What the rig is for: one pose (a figure, an export; its bone data is then made as the pose reaches it)
// or many (the window, the gait; everything made now, off the frame loop). Both pose alike.
enum class RigUse { OnePose, ManyPoses };
PoseRig buildPoseRig(const Atlas& rest, RigUse use = RigUse::OnePose);

// A skinned structure's rest mesh in the pose given by `segments` (segmentTransforms()).
Mesh skinnedMesh(const Mesh& rest, const PoseRig::Weights& weights, const std::vector<glm::mat4>& segments);

// The meshes that get new vertices in the pose given by `segments`, index as Atlas::structures (null for
// the rigid ones): muscles along their paths and the skinned envelope, both kept out of the bones, and the
// discs blended between their vertebrae. posedAtlas() and PosedScene both pose through this.
std::vector<std::shared_ptr<const Mesh>> posedSurfaces(const Atlas& rest, const PoseRig& rig,
                                                       const std::vector<glm::mat4>& segments);

// A pose as a state gives it: a preset named without angles stands for the preset's angles.
Pose effectivePose(const MotionData& motion, const Pose& pose);

// How posedAtlas() places the structures' label anchors and the regions' anchors, which only labels read.
// Found: again on the posed surfaces (computeAnchors(), a search over every posed vertex: as much work as
// posing the muscles and the envelope). Moved: the rest anchors carried along with their structures, as the
// window's posed scene carries them (PosedScene): for a figure that draws no labels.
enum class PosedAnchors { Found, Moved };

// `rest` in `pose` (validated first: UsageError naming a bad joint or angle). Standing gives `rest` back
// as it is (meshes shared).
Atlas posedAtlas(const Atlas& rest, const PoseRig& rig, const Pose& pose, PosedAnchors anchors = PosedAnchors::Found);

}  // namespace psoas
