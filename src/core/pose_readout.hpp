#pragma once
// The live numbers of the viewer's Pose panel (GL-free): for every muscle path the motion data marks
// `"readout": true`, what `psoas-atlas measure` prints (length, % of standing, hip-flexion moment arm:
// measureMuscles()) and its length over a sweep of its moment-arm joint with the rest of the pose held,
// for a small plot with the current angle marked.
#include <string>
#include <vector>

#include "core/motion.hpp"

namespace psoas {

struct Atlas;

struct MuscleReadout {
  int path = -1;           // index into MotionData::muscles
  std::string id, name;    // the structure's id and name
  MuscleMeasure measure;   // as `measure` prints it
  std::string jointName;   // the swept joint (its coordinate's name), empty if the path has none
  double jointDeg = 0;     // that joint's angle in the pose
  std::vector<float> curveMm;  // length at sweepFrom, sweepFrom + sweepStep, ... sweepTo (clamped to the range)
};

struct PoseReadout {
  static constexpr double kSweepFrom = -20, kSweepTo = 120, kSweepStep = 5;  // degrees of hip flexion
  std::vector<MuscleReadout> muscles;
};

// `pose` validated (UsageError). Empty when the atlas marks no path for the readout.
PoseReadout poseReadout(const Atlas& atlas, const Pose& pose);

}  // namespace psoas
