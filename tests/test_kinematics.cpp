// The kinematic chain: the built-in data, joint math and ranges, mirroring of paired joints, and the
// errors for bad skeleton data and bad poses.
#include <doctest/doctest.h>

#include <cmath>
#include <functional>

#include <glm/geometric.hpp>
#include <glm/gtc/quaternion.hpp>

#include "core/atlas.hpp"
#include "core/errors.hpp"
#include "core/file_util.hpp"
#include "test_support.hpp"

using namespace psoas;

namespace {
const Atlas& builtin() { return test::builtinAtlasData(); }

glm::vec3 landmarkAt(const Pose& pose, const std::string& id) {
  const Atlas& a = builtin();
  int i = a.findLandmark(id);
  REQUIRE(i >= 0);
  return posedLandmarks(a, pose)[std::size_t(i)];
}

Pose pose(std::map<std::string, double> joints) { return Pose{"", std::move(joints)}; }

float rotationDeg(const glm::mat4& m) { return glm::degrees(glm::angle(glm::quat_cast(glm::mat3(m)))); }

template <class E>
std::string messageOf(const std::function<void()>& f) {
  try { f(); } catch (const E& e) { return e.what(); }
  return "";
}
}  // namespace

TEST_CASE("the built-in skeleton has the issue's joints, and every structure and landmark a segment") {
  const Atlas& a = builtin();
  const Skeleton& sk = a.motion.skeleton;
  for (const char* id : {"pelvis_tilt", "pelvis_list", "pelvis_rotation", "hip_flexion_l", "hip_flexion_r",
                         "hip_adduction_l", "hip_adduction_r", "hip_rotation_l", "hip_rotation_r", "knee_flexion_l",
                         "knee_flexion_r", "lumbar_flexion", "lumbar_bending"})
    CHECK_MESSAGE(sk.findCoordinate(id) >= 0, id);
  // The lower leg's structures will only need their "segment" field.
  CHECK(sk.findSegment("tibia_l") >= 0);
  CHECK(sk.findSegment("tibia_r") >= 0);
  for (const auto& s : a.structures) CHECK_MESSAGE(sk.findSegment(s.segment) >= 0, s.id);
  for (const auto& l : a.landmarks) CHECK_MESSAGE(sk.findSegment(l.segment) >= 0, l.id);
  // Standing is the all-zero pose and moves nothing.
  for (const glm::mat4& m : segmentTransforms(sk, Pose{})) CHECK(m == glm::mat4(1.f));
}

TEST_CASE("hip flexion swings the knee forward about the hip centre, knee flexion takes the leg back") {
  Pose flexed = pose({{"hip_flexion_l", 90}});
  glm::vec3 hip0 = landmarkAt({}, "hip_center_l"), knee0 = landmarkAt({}, "knee_center_l");
  glm::vec3 knee = landmarkAt(flexed, "knee_center_l");
  CHECK(glm::length(landmarkAt(flexed, "hip_center_l") - hip0) < 1e-6f);
  CHECK(glm::length(knee - hip0) == doctest::Approx(glm::length(knee0 - hip0)).epsilon(1e-5));
  CHECK(knee.z - hip0.z > 0.35f);               // forward by about the femur's length
  CHECK(std::abs(knee.y - hip0.y) < 0.02f);     // level with the hip
  CHECK(glm::length(landmarkAt(flexed, "knee_center_r") - landmarkAt({}, "knee_center_r")) < 1e-6f);
  // Extension takes it back.
  CHECK(landmarkAt(pose({{"hip_flexion_l", -20}}), "knee_center_l").z < knee0.z - 0.1f);
  // Knee flexion: the tibia turns about the knee centre, the femur stays.
  auto segs = segmentTransforms(builtin().motion.skeleton, pose({{"knee_flexion_l", 90}}));
  const Skeleton& sk = builtin().motion.skeleton;
  glm::vec3 ankleish = knee0 + glm::vec3(0, -0.35f, 0);
  glm::vec3 moved = glm::vec3(segs[std::size_t(sk.findSegment("tibia_l"))] * glm::vec4(ankleish, 1.f));
  CHECK(moved.z < knee0.z - 0.3f);  // behind the knee
  CHECK(segs[std::size_t(sk.findSegment("femur_l"))] == glm::mat4(1.f));
}

