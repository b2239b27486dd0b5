// Pose presets, the gait cycle, transitions, --pose/--joint, poses in view states and the measure command.
#include <doctest/doctest.h>

#include <cmath>
#include <functional>
#include <set>

#include <nlohmann/json.hpp>

#include "core/atlas.hpp"
#include "core/errors.hpp"
#include "core/file_util.hpp"
#include "core/view_state.hpp"
#include "test_support.hpp"

using namespace psoas;

namespace {
const Atlas& builtin() { return test::builtinAtlasData(); }

template <class E>
std::string messageOf(const std::function<void()>& f) {
  try { f(); } catch (const E& e) { return e.what(); }
  return "";
}
}  // namespace

TEST_CASE("the ten presets of issue 15 exist, are valid and say where they come from") {
  const MotionData& m = builtin().motion;
  for (const char* id : {"standing", "sitting", "driving", "side_lying_curled", "constructive_rest",
                         "kneeling_hip_flexor_stretch", "glute_bridge", "dead_bug", "standing_march", "thomas_test"}) {
    const PosePreset* p = m.findPose(id);
    REQUIRE_MESSAGE(p, id);
    CHECK(p->pose.preset == id);
    CHECK_NOTHROW(validatePose(m.skeleton, p->pose));
    CHECK(builtin().findView(p->view) != nullptr);
    CHECK(p->caption.size() > 40);
    CHECK_FALSE(p->sources.empty());
    CHECK(p->evidence >= 0);
    CHECK(p->pose.isStanding() == (std::string(id) == "standing"));
  }
  // Lying poses lie: the spine is horizontal (T12 level with the pelvis within a hand's breadth).
  for (const char* id : {"constructive_rest", "dead_bug", "thomas_test", "side_lying_curled"}) {
    auto lm = posedLandmarks(builtin(), m.findPose(id)->pose);
    glm::vec3 t12 = lm[std::size_t(builtin().findLandmark("body_center_t12"))];
    INFO(id);
    CHECK(std::abs(t12.y) < 0.1f);
  }
}

TEST_CASE("the walking cycle: periodic, the legs half a cycle apart, normative shape, real speed") {
  const MotionData& m = builtin().motion;
  const GaitCycle* g = m.findGait("walking");
  REQUIRE(g);
  CHECK(g->cadence == doctest::Approx(110));
  CHECK(g->cycleSeconds() == doctest::Approx(120.0 / 110.0));
  Pose a = gaitPose(m.skeleton, *g, 0.0), b = gaitPose(m.skeleton, *g, 1.0);
  for (const auto& [id, v] : a.joints) CHECK(v == doctest::Approx(b.angle(id)));
  for (double ph : {0.0, 0.13, 0.37, 0.81}) {
    CHECK(gaitPose(m.skeleton, *g, ph).angle("hip_flexion_r") ==
          doctest::Approx(gaitPose(m.skeleton, *g, ph + 0.5).angle("hip_flexion_l")));
    CHECK(gaitPoseAt(m.skeleton, *g, ph * g->cycleSeconds()).angle("knee_flexion_l") ==
          doctest::Approx(gaitPose(m.skeleton, *g, ph).angle("knee_flexion_l")));
  }
  // Smooth: no jump between neighbouring hundredths; always inside the ranges.
  double minHip = 1e9, maxHip = -1e9, minAt = 0, maxKnee = 0, kneeAt = 0;
  Pose prev = gaitPose(m.skeleton, *g, 0.0);
  for (int i = 1; i <= 400; ++i) {
    double ph = i / 400.0;
    Pose p = gaitPose(m.skeleton, *g, ph);
    CHECK_NOTHROW(validatePose(m.skeleton, p));
    for (const auto& [id, v] : p.joints) CHECK(std::abs(v - prev.angle(id)) < 2.0);
    double h = p.angle("hip_flexion_r"), k = p.angle("knee_flexion_r");
    if (h < minHip) { minHip = h; minAt = ph; }
    maxHip = std::max(maxHip, h);
    if (k > maxKnee) { maxKnee = k; kneeAt = ph; }
    prev = p;
  }
  CHECK(minHip == doctest::Approx(-10).epsilon(0.15));  // about 10 deg extension at half the cycle
  CHECK(minAt == doctest::Approx(0.5).epsilon(0.1));
  CHECK(maxHip > 25);
  CHECK(maxKnee > 60);   // mid-swing
  CHECK(kneeAt > 0.65);
  CHECK(kneeAt < 0.8);
  // Every step starts with the psoas: it is longest near the end of stance and shortens in swing.
  auto len = [&](double ph) {
    for (const auto& r : measureMuscles(m, gaitPose(m.skeleton, *g, ph)))
      if (r.id == "psoas_major_r") return r.lengthMm;
    return 0.0;
  };
  CHECK(len(0.5) > len(0.0));
  CHECK(len(0.5) > len(0.85) + 15.0);
}

