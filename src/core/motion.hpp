#pragma once
// Everything the atlas says about movement (docs/motion-format.md): the kinematic chain, muscle paths
// and their wrap surfaces, pose presets and gait cycles. Read from the atlas's included files.
#include <string>
#include <string_view>
#include <vector>

#include "core/kinematics.hpp"
#include "core/muscle_path.hpp"

namespace psoas {

struct PosePreset {
  std::string id;
  std::string name;
  Pose pose;              // pose.preset == id
  std::string view;       // suggested camera view id
  std::string caption;    // plain words for a figure or the viewer
  int evidence = -1;      // index into Atlas::evidenceLevels
  std::vector<std::string> sources;
};

// Normative joint angles over one gait cycle (heel strike to heel strike of the same foot).
struct GaitCycle {
  struct Channel {
    int coordinate = -1;
    std::vector<double> degrees;  // one per sample percent
    double shiftPercent = 0;      // this channel reads the table shifted by this much of the cycle
  };
  std::string id;
  std::string name;
  double cadence = 110;           // steps per minute (two steps per cycle)
  std::vector<double> percent;    // sample positions, 0 first, 100 last (same angles as 0)
  std::vector<Channel> channels;
  int evidence = -1;
  std::vector<std::string> sources;

  double cycleSeconds() const { return 120.0 / cadence; }
};

struct MotionData {
  Skeleton skeleton;
  std::vector<WrapSurface> wraps;
  std::vector<MusclePath> muscles;
  std::vector<PosePreset> poses;
  std::vector<GaitCycle> gaits;

  const PosePreset* findPose(std::string_view id) const;
  std::string poseIds() const;
  const GaitCycle* findGait(std::string_view id) const;
  const MusclePath* findMuscle(std::string_view structureId) const;
};

// The pose of a gait cycle at `phase` (fraction of the cycle, wraps around), by periodic Catmull-Rom
// interpolation of the table, kept inside each joint's range.
Pose gaitPose(const Skeleton& skeleton, const GaitCycle& gait, double phase);
// The same at a time in seconds since heel strike, at the cycle's cadence.
Pose gaitPoseAt(const Skeleton& skeleton, const GaitCycle& gait, double seconds);

// a..b at t in [0, 1] (clamped), joint by joint; the preset's name is b's once t reaches 1, a's at 0.
Pose interpolatePose(const Pose& a, const Pose& b, double t);
// Smooth in and out (smoothstep) for animated transitions: interpolatePose(a, b, ease(t)).
double easeInOut(double t);

// `--pose NAME` and `--joint ID=DEG` (repeatable; later wins): the preset's angles with the given
// joints overridden, validated. Throws UsageError naming the unknown pose or joint, the malformed
// argument or the angle outside its range.
Pose poseFromArguments(const MotionData& motion, const std::string& preset, const std::vector<std::string>& joints);

}  // namespace psoas
