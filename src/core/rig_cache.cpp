#include "core/rig_cache.hpp"

#include <cmath>
#include <cstring>
#include <algorithm>
#include <fstream>
#include <memory>
#include <system_error>

#include "core/byte_io.hpp"
#include "core/errors.hpp"
#include "core/file_util.hpp"
#include "core/point_tree.hpp"

namespace psoas {
namespace fs = std::filesystem;

namespace {
constexpr char kMagic[8] = {'P', 'S', 'O', 'A', 'S', 'R', 'I', 'G'};
// Raise with any change to what is saved or how it is made (buildPoseRig(), BoneContact's search data).
constexpr std::uint32_t kVersion = 1;
// The built-in atlas's rig is some tens of megabytes; anything near this is not a rig file.
constexpr std::uintmax_t kMaxRigBytes = 1ull << 30;
// Per array: no mesh in an atlas has this many vertices (the loader's own caps are lower).
constexpr std::uint64_t kMaxCount = 1ull << 26;

// Four lanes of 64 bits (the inputs are tens of megabytes of vertices and the file itself as much, hashed on
// every posed figure: a few instructions per 8 bytes), each word mixed in by xor, rotate and multiply, the
// lanes and the length folded together at the end as in MurmurHash64A. Not cryptographic: it tells a stale
// or damaged file from a fitting one.
class Hasher {
 public:
  void bytes(const void* data, std::size_t n) {
    const auto* p = static_cast<const unsigned char*>(data);
    fold(n);
    for (; n >= 32; n -= 32, p += 32) {
      std::uint64_t w[4];
      std::memcpy(w, p, 32);
      for (int k = 0; k < 4; ++k) lane_[k] = rotl(lane_[k] ^ w[k], 29) * kMul;
    }
    for (; n >= 8; n -= 8, p += 8) {
      std::uint64_t w;
      std::memcpy(&w, p, 8);
      fold(w);
    }
    std::uint64_t tail = 0;
    if (n) std::memcpy(&tail, p, n);  // an empty vector's data() may be null, which memcpy must not get
    fold(tail);
  }
  template <class T>
  void pod(const T& v) { bytes(&v, sizeof(T)); }
  template <class T>
  void vec(const std::vector<T>& v) { bytes(v.data(), v.size() * sizeof(T)); }
  void str(const std::string& s) { bytes(s.data(), s.size()); }
  std::uint64_t value() const {
    std::uint64_t h = h_;
    for (std::uint64_t l : lane_) h = mix(h, l);
    return h ^ (h >> 47);
  }

