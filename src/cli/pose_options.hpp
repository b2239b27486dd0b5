#pragma once
// `--pose NAME` and `--joint ID=DEG` (repeatable) for any command that shows or measures a pose; the
// render command can add them with the same call.
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "core/motion.hpp"

namespace psoas::cli {

struct PoseArgs {
  std::string preset;
  std::vector<std::string> joints;  // ID=DEG
  bool given() const { return !preset.empty() || !joints.empty(); }
};

// `many`: where --pose may be given several times (render --grid), every preset goes there instead.
void addPoseOptions(CLI::App& cmd, PoseArgs& args, std::vector<std::string>* many = nullptr);
// The pose the arguments ask for (standing when none); UsageError naming a bad pose, joint or angle.
Pose poseFromArgs(const MotionData& motion, const PoseArgs& args);

}  // namespace psoas::cli