TEST_CASE("paired joints are mirrored: the same angle is the same movement on both sides") {
  for (const char* j : {"hip_flexion", "hip_adduction", "hip_rotation", "knee_flexion"}) {
    for (double deg : {-25.0, 20.0, 40.0}) {
      const Coordinate& c = builtin().motion.skeleton.coordinates[std::size_t(builtin().motion.skeleton.findCoordinate(std::string(j) + "_l"))];
      if (deg < c.minDeg || deg > c.maxDeg) continue;
      Pose l = pose({{std::string(j) + "_l", deg}, {"knee_flexion_l", 30}});
      Pose r = pose({{std::string(j) + "_r", deg}, {"knee_flexion_r", 30}});
      for (const char* lm : {"knee_center", "greater_trochanter", "lesser_trochanter"}) {
        glm::vec3 a = landmarkAt(l, std::string(lm) + "_l"), b = landmarkAt(r, std::string(lm) + "_r");
        INFO(j << " " << deg << " " << lm);
        CHECK(a.x == doctest::Approx(-b.x).epsilon(1e-4));
        CHECK(a.y == doctest::Approx(b.y).epsilon(1e-4));
        CHECK(a.z == doctest::Approx(b.z).epsilon(1e-4));
      }
    }
  }
  // Adduction moves each knee towards the midline; internal rotation brings the greater trochanter forward.
  CHECK(landmarkAt(pose({{"hip_adduction_l", 20}}), "knee_center_l").x < landmarkAt({}, "knee_center_l").x - 0.05f);
  CHECK(landmarkAt(pose({{"hip_adduction_r", 20}}), "knee_center_r").x > landmarkAt({}, "knee_center_r").x + 0.05f);
  CHECK(landmarkAt(pose({{"hip_rotation_l", 30}}), "greater_trochanter_l").z > landmarkAt({}, "greater_trochanter_l").z + 0.01f);
  CHECK(landmarkAt(pose({{"hip_rotation_r", 30}}), "greater_trochanter_r").z > landmarkAt({}, "greater_trochanter_r").z + 0.01f);
}

TEST_CASE("lumbar flexion and bending are shared over T12-S1 and add up to the angle asked for") {
  const Skeleton& sk = builtin().motion.skeleton;
  int t12 = sk.findSegment("t12"), l5 = sk.findSegment("l5"), l3 = sk.findSegment("l3");
  for (double deg : {-30.0, 30.0, 60.0}) {
    auto segs = segmentTransforms(sk, pose({{"lumbar_flexion", deg}}));
    CHECK(rotationDeg(segs[std::size_t(t12)]) == doctest::Approx(std::abs(deg)).epsilon(1e-3));
    // Each level takes a part, growing up the chain.
    float a5 = rotationDeg(segs[std::size_t(l5)]), a3 = rotationDeg(segs[std::size_t(l3)]);
    CHECK(a5 > 0.05f * float(std::abs(deg)));
    CHECK(a5 < a3);
    CHECK(a3 < float(std::abs(deg)));
  }
  glm::vec3 t12c = landmarkAt({}, "body_center_t12");
  CHECK(landmarkAt(pose({{"lumbar_flexion", 40}}), "body_center_t12").z > t12c.z + 0.05f);   // forward
  CHECK(landmarkAt(pose({{"lumbar_bending", 20}}), "body_center_t12").x > t12c.x + 0.025f);  // to the left
  CHECK(landmarkAt(pose({{"lumbar_bending", -20}}), "body_center_t12").x < t12c.x - 0.025f);
  // A disc turns half way between its vertebrae.
  const Atlas& a = builtin();
  auto segs = segmentTransforms(sk, pose({{"lumbar_flexion", 50}}));
  float disc = rotationDeg(structureTransform(a, segs, a.findStructure("disc_l3_l4")));
  float lower = rotationDeg(segs[std::size_t(sk.findSegment("l4"))]), upper = rotationDeg(segs[std::size_t(l3)]);
  CHECK(disc == doctest::Approx((lower + upper) / 2).epsilon(0.02));
}

