#pragma once
// Muscle meshes that follow their paths (GL-free). Each vertex is bound once, at rest, to the muscle's
// standing path: where along it (arc-length fraction) and where around it (offset in a rotation-
// minimising frame). In a pose the path is evaluated again and every vertex placed at the same place
// along its span and the same offset, the cross-section scaled by 1/sqrt(the span's stretch) so that
// the belly thickens as it shortens and the volume stays about the same.
#include <memory>
#include <vector>

#include <glm/mat4x4.hpp>
#include <glm/vec3.hpp>

#include "core/mesh.hpp"
#include "core/motion.hpp"

namespace psoas {

struct MuscleBinding {
  int path = -1;             // index into MotionData::muscles
  float restLength = 0.f;    // polyline length at rest (metres)
  glm::vec3 restNormal{0.f}; // the frame's normal at the origin, at rest
  double restVolume = 0.0;   // of the rest mesh (m^3); the deformation keeps it within about 1 %
  std::vector<float> restSpans;     // arc length at each path point, at rest
  // Per vertex: the span (between path points k and k+1) of its nearest path point plus the fraction
  // of that span's length at which it lies: k + w.
  std::vector<float> along;
  std::vector<glm::vec3> offset;    // per vertex: (normal, binormal, tangent) components at rest
};

// Binds `rest` (the standing mesh, atlas frame) to path `pathIndex`.
MuscleBinding bindMuscle(const MotionData& motion, int pathIndex, const Mesh& rest);

// The mesh in the pose given by `segments` (segmentTransforms()): positions moved, normals recomputed
// from the triangles; indices, LOD levels and vertex order stay those of `rest`.
Mesh deformMuscle(const MotionData& motion, const MuscleBinding& binding, const Mesh& rest,
                  const std::vector<glm::mat4>& segments);

struct Atlas;
// Bindings of every muscle path whose structure has its mesh loaded (skipped otherwise).
std::vector<MuscleBinding> bindAtlasMuscles(const Atlas& atlas);
// Signed volume of a closed triangle mesh (divergence theorem), cubic metres.
double meshVolume(const Mesh& mesh);

}  // namespace psoas
