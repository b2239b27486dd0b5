// The pose rig file (core/rig_cache): a rig read back from it poses every vertex exactly as the rig built from
// scratch does, and a file that does not fit (stale inputs, truncated, garbage, damaged) is ignored with a
// warning naming it while the rig built instead still poses correctly.
#include <doctest/doctest.h>

#include <cstring>
#include <string>
#include <vector>

#include "core/file_util.hpp"
#include "core/posed_atlas.hpp"
#include "core/rig_cache.hpp"
#include "teaching_support.hpp"
#include "test_support.hpp"

using namespace psoas;
namespace fs = std::filesystem;

namespace {
const Atlas& rest() { return teaching_test::builtin(); }
// The reference: built from scratch as a figure builds it (one pose at a time).
const PoseRig& scratchRig() {
  static const PoseRig r = buildPoseRig(rest(), RigUse::OnePose);
  return r;
}
const std::string& rigBytes() {
  static const std::string b = poseRigFileBytes(rest());
  return b;
}

Pose preset(const std::string& id) { return effectivePose(rest().motion, Pose{id, {}}); }

// Number of structures whose posed vertices or normals differ in any bit between the two rigs.
int differingStructures(const Atlas& atlas, const PoseRig& a, const PoseRig& b, const std::string& pose) {
  Atlas pa = posedAtlas(atlas, a, preset(pose)), pb = posedAtlas(atlas, b, preset(pose));
  int differ = 0;
  for (std::size_t i = 0; i < pa.structures.size(); ++i) {
    const Mesh* ma = pa.structures[i].mesh.get();
    const Mesh* mb = pb.structures[i].mesh.get();
    if (!ma || !mb) {
      differ += ma != mb;
      continue;
    }
    // Bit for bit (memcmp, as == would take -0 for 0); an empty vector's data() may be null.
    auto sameBits = [](const std::vector<glm::vec3>& x, const std::vector<glm::vec3>& y) {
      return x.size() == y.size() && (x.empty() || std::memcmp(x.data(), y.data(), x.size() * sizeof(glm::vec3)) == 0);
    };
    bool same = sameBits(ma->positions, mb->positions) && sameBits(ma->normals, mb->normals);
    if (!same) ++differ;
  }
  return differ;
}

// A copy of the built-in atlas whose file is in `dir` (nothing is written there but the rig), so that its
// rig file is dir/atlas.rig.
Atlas atlasIn(const fs::path& dir) {
  Atlas a = rest();
  a.file = dir / "atlas.json";
  return a;
}

// Writes `bytes` as dir/atlas.rig, then asks for the atlas's rig: the file must be refused with a warning
// naming it and the reason, and the rig built instead must pose the envelope and muscles exactly as from scratch.
void checkRefused(const std::string& name, const std::string& bytes, const std::string& reason) {
  fs::path dir = test::scratchDir("rig_" + name);
  Atlas a = atlasIn(dir);
  writeFileAtomic(dir / "atlas.rig", bytes);
  std::string warning;
  PoseRig rig = loadOrBuildPoseRig(a, RigUse::OnePose, &warning);
  INFO(warning);
  CHECK(warning.find((dir / "atlas.rig").string()) != std::string::npos);
  CHECK(warning.find(reason) != std::string::npos);
  CHECK(warning.find('\n') == std::string::npos);
  CHECK(differingStructures(a, rig, scratchRig(), "sitting") == 0);
}
}  // namespace

TEST_CASE("rig file: a rig read back poses every vertex as the rig built from scratch") {
  fs::path dir = test::scratchDir("rig_roundtrip");
  Atlas a = atlasIn(dir);
  writePoseRigFile(a, dir / "atlas.rig");
  std::string warning = "unset";
  PoseRig loaded = loadOrBuildPoseRig(a, RigUse::OnePose, &warning);
  CHECK(warning.empty());
  REQUIRE(loaded.contact);
  // Read, not built: every bone's search data and each tissue vertex's distances at rest came from the file.
  CHECK(loaded.contact->boneCount() == scratchRig().contact->boneCount());
  int bound = 0;
  for (const auto& c : loaded.contacts) bound += c && c->bound;
  CHECK(bound > 0);
  for (const char* pose : {"sitting", "thomas_test", "side_lying_curled", "dead_bug"}) {
    INFO(pose);
    CHECK(differingStructures(a, loaded, scratchRig(), pose) == 0);
  }
}

