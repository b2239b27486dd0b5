// psoas-atlas measure: musculotendon lengths and hip-flexion moment arms in a pose, for writers who
// quote numbers. GL-free: it reads the atlas's data, not its meshes.
#include <cmath>
#include <cstdio>
#include <iostream>

#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "core/atlas.hpp"
#include "core/errors.hpp"
#include "core/file_util.hpp"

namespace psoas::cli {

CLI::App* addMeasureCommand(CLI::App& app, MeasureArgs& a) {
  CLI::App* cmd = app.add_subcommand("measure", "Print muscle lengths and hip-flexion moment arms in a pose");
  cmd->add_option("--atlas", a.atlas, "Atlas JSON file (default: the built-in atlas)")->check(fileNameCheck());
  addPoseOptions(*cmd, a.pose);
  cmd->add_flag("--json", a.json, "Print JSON instead of a table");
  return cmd;
}

namespace {
// Hundredths of a millimetre; + 0.0 turns a rounded -0 into 0.
double round2(double v) { return std::round(v * 100.0) / 100.0 + 0.0; }
double round1(double v) { return std::round(v * 10.0) / 10.0 + 0.0; }
}  // namespace

int runMeasure(const MeasureArgs& a) {
  try {
    std::filesystem::path file = atlasPathOrDefault(a.atlas);
    Atlas atlas = parseAtlas(readTextFile(file), file);  // no meshes needed
    printAtlasWarnings(atlas);
    if (atlas.motion.muscles.empty()) throw AtlasError(file, "this atlas has no muscle paths to measure");
    Pose pose = poseFromArgs(atlas.motion, a.pose);
    auto rows = measureMuscles(atlas.motion, pose);
    if (a.json) {
      nlohmann::json j;
      j["atlas"] = file.string();
      if (!pose.preset.empty()) j["pose"]["preset"] = pose.preset;
      j["pose"]["joints"] = nlohmann::json::object();
      for (const auto& [id, v] : pose.joints) j["pose"]["joints"][id] = v;
      j["muscles"] = nlohmann::json::array();
      for (const auto& r : rows)
        j["muscles"].push_back({{"id", r.id}, {"length_mm", round2(r.lengthMm)},
                                {"standing_length_mm", round2(r.standingLengthMm)},
                                {"percent_of_standing", round2(r.percentOfStanding)},
                                {"hip_flexion_moment_arm_mm", round2(r.momentArmMm)}});
      std::cout << j.dump(2) << "\n";
      return kOk;
    }
    std::printf("Pose: %s\n", pose.preset.empty() ? (pose.isStanding() ? "standing" : "custom") : pose.preset.c_str());
    std::printf("  %-16s %10s %12s %16s\n", "muscle", "length mm", "% standing", "moment arm mm");
    for (const auto& r : rows)
      std::printf("  %-16s %10.1f %12.1f %16.1f\n", r.id.c_str(), round1(r.lengthMm), round1(r.percentOfStanding),
                  round1(r.momentArmMm));
    return kOk;
  } catch (const std::exception& e) {
    return reportError(e);
  }
}

}  // namespace psoas::cli