TEST_CASE("the pelvis carries the body: anterior tilt, left side down, lying as a root rotation") {
  glm::vec3 asis0 = landmarkAt({}, "asis_l");
  glm::vec3 tilted = landmarkAt(pose({{"pelvis_tilt", 20}}), "asis_l");
  CHECK(tilted.y < asis0.y);  // the ASIS goes forward and down
  CHECK(landmarkAt(pose({{"pelvis_list", 10}}), "iliac_crest_top_l").y < landmarkAt({}, "iliac_crest_top_l").y - 0.01f);
  // Supine: the spine lies along -Z (head away from the feet), the front faces up.
  glm::vec3 t12 = landmarkAt(pose({{"pelvis_tilt", -90}}), "body_center_t12");
  CHECK(t12.z < -0.25f);
  CHECK(std::abs(t12.y) < 0.05f);
  // Everything moves with it: the femur follows the pelvis when only the pelvis turns.
  CHECK(glm::length(landmarkAt(pose({{"pelvis_rotation", 90}}), "knee_center_l") - glm::vec3(0.f)) ==
        doctest::Approx(glm::length(landmarkAt({}, "knee_center_l"))).epsilon(1e-4));
}

TEST_CASE("an angle out of range or an unknown joint is an error that names it") {
  const Skeleton& sk = builtin().motion.skeleton;
  std::string m = messageOf<UsageError>([&] { validatePose(sk, pose({{"hip_flexion_l", 150}})); });
  CHECK(m.find("hip_flexion_l") != std::string::npos);
  CHECK(m.find("-30..130") != std::string::npos);
  m = messageOf<UsageError>([&] { validatePose(sk, pose({{"knee_flexion_r", -1}})); });
  CHECK(m.find("0..140") != std::string::npos);
  m = messageOf<UsageError>([&] { validatePose(sk, pose({{"hip_flex\x01ion", 10}})); });
  CHECK(m.find("unknown joint \"hip_flex\\x01ion\"") != std::string::npos);  // escaped, never echoed raw
  CHECK(m.find("lumbar_bending") != std::string::npos);  // the list of joints
  CHECK_THROWS_AS(segmentTransforms(sk, pose({{"lumbar_flexion", std::nan("")}})), UsageError);
  CHECK_NOTHROW(validatePose(sk, pose({{"hip_flexion_l", 130}, {"hip_flexion_r", -30}})));
}

namespace {
// A minimal atlas with a two-segment skeleton; `patch` replaces the marked parts.
std::string miniAtlas(const std::string& segments, const std::string& coords, const std::string& joints,
                      const std::string& structureExtra = R"(, "segment": "root")", const std::string& more = "") {
  return R"({"schema": 1, "title": "t",
    "structures": [{"id": "a", "name": "A", "group": "bone", "side": "left", "mesh": "cube.obj", "color": "#102030",
                    "description": "", "sources": [])" + structureExtra + R"(}],
    "segments": )" + segments + R"(, "coordinates": )" + coords + R"(, "joints": )" + joints + more + "}";
}
const std::string kSegs = R"([{"id": "root", "name": "R"}, {"id": "leg", "name": "L", "parent": "root"}])";
const std::string kCoords = R"([{"id": "bend", "name": "B", "range": [-10, 20], "sources": ["s"]}])";
const std::string kJoints = R"([{"id": "j", "name": "J", "child": "leg", "centre": [0, 0, 0],
                                 "dofs": [{"joint": "bend", "axis": [1, 0, 0]}], "sources": ["s"]}])";
