#include "cli/pose_options.hpp"

#include "core/errors.hpp"

namespace psoas::cli {

void addPoseOptions(CLI::App& cmd, PoseArgs& a, std::vector<std::string>* many) {
  if (many)
    cmd.add_option("--pose", *many, "Pose preset (standing, sitting, ...; see the atlas's poses); several with --grid")
        ->expected(1)->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  else
    cmd.add_option("--pose", a.preset, "Pose preset (standing, sitting, ...; see the atlas's poses)");
  cmd.add_option("--joint", a.joints, "ID=DEGREES, a joint angle such as hip_flexion_l=90 (repeatable; "
                                      "applied after --pose)")
      ->expected(1)->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
}

Pose poseFromArgs(const MotionData& motion, const PoseArgs& a) {
  if (a.given() && motion.skeleton.empty()) throw UsageError("this atlas has no skeleton, so it cannot be posed");
  return poseFromArguments(motion, a.preset, a.joints);
}

}  // namespace psoas::cli
