#pragma once
// Musculotendon paths (docs/motion-format.md): points fixed to segments, from the highest origin to
// the insertion, with wrap surfaces the path slides over (OpenSim's path points and wrap cylinders).
// Lengths, % of standing and moment arms for any pose. GL-free; the engine knows no muscle by name.
#include <string>
#include <vector>

#include <glm/mat4x4.hpp>
#include <glm/vec2.hpp>
#include <glm/vec3.hpp>

#include "core/kinematics.hpp"

namespace psoas {

// An infinite cylinder fixed to a segment. A path span assigned to it passes on the `side` of it: where
// the straight line would cut into it, or pass on the other side, the path wraps around it instead.
struct WrapSurface {
  std::string id;
  int segment = -1;
  glm::vec3 centre{0.f};  // a point on the axis, atlas frame, standing
  glm::vec3 axis{1, 0, 0};
  glm::vec3 side{0, 0, 1};  // unit, perpendicular to axis
  float radius = 0.f;
  float halfLength = 0.f;   // for drawing only
  std::vector<std::string> sources;
};

struct PathPoint {
  enum class Role { Origin, Via, Insertion };
  Role role = Role::Via;
  int segment = -1;
  glm::vec3 position{0.f};  // atlas frame, standing
  int wrap = -1;            // wrap surface for the span from this point to the next; -1 none
};

struct MusclePath {
  std::string muscle;   // structure id
  int structure = -1;
  std::vector<PathPoint> points;  // first: the highest origin; last: the insertion
  int momentArmCoordinate = -1;   // coordinate whose moment arm is reported (hip flexion)
  bool readout = false;           // shown live in the viewer's Pose panel, with its length plot
  std::vector<std::string> sources;
};

struct PathGeometry {
  std::vector<glm::vec3> polyline;  // points and wrap arcs, origin to insertion
  std::vector<int> pointIndex;      // polyline index of each PathPoint
  float length = 0.f;               // metres
  std::vector<bool> wrapped;        // per span: did it touch its wrap surface
};

// The posed path for given segment transforms (segmentTransforms()). arcSteps: polyline points per wrap.
PathGeometry musclePathGeometry(const MusclePath& path, const std::vector<WrapSurface>& wraps,
                                const std::vector<glm::mat4>& segments, int arcSteps = 8);
float muscleLength(const MusclePath& path, const std::vector<WrapSurface>& wraps,
                   const std::vector<glm::mat4>& segments);

struct MotionData;
struct MuscleMeasure {
  std::string id;
  double lengthMm = 0, standingLengthMm = 0, percentOfStanding = 0;
  double momentArmMm = 0;  // -dL/dtheta about the path's moment-arm coordinate, mm (0 if it does not cross it)
};
// -dL/dtheta in metres per radian, by central differences of +/-0.5 deg (one-sided at a range limit).
double momentArm(const Skeleton& skeleton, const std::vector<WrapSurface>& wraps, const MusclePath& path,
                 const std::vector<double>& valuesDeg, int coordinate);
std::vector<MuscleMeasure> measureMuscles(const MotionData& motion, const Pose& pose);

// The planar part of a wrap (exposed for tests): the path from p to s in 2D that passes the circle
// (centre c, radius r) on its `side` (a unit direction): straight where the line already does, else
// tangent, arc, tangent. Angles are about c, in radians; the arc runs from startAngle to endAngle.
struct Wrap2D {
  float length = 0.f;
  bool wrapped = false;
  float startAngle = 0.f, endAngle = 0.f;  // endAngle - startAngle: signed sweep
  glm::vec2 startPoint{0.f}, endPoint{0.f};
};
Wrap2D wrapCircle2D(glm::vec2 p, glm::vec2 s, glm::vec2 c, float r, glm::vec2 side);

}  // namespace psoas