std::string atlasError(const std::string& json) {
  return messageOf<AtlasError>([&] { parseAtlas(json, "/data/x.json"); });
}
}  // namespace

TEST_CASE("skeleton data is checked strictly, naming the file and the JSON path") {
  CHECK(atlasError(miniAtlas(kSegs, kCoords, kJoints)).empty());
  std::string m = atlasError(miniAtlas(R"([{"id": "root", "name": "R"}, {"id": "leg", "name": "L", "parent": "nowhere"}])", kCoords, kJoints));
  CHECK(m.find("/data/x.json: segments[1].parent: unknown parent segment \"nowhere\"") != std::string::npos);
  m = atlasError(miniAtlas(R"([{"id": "ro\u0000ot", "name": "R"}])", kCoords, "[]"));
  CHECK(m.find("segments[0].id: contains a NUL character") != std::string::npos);
  CHECK(m.find('\0') == std::string::npos);
  m = atlasError(miniAtlas(kSegs, R"([{"id": "bend", "name": "B", "range": [5, 20], "sources": ["s"]}])", kJoints));
  CHECK(m.find("coordinates[0].range") != std::string::npos);
  m = atlasError(miniAtlas(kSegs, kCoords, R"([{"id": "j", "name": "J", "child": "leg", "centre": [0, 0, 0],
      "dofs": [{"joint": "bend", "axis": [1, 0, 0], "ratio": 0.5}], "sources": ["s"]}])"));
  CHECK(m.find("ratios of joint \"bend\" add up to 0.5") != std::string::npos);
  m = atlasError(miniAtlas(kSegs, kCoords, R"([{"id": "j", "name": "J", "child": "leg", "centre": "no_such_landmark",
      "dofs": [{"joint": "bend", "axis": [1, 0, 0]}], "sources": ["s"]}])"));
  CHECK(m.find("joints[0].centre: unknown landmark \"no_such_landmark\"") != std::string::npos);
  m = atlasError(miniAtlas(kSegs, kCoords, R"([{"id": "j", "name": "J", "child": "leg", "centre": [0, 0, 0],
      "dofs": [{"joint": "bend", "axis": [0, 0, 0]}], "sources": ["s"]}])"));
  CHECK(m.find("joints[0].dofs[0].axis: direction must not be the zero vector") != std::string::npos);
  m = atlasError(miniAtlas(kSegs, kCoords, kJoints, ""));
  CHECK(m.find("structures[0]: structure \"a\" names no \"segment\"") != std::string::npos);
  m = atlasError(miniAtlas(kSegs, kCoords, kJoints, R"(, "segment": "arm")"));
  CHECK(m.find("structures[0].segment: unknown segment \"arm\"") != std::string::npos);
  m = atlasError(miniAtlas(kSegs, kCoords, kJoints, R"(, "segment": "root")",
                           R"(, "landmarks": [{"id": "p", "name": "P", "position": [0, 0, 0]}])"));
  CHECK(m.find("landmark \"p\" moves with no segment") != std::string::npos);
  m = atlasError(miniAtlas(kSegs, kCoords, kJoints, R"(, "segment": "root")",
                           R"(, "poses": [{"id": "p", "name": "P", "joints": {"bend": 30}, "view": "anterior",
                                "caption": "c", "evidence": "x", "sources": ["s"]}])"));
  CHECK(m.find("poses[0].joints.bend: must be between -10 and 20, got 30") != std::string::npos);
  // Without a skeleton, motion lists are refused rather than ignored.
  m = atlasError(R"({"schema": 1, "title": "t", "structures": [{"id": "a", "name": "A", "group": "bone",
      "side": "left", "mesh": "c.obj", "color": "#102030", "description": "", "sources": []}], "poses": []})");
  CHECK(m.find("poses: needs a skeleton") != std::string::npos);
}
