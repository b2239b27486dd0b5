// Issue 15, "no muscle inside bone by more than 2 mm in any preset pose" and "no envelope vertex inside a
// bone in any preset": every preset posed (posedAtlas, as figures draw it, with core/bone_contact's pass),
// every vertex of the muscles with paths and of the skinned envelope tested against the bones (the
// atlas's "bone" group): inside by ray parity, depth as the exact distance to the surface.
#include <doctest/doctest.h>

#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "core/point_tree.hpp"
#include "core/posed_atlas.hpp"
#include "teaching_support.hpp"
#include "test_support.hpp"

using namespace psoas;

namespace {
const Atlas& rest() { return teaching_test::builtin(); }
const PoseRig& rig() {
  static const PoseRig r = buildPoseRig(rest(), RigUse::ManyPoses);  // all ten presets: everything made once
  return r;
}

// A point is inside a closed bone where it lies behind the nearest bone vertex's normal and a ray from it
// crosses that bone an odd number of times; its depth is then its exact distance to that bone's surface.
// Möller-Trumbore crossings of the ray p + t*dir (t > 0) with the triangles: odd means inside. The
// direction is skewed so that it meets no edge of the generator's grid-aligned meshes exactly.
bool insideByParity(const Mesh& m, const glm::vec3& p) {
  const glm::vec3 dir = glm::normalize(glm::vec3(0.5773f, 0.6133f, 0.5391f));
  int crossings = 0;
  for (std::size_t i = 0; i + 2 < m.indices.size(); i += 3) {
    const glm::vec3& a = m.positions[m.indices[i]];
    glm::vec3 e1 = m.positions[m.indices[i + 1]] - a, e2 = m.positions[m.indices[i + 2]] - a;
    glm::vec3 h = glm::cross(dir, e2);
    float det = glm::dot(e1, h);
    if (std::abs(det) < 1e-12f) continue;
    glm::vec3 s = p - a;
    float u = glm::dot(s, h) / det;
    if (u < 0.f || u > 1.f) continue;
    glm::vec3 q = glm::cross(s, e1);
    float v = glm::dot(dir, q) / det;
    if (v < 0.f || u + v > 1.f) continue;
    if (glm::dot(e2, q) / det > 0.f) ++crossings;
  }
  return crossings % 2 == 1;
}

// The posed bones' vertices in a k-d tree: the nearest one to a point says which bone to test it against.
class BoneVertices {
 public:
  explicit BoneVertices(const Atlas& posed) : atlas_(&posed) {
    std::vector<glm::vec3> points;
    for (std::size_t s = 0; s < posed.structures.size(); ++s) {
      const Structure& st = posed.structures[s];
      if (st.group != "bone" || !st.mesh || !st.mesh->closed) continue;
      for (std::size_t v = 0; v < st.mesh->positions.size(); ++v) {
        points.push_back(st.mesh->positions[v]);
        hits_.push_back({int(s), int(v)});
      }
    }
    tree_ = PointTree(points);
  }
  // How deep p lies inside a bone (metres), 0 outside.
  float depth(const glm::vec3& p) const {
    std::uint32_t nearest = tree_.nearest(p);
    if (nearest == PointTree::kNone) return 0.f;
    const Hit& hit = hits_[nearest];
    const Mesh& m = mesh(hit);
    if (glm::dot(p - m.positions[std::size_t(hit.vertex)], m.normals[std::size_t(hit.vertex)]) >= 0.f) return 0.f;
    // The nearest vertex's normal is only a hint (a big flat triangle's corner can lean the wrong way):
    // a point is inside a closed mesh when a ray from it crosses the surface an odd number of times.
    if (!insideByParity(m, p)) return 0.f;
    return teaching_test::surfaceDistance(m, p);
  }

 private:
  struct Hit { int structure, vertex; };
  const Mesh& mesh(const Hit& h) const { return *atlas_->structures[std::size_t(h.structure)].mesh; }
  const Atlas* atlas_;
  std::vector<Hit> hits_;
  PointTree tree_;
};

float deepest(const BoneVertices& bones, const Mesh& m, int* count, float over, const std::vector<bool>* skip) {
  float worst = 0.f;
  for (std::size_t v = 0; v < m.positions.size(); ++v) {
    if (skip && (*skip)[v]) continue;
    float d = bones.depth(m.positions[v]);
    worst = std::max(worst, d);
    if (d > over) ++*count;
  }
  return worst;
}

// The envelope ends at mid-calf while the tibia and fibula go on to the ankle: its cut end (the cap, the
// lowest 15 mm of it at rest, rounded by the generator's blend) must cross those bones, as a cut through
// a leg does. Those vertices, found at rest, are exempt; everything above them is the skin proper.
std::vector<bool> capVertices(const Mesh& rest, std::size_t* count) {
  std::vector<bool> cap(rest.positions.size(), false);
  *count = 0;
  for (std::size_t v = 0; v < cap.size(); ++v)
    if (rest.positions[v].y < rest.bounds.min.y + 0.015f) cap[v] = true, ++*count;
  return cap;
}
}  // namespace