TEST_CASE("rig file: the file written is the same bytes each time (the build's output is reproducible)") {
  CHECK(poseRigFileBytes(rest()) == rigBytes());
}

TEST_CASE("rig file: a stale file (other meshes) is ignored with a warning, and the rig built instead is right") {
  fs::path dir = test::scratchDir("rig_stale");
  Atlas moved = atlasIn(dir);
  writePoseRigFile(moved, dir / "atlas.rig");
  // One envelope vertex moved by a millimetre after the file was made.
  int envelope = -1;
  for (std::size_t i = 0; i < moved.structures.size(); ++i)
    if (moved.structures[i].skinned && moved.structures[i].mesh) envelope = int(i);
  REQUIRE(envelope >= 0);
  Mesh m = *moved.structures[std::size_t(envelope)].mesh;
  m.positions[0].x += 0.001f;
  moved.structures[std::size_t(envelope)].mesh = std::make_shared<const Mesh>(m);
  CHECK(rigInputHash(moved) != rigInputHash(rest()));
  std::string warning;
  PoseRig rig = loadOrBuildPoseRig(moved, RigUse::OnePose, &warning);
  INFO(warning);
  CHECK(warning.find("stale") != std::string::npos);
  CHECK(warning.find((dir / "atlas.rig").string()) != std::string::npos);
  // Built for the moved vertex: the same as a rig built from scratch for the changed atlas.
  CHECK(differingStructures(moved, rig, buildPoseRig(moved, RigUse::OnePose), "sitting") == 0);
}

TEST_CASE("rig file: a changed muscle path makes the file stale too") {
  Atlas a = rest();
  REQUIRE(!a.motion.muscles.empty());
  a.motion.muscles[0].points[0].position.y += 0.001f;
  CHECK(rigInputHash(a) != rigInputHash(rest()));
}

TEST_CASE("rig file: a truncated file is ignored with a warning") {
  checkRefused("truncated", rigBytes().substr(0, rigBytes().size() / 2), "truncated");
}

TEST_CASE("rig file: a garbage file is ignored with a warning") {
  checkRefused("garbage", std::string(4096, '\x5a'), "not a pose rig file");
  checkRefused("empty", std::string(), "not a pose rig file");
}

TEST_CASE("rig file: a damaged byte in the payload is found by its hash") {
  std::string bytes = rigBytes();
  bytes[bytes.size() / 2] = char(bytes[bytes.size() / 2] ^ 0x40);
  checkRefused("damaged", bytes, "damaged");
}

TEST_CASE("rig file: another format version is ignored with a warning") {
  std::string bytes = rigBytes();
  bytes[8] = char(bytes[8] + 1);  // the version follows the eight bytes of magic
  checkRefused("version", bytes, "format version");
}

TEST_CASE("rig file: no file is no warning, and the rig is built") {
  fs::path dir = test::scratchDir("rig_none");
  std::string warning = "unset";
  PoseRig rig = loadOrBuildPoseRig(atlasIn(dir), RigUse::OnePose, &warning);
  CHECK(warning.empty());
  CHECK(rig.contact);
  CHECK(!readPoseRigFile(rest(), dir / "atlas.rig", &warning));
  CHECK(warning.empty());
}

TEST_CASE("rig file: the build made the built-in atlas's rig, and it fits") {
  fs::path file = poseRigFileFor(rest());
  INFO(file.string());
  REQUIRE(fs::exists(file));
  std::string warning;
  auto rig = readPoseRigFile(rest(), file, &warning);
  CHECK(warning.empty());
  CHECK(rig.has_value());
}