TEST_CASE("transitions between poses are a pure interpolation") {
  const MotionData& m = builtin().motion;
  const Pose& sit = m.findPose("sitting")->pose;
  const Pose& march = m.findPose("standing_march")->pose;
  Pose mid = interpolatePose(sit, march, 0.5);
  CHECK(mid.preset.empty());
  CHECK(mid.angle("hip_flexion_l") == doctest::Approx((sit.angle("hip_flexion_l") + march.angle("hip_flexion_l")) / 2));
  CHECK(mid.angle("pelvis_tilt") == doctest::Approx(sit.angle("pelvis_tilt") / 2));  // absent in march: 0
  CHECK(interpolatePose(sit, march, 0.0).preset == "sitting");
  Pose end = interpolatePose(sit, march, 1.0);
  CHECK(end.preset == "standing_march");
  for (const auto& [id, v] : end.joints) CHECK(v == doctest::Approx(march.angle(id)));
  CHECK(interpolatePose(sit, march, 7.0).preset == "standing_march");  // clamped
  CHECK(easeInOut(0.0) == 0.0);
  CHECK(easeInOut(1.0) == 1.0);
  CHECK(easeInOut(0.5) == doctest::Approx(0.5));
  CHECK(easeInOut(0.1) < 0.1);
}

TEST_CASE("--pose and --joint: presets, overrides, and errors that name what is wrong") {
  const MotionData& m = builtin().motion;
  Pose p = poseFromArguments(m, "sitting", {"hip_flexion_l=100", "knee_flexion_r=45.5"});
  CHECK(p.angle("hip_flexion_l") == 100);
  CHECK(p.angle("knee_flexion_r") == 45.5);
  CHECK(p.angle("pelvis_tilt") == m.findPose("sitting")->pose.angle("pelvis_tilt"));
  CHECK(p.preset.empty());  // changed by hand
  CHECK(poseFromArguments(m, "sitting", {}).preset == "sitting");
  CHECK(poseFromArguments(m, "", {}).isStanding());
  CHECK(messageOf<UsageError>([&] { poseFromArguments(m, "slouching", {}); }).find("unknown pose \"slouching\" (poses: standing, sitting") != std::string::npos);
  CHECK(messageOf<UsageError>([&] { poseFromArguments(m, "", {"hip_flexion_l"}); }).find("invalid --joint \"hip_flexion_l\"") != std::string::npos);
  CHECK(messageOf<UsageError>([&] { poseFromArguments(m, "", {"hip_flexion_l=ninety"}); }).find("ID=DEGREES") != std::string::npos);
  CHECK(messageOf<UsageError>([&] { poseFromArguments(m, "", {"hip_flexion_l=nan"}); }).find("invalid --joint") != std::string::npos);
  CHECK(messageOf<UsageError>([&] { poseFromArguments(m, "", {"neck_flexion=10"}); }).find("unknown joint \"neck_flexion\"") != std::string::npos);
  CHECK(messageOf<UsageError>([&] { poseFromArguments(m, "", {"hip_flexion_r=-45"}); }).find("hip_flexion_r = -45 deg is outside its range -30..130") != std::string::npos);
}