 private:
  static constexpr std::uint64_t kMul = 0xc6a4a7935bd1e995ull;
  static std::uint64_t rotl(std::uint64_t x, int r) { return (x << r) | (x >> (64 - r)); }
  static std::uint64_t mix(std::uint64_t h, std::uint64_t k) {
    k *= kMul;
    k ^= k >> 47;
    k *= kMul;
    return (h ^ k) * kMul;
  }
  void fold(std::uint64_t k) { h_ = mix(h_, k); }
  std::uint64_t h_ = 0x9e3779b97f4a7c15ull;
  std::uint64_t lane_[4] = {1, 2, 3, 4};
};

std::uint64_t hashOf(std::string_view bytes) {
  Hasher h;
  h.bytes(bytes.data(), bytes.size());
  return h.value();
}

void hashMotion(Hasher& h, const MotionData& m) {
  const Skeleton& sk = m.skeleton;
  h.pod(sk.segments.size());
  for (const Segment& s : sk.segments) {
    h.str(s.id);
    h.pod(s.parent);
    h.pod(s.joint);
  }
  h.pod(sk.joints.size());
  for (const Joint& j : sk.joints) {
    h.pod(j.child);
    h.pod(j.centre);
    for (const JointDof& d : j.dofs) {
      h.pod(d.coordinate);
      h.pod(d.axis);
      h.pod(d.ratio);
    }
  }
  h.pod(m.wraps.size());
  for (const WrapSurface& w : m.wraps) {
    h.pod(w.segment);
    h.pod(w.centre);
    h.pod(w.axis);
    h.pod(w.side);
    h.pod(w.radius);
  }
  h.pod(m.muscles.size());
  for (const MusclePath& p : m.muscles) {
    h.pod(p.structure);
    h.pod(p.points.size());
    for (const PathPoint& q : p.points) {
      h.pod(q.role);
      h.pod(q.segment);
      h.pod(q.position);
      h.pod(q.wrap);
    }
  }
}
}  // namespace

std::uint64_t rigInputHash(const Atlas& rest) {
  Hasher h;
  h.pod(rest.structures.size());
  for (const Structure& s : rest.structures) {
    h.str(s.group);
    h.str(s.segment);
    h.str(s.blendSegment);
    h.pod(s.blendWeight);
    h.pod(s.blendCentre);
    h.pod(std::uint8_t(s.skinned));
    h.pod(std::uint8_t(s.blendAlong));
    h.pod(std::uint8_t(bool(s.mesh)));
    if (!s.mesh) continue;
    h.pod(std::uint8_t(s.mesh->closed));
    h.vec(s.mesh->positions);
    h.vec(s.mesh->normals);
    h.vec(s.mesh->indices);
  }
  hashMotion(h, rest.motion);
  // How the bones' search data is made and laid out: the same inputs with other constants give other data.
  h.vec(BoneContact::dataConstants());
  h.pod(PointTree::kLeafSize);
  return h.value();
}

// ---- writing

namespace {
void saveRig(ByteWriter& out, const PoseRig& rig) {
  out.pod(std::uint64_t(rig.muscles.size()));
  for (const MuscleBinding& b : rig.muscles) {
    out.pod(std::int32_t(b.path));
    out.pod(b.restLength);
    out.pod(b.restNormal);
    out.pod(b.restVolume);
    out.vec(b.restSpans);
    out.vec(b.along);
    out.vec(b.offset);
  }
  out.pod(std::uint64_t(rig.skins.size()));
  for (const PoseRig::Weights& w : rig.skins) {
    out.vec(w.segments);
    out.vec(w.weights);
  }
  out.pod(std::uint8_t(bool(rig.contact)));
  if (rig.contact) rig.contact->save(out);
  out.pod(std::uint64_t(rig.contacts.size()));
  for (const auto& c : rig.contacts) {
    out.pod(std::uint8_t(bool(c)));
    if (!c) continue;
    out.pod(c->clearance);
    out.vec(c->first);
    out.vec(c->near);
  }
}
}  // namespace

std::string poseRigFileBytes(const Atlas& rest) {
  // Every part made now (bound contacts, all grids): the file then serves a figure and the window alike.
  PoseRig rig = buildPoseRig(rest, RigUse::ManyPoses);
  ByteWriter payload;
  saveRig(payload, rig);
  ByteWriter out;
  out.bytes().append(kMagic, sizeof kMagic);
  out.pod(kVersion);
  out.pod(std::uint32_t(0));  // reserved
  out.pod(rigInputHash(rest));
  out.pod(std::uint64_t(payload.bytes().size()));
  out.pod(hashOf(payload.bytes()));
  out.bytes() += payload.bytes();
  return std::move(out.bytes());
}

void writePoseRigFile(const Atlas& rest, const fs::path& file) { writeFileAtomic(file, poseRigFileBytes(rest)); }

// ---- reading: every count and index checked against the atlas; a record that does not fit is refused whole

namespace {
// The muscles as bindAtlasMuscles() binds them: one per path whose structure has a mesh, in path order.
bool readMuscles(ByteReader& in, const Atlas& rest, std::vector<MuscleBinding>& out) {
  std::uint64_t n = 0;
  if (!in.pod(n) || n > rest.motion.muscles.size()) return false;
  std::size_t next = 0;
  for (std::uint64_t k = 0; k < n; ++k) {
    MuscleBinding b;
    std::int32_t path = -1;
    if (!in.pod(path) || !in.pod(b.restLength) || !in.pod(b.restNormal) || !in.pod(b.restVolume)) return false;
    while (next < rest.motion.muscles.size() && !rest.structures[std::size_t(rest.motion.muscles[next].structure)].mesh) ++next;
    if (path < 0 || std::size_t(path) != next++) return false;
    b.path = path;
    const MusclePath& mp = rest.motion.muscles[std::size_t(path)];
    const Mesh& mesh = *rest.structures[std::size_t(mp.structure)].mesh;
    if (!in.vec(b.restSpans, kMaxCount) || !in.vec(b.along, kMaxCount) || !in.vec(b.offset, kMaxCount)) return false;
    if (b.restSpans.size() != mp.points.size() || b.restSpans.size() < 2 || b.along.size() != mesh.positions.size() ||
        b.offset.size() != mesh.positions.size())
      return false;
    // A span index and fraction: finite, from 0 (it becomes an index when posed).
    for (float a : b.along)
      if (!(a >= 0.f && a < float(b.restSpans.size()))) return false;
    out.push_back(std::move(b));
  }
  return true;
}

bool readSkins(ByteReader& in, const Atlas& rest, std::vector<PoseRig::Weights>& out) {
  std::uint64_t n = 0;
  if (!in.pod(n) || n != rest.structures.size()) return false;
  out.resize(rest.structures.size());
  const int segments = int(rest.motion.skeleton.segments.size());
  for (std::size_t i = 0; i < out.size(); ++i) {
    PoseRig::Weights& w = out[i];
    if (!in.vec(w.segments, kMaxCount) || !in.vec(w.weights, kMaxCount)) return false;
    const Structure& s = rest.structures[i];
    const std::size_t want = s.skinned && s.mesh ? s.mesh->positions.size() : 0;
    if (w.segments.size() != w.weights.size() || (!w.segments.empty() && w.segments.size() != want)) return false;
    for (const glm::ivec3& g : w.segments)
      for (int k = 0; k < 3; ++k)
        if (g[k] < 0 || g[k] >= segments) return false;
  }
  return true;
}

bool readContacts(ByteReader& in, const Atlas& rest, const PoseRig& rig, std::vector<std::optional<ContactBinding>>& out) {
  std::uint64_t n = 0;
  if (!in.pod(n) || n != rest.structures.size()) return false;
  // Which structures have one: the muscles bound and the skinned ones, as buildPoseRig() makes them.
  std::vector<bool> want(rest.structures.size(), false);
  for (const MuscleBinding& b : rig.muscles) want[std::size_t(rest.motion.muscles[std::size_t(b.path)].structure)] = true;
  for (std::size_t i = 0; i < want.size(); ++i)
    if (rest.structures[i].skinned && rest.structures[i].mesh) want[i] = true;
  out.resize(rest.structures.size());
  const int bones = int(rig.contact->boneCount());
  for (std::size_t i = 0; i < out.size(); ++i) {
    std::uint8_t has = 0;
    if (!in.pod(has) || bool(has) != want[i]) return false;
    if (!has) continue;
    ContactBinding c;
    c.bound = true;
    if (!in.pod(c.clearance) || !in.vec(c.first, kMaxCount) || !in.vec(c.near, kMaxCount)) return false;
    if (c.first.size() != rest.structures[i].mesh->positions.size() + 1 || c.first.front() != 0 || c.first.back() != c.near.size())
      return false;
    for (std::size_t v = 1; v < c.first.size(); ++v)
      if (c.first[v] < c.first[v - 1]) return false;
    for (const ContactBinding::Near& e : c.near)
      if (e.bone < 0 || e.bone >= bones) return false;
    out[i] = std::move(c);
  }
  return true;
}

// The whole file, read straight into an uninitialised buffer (tens of megabytes: readTextFile() copies
// through a small buffer and a string would be zeroed first). checkInputFile() refuses a FIFO, a device or
// a file over the limit by name first.
struct FileBytes {
  std::unique_ptr<char[]> data;
  std::size_t size = 0;
  std::string_view view() const { return {data.get(), size}; }
};
FileBytes readBinaryFile(const fs::path& file) {
  FileBytes b;
  b.size = std::size_t(checkInputFile(file, kMaxRigBytes));
  b.data.reset(new char[std::max<std::size_t>(b.size, 1)]);
  std::ifstream in(file, std::ios::binary);
  if (!in.read(b.data.get(), std::streamsize(b.size)) || in.peek() != std::ifstream::traits_type::eof())
    throw FileError(file, "could not be read whole (it changed while being read?)");
  return b;
}

// The payload, or nothing where it does not fit `rest`.
std::optional<PoseRig> readRig(ByteReader& in, const Atlas& rest) {
  PoseRig rig;
  if (!readMuscles(in, rest, rig.muscles) || !readSkins(in, rest, rig.skins)) return std::nullopt;
  std::uint8_t hasContact = 0;
  if (!in.pod(hasContact) || !hasContact) return std::nullopt;  // a skeleton always has its contact pass
  auto contact = std::make_shared<BoneContact>(rest);
  if (!contact->load(in)) return std::nullopt;
  rig.contact = contact;
  if (!readContacts(in, rest, rig, rig.contacts) || !in.atEnd()) return std::nullopt;
  return rig;
}
}  // namespace

std::optional<PoseRig> readPoseRigFile(const Atlas& rest, const fs::path& file, std::string* warning) {
  warning->clear();
  std::error_code ec;
  if (!fs::exists(file, ec)) return std::nullopt;
  auto refuse = [&](const std::string& why) {
    *warning = file.string() + ": pose rig file not used (" + why + "); the rig is built instead";
    return std::nullopt;
  };
  if (rest.motion.skeleton.empty()) return refuse("the atlas has no skeleton");
  FileBytes file_;
  try {
    file_ = readBinaryFile(file);
  } catch (const std::exception& e) {
    return refuse(e.what());
  }
  const std::string_view bytes = file_.view();
  ByteReader head(bytes);
  char magic[8] = {};
  std::uint32_t version = 0, reserved = 0;
  std::uint64_t inputs = 0, size = 0, payloadHash = 0;
  for (char& c : magic) head.pod(c);
  head.pod(version);
  head.pod(reserved);
  head.pod(inputs);
  head.pod(size);
  head.pod(payloadHash);
  if (!head.ok() || std::memcmp(magic, kMagic, sizeof kMagic) != 0) return refuse("not a pose rig file");
  if (version != kVersion) return refuse("format version " + std::to_string(version) + ", this program reads " + std::to_string(kVersion));
  if (inputs != rigInputHash(rest)) return refuse("made for other meshes or kinematics: stale");
  const std::size_t headerSize = sizeof kMagic + 2 * sizeof(std::uint32_t) + 3 * sizeof(std::uint64_t);
  if (size != bytes.size() - headerSize) return refuse("truncated or extended: its size does not match its header");
  std::string_view payload(bytes.data() + headerSize, bytes.size() - headerSize);
  if (hashOf(payload) != payloadHash) return refuse("damaged: its contents do not match their hash");
  ByteReader in(payload);
  auto rig = readRig(in, rest);
  if (!rig) return refuse("its contents do not fit this atlas");
  return rig;
}

fs::path poseRigFileFor(const Atlas& rest) {
  if (rest.file.empty() || rest.file.extension() != ".json") return {};
  fs::path beside = fs::path(rest.file).replace_extension(".rig");
  std::error_code ec;
  if (fs::exists(beside, ec)) return beside;
#ifdef PSOAS_BINARY_DIR
  if (fs::equivalent(rest.file.parent_path(), fs::path(PSOAS_SOURCE_DIR) / "assets", ec))
    return fs::path(PSOAS_BINARY_DIR) / "assets" / beside.filename();
#endif
  return beside;
}

PoseRig loadOrBuildPoseRig(const Atlas& rest, RigUse use, std::string* warning) {
  warning->clear();
  const fs::path file = poseRigFileFor(rest);
  if (!file.empty() && !rest.motion.skeleton.empty())
    if (auto rig = readPoseRigFile(rest, file, warning)) return std::move(*rig);
  return buildPoseRig(rest, use);
}

}  // namespace psoas
