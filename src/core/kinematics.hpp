#pragma once
// The skeleton as a kinematic chain (docs/motion-format.md): segments, the joints between them and the
// joint angles ("coordinates", OpenSim's word) that drive them. Pure data plus forward kinematics; the
// engine knows no joint by name. GL-free.
//
// Every segment's frame coincides with the atlas frame in the standing pose, so a segment's world
// transform is the identity when standing and meshes, landmarks and path points can stay in atlas
// coordinates: forward kinematics only says how far each segment has moved from standing.
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <glm/mat4x4.hpp>
#include <glm/vec3.hpp>

#include "core/mesh.hpp"

namespace psoas {

struct Atlas;

// A joint angle users set: "hip_flexion_l", degrees, positive as named.
struct Coordinate {
  std::string id;
  std::string name;
  double minDeg = 0, maxDeg = 0;
  std::vector<std::string> sources;
};

struct Segment {
  std::string id;
  std::string name;
  int parent = -1;  // index into Skeleton::segments, always < this segment's index; -1: the root
  int joint = -1;   // the joint that moves this segment relative to its parent
};

// One rotation of a joint: `ratio` x the coordinate's angle about `axis` (atlas frame, right-handed,
// unit). A coordinate spread over several joints (lumbar flexion over T12-S1) has ratios summing to 1.
struct JointDof {
  int coordinate = -1;
  glm::vec3 axis{1, 0, 0};
  double ratio = 1.0;
};

struct Joint {
  std::string id;
  std::string name;
  int child = -1;          // the segment it moves
  glm::vec3 centre{0.f};   // atlas frame, standing
  std::vector<JointDof> dofs;  // applied in order, each about the axes as already turned by the ones before
  std::vector<std::string> sources;
};

struct Skeleton {
  std::vector<Segment> segments;  // parents before children; segments[0] is the root
  std::vector<Coordinate> coordinates;
  std::vector<Joint> joints;

  bool empty() const { return segments.empty(); }
  int findSegment(std::string_view id) const;     // -1 if absent
  int findCoordinate(std::string_view id) const;  // -1 if absent
  std::string coordinateIds() const;              // "pelvis_tilt, pelvis_list, ..." for messages
};

// A pose: joint angles in degrees by coordinate id (absent: 0, standing) and the preset it came from.
struct Pose {
  std::string preset;  // empty: none (set by hand)
  std::map<std::string, double> joints;

  double angle(const std::string& id) const;
  bool isStanding() const;  // every angle zero
  bool operator==(const Pose&) const = default;
};


// Throws UsageError naming the first unknown joint or the angle outside its range, with the range.
void validatePose(const Skeleton& skeleton, const Pose& pose);
// Angles in the skeleton's coordinate order (validated first).
std::vector<double> coordinateValues(const Skeleton& skeleton, const Pose& pose);

// World transform of each segment (index as Skeleton::segments): how it moved from standing.
std::vector<glm::mat4> segmentTransforms(const Skeleton& skeleton, const Pose& pose);
std::vector<glm::mat4> segmentTransforms(const Skeleton& skeleton, const std::vector<double>& valuesDeg);

// The transform of one structure: its segment's, or for a structure that bridges two segments (an
// intervertebral disc) a blend of both (rotation slerped, translation mixed by the blend weight).
// Structures without a segment (imported models, atlases without a skeleton) stay put (identity).
glm::mat4 structureTransform(const Atlas& atlas, const std::vector<glm::mat4>& segments, int structure);
// A structure that blends per vertex ("along"): each vertex moves with `segment` at the `from` end of
// the mesh's extent along from -> to and with the blend segment at the `to` end, linearly between
// (linear blend skinning; the angles between neighbouring vertebrae are small). Normals re-derived.
Mesh blendedMesh(const Atlas& atlas, const std::vector<glm::mat4>& segments, int structure, const Mesh& rest);
// Every structure's transform, index as Atlas::structures.
std::vector<glm::mat4> structureTransforms(const Atlas& atlas, const Pose& pose);
// Landmark positions moved with their segments, index as Atlas::landmarks.
std::vector<glm::vec3> posedLandmarks(const Atlas& atlas, const Pose& pose);

}  // namespace psoas
