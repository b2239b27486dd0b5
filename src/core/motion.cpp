// Pose presets, gait cycles, transitions and the --pose / --joint arguments.
#include "core/motion.hpp"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdlib>

#include "core/errors.hpp"
#include "core/file_util.hpp"

namespace psoas {

const PosePreset* MotionData::findPose(std::string_view id) const {
  for (const auto& p : poses)
    if (p.id == id) return &p;
  return nullptr;
}

std::string MotionData::poseIds() const {
  std::string s;
  for (const auto& p : poses) s += (s.empty() ? "" : ", ") + p.id;
  return s.empty() ? "none defined" : s;
}

const GaitCycle* MotionData::findGait(std::string_view id) const {
  for (const auto& g : gaits)
    if (g.id == id) return &g;
  return nullptr;
}

const MusclePath* MotionData::findMuscle(std::string_view structureId) const {
  for (const auto& m : muscles)
    if (m.muscle == structureId) return &m;
  return nullptr;
}

namespace {
// Catmull-Rom through p1..p2 with neighbours p0, p3: smooth (C1) and through every sample.
double catmullRom(double p0, double p1, double p2, double p3, double t) {
  double t2 = t * t, t3 = t2 * t;
  return 0.5 * (2 * p1 + (-p0 + p2) * t + (2 * p0 - 5 * p1 + 4 * p2 - p3) * t2 + (-p0 + 3 * p1 - 3 * p2 + p3) * t3);
}

// The table is periodic: sample n-1 (100 %) repeats sample 0, so the distinct samples are 0..n-2.
double sampleChannel(const GaitCycle& g, const GaitCycle::Channel& ch, double phase) {
  std::size_t n = g.percent.size() - 1;
  double pct = std::fmod(std::fmod(phase * 100.0 - ch.shiftPercent, 100.0) + 100.0, 100.0);
  std::size_t k = 0;
  while (k + 1 < n && g.percent[k + 1] <= pct) ++k;
  double span = g.percent[k + 1] - g.percent[k];
  double t = (pct - g.percent[k]) / span;
  auto at = [&](long i) { return ch.degrees[std::size_t(((i % long(n)) + long(n)) % long(n))]; };
  return catmullRom(at(long(k) - 1), at(long(k)), at(long(k) + 1), at(long(k) + 2), t);
}
}  // namespace

Pose gaitPose(const Skeleton& skeleton, const GaitCycle& gait, double phase) {
  Pose pose;
  for (const auto& ch : gait.channels) {
    const Coordinate& co = skeleton.coordinates[std::size_t(ch.coordinate)];
    // The spline may overshoot a sample by a little; a joint never leaves its range.
    pose.joints[co.id] = std::clamp(sampleChannel(gait, ch, phase), co.minDeg, co.maxDeg);
  }
  return pose;
}

Pose gaitPoseAt(const Skeleton& skeleton, const GaitCycle& gait, double seconds) {
  return gaitPose(skeleton, gait, seconds / gait.cycleSeconds());
}

Pose interpolatePose(const Pose& a, const Pose& b, double t) {
  t = std::clamp(t, 0.0, 1.0);
  Pose out;
  out.preset = t >= 1.0 ? b.preset : t <= 0.0 ? a.preset : std::string();
  for (const auto& [id, v] : a.joints) out.joints[id] = v + (b.angle(id) - v) * t;
  for (const auto& [id, v] : b.joints)
    if (!a.joints.count(id)) out.joints[id] = v * t;
  return out;
}

double easeInOut(double t) {
  t = std::clamp(t, 0.0, 1.0);
  return t * t * (3.0 - 2.0 * t);
}

Pose poseFromArguments(const MotionData& motion, const std::string& preset, const std::vector<std::string>& joints) {
  Pose pose;
  if (!preset.empty()) {
    const PosePreset* p = motion.findPose(preset);
    if (!p) {
      throw UsageError("unknown pose " + quoteValue(preset) + " (poses: " + motion.poseIds() + ")");
    }
    pose = p->pose;
  }
  for (const std::string& arg : joints) {
    auto eq = arg.find('=');
    std::string id = eq == std::string::npos ? "" : arg.substr(0, eq);
    std::string num = eq == std::string::npos ? "" : arg.substr(eq + 1);
    char* end = nullptr;
    errno = 0;
    double deg = num.empty() ? 0.0 : std::strtod(num.c_str(), &end);
    if (id.empty() || num.empty() || end != num.c_str() + num.size() || errno != 0 || !std::isfinite(deg)) {
      throw UsageError("invalid --joint " + quoteValue(arg) + ": expected ID=DEGREES such as hip_flexion_l=90");
    }
    pose.joints[id] = deg;
    // A pose changed by hand is no longer the preset.
    if (!preset.empty()) pose.preset.clear();
  }
  validatePose(motion.skeleton, pose);
  return pose;
}

}  // namespace psoas
