// Issue 15, "no muscle inside bone by more than 2 mm in any preset pose" and "no envelope vertex inside a
// bone in any preset": every preset posed (posedAtlas, as figures draw it), every vertex of the muscles with
// paths and of the skinned envelope tested against the bones (the atlas's "bone" group).
#include <doctest/doctest.h>

#include <cmath>
#include <cstdint>
#include <unordered_map>

#include "core/posed_atlas.hpp"
#include "teaching_support.hpp"

using namespace psoas;

namespace {
const Atlas& rest() { return teaching_test::builtin(); }
const PoseRig& rig() {
  static const PoseRig r = buildPoseRig(rest());
  return r;
}

// The bones' vertices with their normals, bucketed: a point is inside a closed bone where it lies behind
// the nearest vertex's normal; its depth is then its exact distance to that bone's surface.
class BoneGrid {
 public:
  static constexpr float kCell = 0.005f;
  explicit BoneGrid(const Atlas& posed) {
    for (std::size_t s = 0; s < posed.structures.size(); ++s) {
      const Structure& st = posed.structures[s];
      if (st.group != "bone" || !st.mesh || !st.mesh->closed) continue;
      for (std::size_t v = 0; v < st.mesh->positions.size(); ++v) {
        cells_[key(cell(st.mesh->positions[v]))].push_back({int(s), int(v)});
      }
    }
    atlas_ = &posed;
  }
  // How deep p lies inside a bone (metres), 0 outside.
  float depth(const glm::vec3& p) const {
    glm::ivec3 c = cell(p);
    float best = 1e30f;
    Hit hit{-1, -1};
    // Wider rings until the nearest vertex is certain (a bone is at most a few centimetres thick).
    for (int r = 0; r <= 8; ++r) {
      for (int x = -r; x <= r; ++x)
        for (int y = -r; y <= r; ++y)
          for (int z = -r; z <= r; ++z) {
            if (std::max({std::abs(x), std::abs(y), std::abs(z)}) != r) continue;
            auto it = cells_.find(key(c + glm::ivec3(x, y, z)));
            if (it == cells_.end()) continue;
            for (const Hit& h : it->second) {
              float d = glm::length(mesh(h).positions[std::size_t(h.vertex)] - p);
              if (d < best) { best = d; hit = h; }
            }
          }
      if (hit.structure >= 0 && best <= float(r) * kCell) break;
    }
    if (hit.structure < 0) return 0.f;
    const Mesh& m = mesh(hit);
    if (glm::dot(p - m.positions[std::size_t(hit.vertex)], m.normals[std::size_t(hit.vertex)]) >= 0.f) return 0.f;
    return teaching_test::surfaceDistance(m, p);
  }

 private:
  struct Hit { int structure, vertex; };
  const Mesh& mesh(const Hit& h) const { return *atlas_->structures[std::size_t(h.structure)].mesh; }
  static glm::ivec3 cell(const glm::vec3& p) { return glm::ivec3(glm::floor(p / kCell)); }
  static std::int64_t key(glm::ivec3 c) {
    return (std::int64_t(c.x & 0x1fffff) << 42) | (std::int64_t(c.y & 0x1fffff) << 21) | std::int64_t(c.z & 0x1fffff);
  }
  std::unordered_map<std::int64_t, std::vector<Hit>> cells_;
  const Atlas* atlas_ = nullptr;
};

float deepest(const BoneGrid& bones, const Mesh& m, int* count, float over) {
  float worst = 0.f;
  for (const glm::vec3& p : m.positions) {
    float d = bones.depth(p);
    worst = std::max(worst, d);
    if (d > over) ++*count;
  }
  return worst;
}
}  // namespace

// KNOWN FAILURE, kept running so that its numbers show (doctest reports it without failing the run): measured
// on 2026-12-01, the standing envelope already has 44 vertices up to 7 mm inside a bone (modelgen's), sitting
// 191 (19 mm), side-lying curled 307 (23 mm); the psoas major lies up to 6.4 mm inside bone sitting and
// 8.3 mm side-lying curled, the iliacus up to 4.5 and 7.5 mm. The deformation and the skinning weights need
// the fix (issue 15), not this bound.
TEST_CASE("posed contact: in every preset no muscle lies more than 2 mm inside a bone, no envelope vertex inside one" *
          doctest::may_fail()) {
  std::vector<int> muscles, envelopes;
  for (const MusclePath& m : rest().motion.muscles) muscles.push_back(m.structure);
  for (std::size_t i = 0; i < rest().structures.size(); ++i)
    if (rest().structures[i].skinned) envelopes.push_back(int(i));
  REQUIRE(muscles.size() >= 6);
  REQUIRE(!envelopes.empty());
  for (const PosePreset& preset : rest().motion.poses) {
    Atlas posed = posedAtlas(rest(), rig(), preset.pose);
    BoneGrid bones(posed);
    for (int s : muscles) {
      int over = 0;
      float worst = deepest(bones, *posed.structures[std::size_t(s)].mesh, &over, 0.002f);
      INFO(preset.id << " " << rest().structures[std::size_t(s)].id << ": deepest " << worst * 1000.f << " mm, "
                     << over << " vertices deeper than 2 mm");
      CHECK(worst <= 0.002f);
    }
    for (int s : envelopes) {
      int over = 0;
      // A vertex on the bone's surface is not inside it: a tenth of a millimetre for rounding.
      float worst = deepest(bones, *posed.structures[std::size_t(s)].mesh, &over, 0.0001f);
      INFO(preset.id << " envelope: deepest " << worst * 1000.f << " mm, " << over << " vertices inside a bone");
      CHECK(over == 0);
    }
  }
}
