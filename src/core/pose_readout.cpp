#include "core/pose_readout.hpp"

#include <algorithm>

#include "core/atlas.hpp"

namespace psoas {

PoseReadout poseReadout(const Atlas& atlas, const Pose& pose) {
  const MotionData& motion = atlas.motion;
  PoseReadout out;
  std::vector<MuscleMeasure> rows = measureMuscles(motion, pose);
  std::vector<double> values = coordinateValues(motion.skeleton, pose);
  for (std::size_t i = 0; i < motion.muscles.size(); ++i) {
    const MusclePath& path = motion.muscles[i];
    if (!path.readout) continue;
    MuscleReadout r;
    r.path = int(i);
    r.id = path.muscle;
    r.name = atlas.structures[std::size_t(path.structure)].name;
    r.measure = rows[i];
    const int c = path.momentArmCoordinate;
    if (c >= 0) {
      const Coordinate& co = motion.skeleton.coordinates[std::size_t(c)];
      r.jointName = co.name;
      r.jointDeg = values[std::size_t(c)];
      // The rest of the pose held: what this muscle's length does as that one joint moves.
      std::vector<double> v = values;
      for (double deg = PoseReadout::kSweepFrom; deg <= PoseReadout::kSweepTo + 1e-9; deg += PoseReadout::kSweepStep) {
        v[std::size_t(c)] = std::clamp(deg, co.minDeg, co.maxDeg);
        r.curveMm.push_back(muscleLength(path, motion.wraps, segmentTransforms(motion.skeleton, v)) * 1000.f);
      }
    }
    out.muscles.push_back(std::move(r));
  }
  return out;
}

}  // namespace psoas