TEST_CASE("view states carry the pose, older states without one still load, bad poses are refused") {
  ViewState s;
  s.pose = builtin().motion.findPose("sitting")->pose;
  std::string text = serializeViewState(s);
  ViewState back = parseViewState(text, "/x/s.json");
  CHECK(back.pose.preset == "sitting");
  CHECK(back.pose.joints == s.pose.joints);
  CHECK(serializeViewState(back) == text);
  CHECK_NOTHROW(applyViewState(builtin(), back, "/x/s.json"));
  // Standing is not written, so states stay as they were.
  CHECK(serializeViewState(ViewState{}).find("pose") == std::string::npos);
  // A preset named without angles (as a hand-written state or story gives it) is kept, not taken for standing.
  ViewState named;
  named.pose.preset = "glute_bridge";
  ViewState namedBack = parseViewState(serializeViewState(named), "/x/n.json");
  CHECK(namedBack.pose.preset == "glute_bridge");
  CHECK(namedBack.pose.joints.empty());
  ViewState old = parseViewState(R"({"format": "psoas-atlas-view", "version": 1})", "/x/old.json");
  CHECK(old.pose.isStanding());
  auto stateError = [](const std::string& pose) {
    return messageOf<StateError>([&] {
      ViewState v = parseViewState(R"({"format": "psoas-atlas-view", "version": 2, "pose": )" + pose + "}", "/x/p.json");
      applyViewState(builtin(), v, "/x/p.json");
    });
  };
  CHECK(stateError(R"({"joints": {"hip_flexion_l": "far"}})").find("/x/p.json: pose.joints.hip_flexion_l: expected a number") != std::string::npos);
  std::string ctl = stateError(R"({"joints": {"hip\u0007": 1}})");
  CHECK(ctl.find("pose.joints: ids may hold only letters, digits, '_' and '-', got \"hip\\x07\"") != std::string::npos);
  CHECK(ctl.find('\a') == std::string::npos);
  CHECK(stateError(R"({"joints": {"hip_flexion_l": 200}})").find("pose.joints: joint hip_flexion_l = 200 deg is outside its range") != std::string::npos);
  CHECK(stateError(R"({"preset": "flying", "joints": {}})").find("pose.preset: unknown pose \"flying\"") != std::string::npos);
  CHECK(stateError(R"({"joints": {"wrist": 3}})").find("unknown joint \"wrist\"") != std::string::npos);
  CHECK(stateError(R"({"preset": "sitting"})").empty());  // a preset alone stands for its angles
  CHECK(stateError(R"({})").find("pose: a pose needs \"preset\" or \"joints\"") != std::string::npos);
}

TEST_CASE("psoas-atlas measure prints lengths, % of standing and moment arms, bad input exits 2 or 3") {
  std::string out;
  REQUIRE(test::runCli("measure --pose sitting --json", out) == 0);
  auto j = nlohmann::json::parse(out);
  REQUIRE(j["muscles"].size() == 6);
  std::set<std::string> ids;
  for (const auto& m : j["muscles"]) {
    ids.insert(m["id"].get<std::string>());
    CHECK(m["length_mm"].get<double>() > 100);
    CHECK(m["percent_of_standing"].get<double>() < 100.5);
    CHECK(m.contains("hip_flexion_moment_arm_mm"));
  }
  CHECK(ids == std::set<std::string>{"psoas_major_l", "psoas_major_r", "psoas_minor_l", "psoas_minor_r", "iliacus_l", "iliacus_r"});
  CHECK(j["pose"]["preset"] == "sitting");
  REQUIRE(test::runCli("measure --joint hip_flexion_r=-20 --joint lumbar_flexion=-10 --json", out) == 0);
  j = nlohmann::json::parse(out);
  for (const auto& m : j["muscles"])
    if (m["id"] == "psoas_major_r") CHECK(m["percent_of_standing"].get<double>() > 101);
  REQUIRE(test::runCli("measure --pose standing", out) == 0);
  CHECK(out.find("psoas_major_l") != std::string::npos);
  CHECK(test::runCli("measure --pose slouch --json", out) == 2);
  CHECK(out.find("unknown pose \"slouch\"") != std::string::npos);
  CHECK(test::runCli("measure --joint knee_flexion_l=150", out) == 2);
  CHECK(out.find("knee_flexion_l = 150 deg is outside its range 0..140") != std::string::npos);
  CHECK(test::runCli("measure --joint elbow=10", out) == 2);
  CHECK(test::runCli("measure --joint hip_flexion_l:10", out) == 2);
  // Malformed pose data in an atlas: exit 3, naming the file and the path.
  auto dir = test::scratchDir("measure_bad_pose");
  std::string atlas = readTextFile(test::sourceDir() / "assets" / "atlas.json");
  std::string poses = readTextFile(test::sourceDir() / "assets" / "poses.json");
  auto at = poses.find("\"hip_flexion_l\": 75");
  REQUIRE(at != std::string::npos);
  poses.replace(at, 19, "\"hip_flexion_l\": \"x\"");
  auto copy = [&](const char* name) { test::writeText(dir / name, readTextFile(test::sourceDir() / "assets" / name)); };
  copy("landmarks.json");
  copy("frames.json");
  copy("teaching.json");
  copy("kinematics.json");
  test::writeText(dir / "poses.json", poses);
  test::writeText(dir / "atlas.json", atlas);
  CHECK(test::runCli("measure --atlas " + (dir / "atlas.json").string(), out) == 3);
  CHECK(out.find("poses.json: poses[1].joints.hip_flexion_l: expected a number") != std::string::npos);
}