namespace {
struct Contact {
  std::string preset;
  std::vector<std::pair<std::string, float>> muscles;  // id, deepest (m)
  float envelopeDeepest = 0.f;
  int envelopeInside = 0;
};

// Under the sanitizers posing runs many times slower (this case took 8 of the suite's 18 minutes there):
// every fourth preset runs the same code for memory errors, and the Release run checks all ten.
#ifdef PSOAS_TEST_ASAN
constexpr std::size_t kPresetStride = 4;
#else
constexpr std::size_t kPresetStride = 1;
#endif

// Every preset measured once (posing and the exact distances take a few seconds), for the cases below.
const std::vector<Contact>& contacts() {
  static const std::vector<Contact> all = [] {
    std::vector<Contact> out;
    std::vector<int> envelopes;
    for (std::size_t i = 0; i < rest().structures.size(); ++i)
      if (rest().structures[i].skinned) envelopes.push_back(int(i));
    std::vector<std::vector<bool>> caps;
    for (int s : envelopes) {
      std::size_t n = 0;
      caps.push_back(capVertices(*rest().structures[std::size_t(s)].mesh, &n));
    }
    for (std::size_t k = 0; k < rest().motion.poses.size(); k += kPresetStride) {
      const PosePreset& preset = rest().motion.poses[k];
      Atlas posed = posedAtlas(rest(), rig(), preset.pose);
      BoneVertices bones(posed);
      Contact c;
      c.preset = preset.id;
      for (const MusclePath& m : rest().motion.muscles) {
        int over = 0;
        c.muscles.push_back({rest().structures[std::size_t(m.structure)].id,
                             deepest(bones, *posed.structures[std::size_t(m.structure)].mesh, &over, 0.002f, nullptr)});
      }
      for (std::size_t e = 0; e < envelopes.size(); ++e) {
        const Mesh& m = *posed.structures[std::size_t(envelopes[e])].mesh;
        // A vertex on the bone's surface is not inside it: a tenth of a millimetre for rounding.
        c.envelopeDeepest = std::max(c.envelopeDeepest, deepest(bones, m, &c.envelopeInside, 0.0001f, &caps[e]));
      }
      out.push_back(c);
    }
    return out;
  }();
  return all;
}
}  // namespace

TEST_CASE("posed contact: the envelope's cut end is its lowest ring only") {
  for (std::size_t i = 0; i < rest().structures.size(); ++i) {
    if (!rest().structures[i].skinned) continue;
    std::size_t n = 0;
    capVertices(*rest().structures[i].mesh, &n);
    CHECK(n > 0);
    CHECK(n < rest().structures[i].mesh->positions.size() / 20);
  }
}

// Issue 15's bars: no muscle more than 2 mm inside a bone, no envelope vertex inside a bone at all (its
// cut end at mid-calf aside, above). The envelope's last few (up to 19 of 16,594, 1.25 mm deep, all
// behind a knee bent to about 90 degrees) were skin squeezed between femur and tibia, pushed out of one
// into the other and back until the pass's steps ran out; they now leave between the two.
// One case, not three: under the sanitizers every case is its own process that poses all ten presets.
TEST_CASE("posed contact: in every preset no muscle lies more than 2 mm inside a bone, no envelope vertex inside one") {
  REQUIRE(contacts().size() >= (10 + kPresetStride - 1) / kPresetStride);
  for (const Contact& c : contacts()) {
    REQUIRE(c.muscles.size() >= 6);
    for (const auto& muscle : c.muscles) {  // no structured binding: clang 14's INFO lambda cannot capture one
      INFO(c.preset << " " << muscle.first << ": deepest " << muscle.second * 1000.f << " mm inside a bone");
      CHECK(muscle.second <= 0.002f);
    }
    INFO(c.preset << " envelope: deepest " << c.envelopeDeepest * 1000.f << " mm, " << c.envelopeInside
                  << " vertices inside a bone");
    CHECK(c.envelopeInside == 0);
  }
}
