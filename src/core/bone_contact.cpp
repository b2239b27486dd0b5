#include "core/bone_contact.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <future>
#include <thread>

#include <glm/geometric.hpp>
#include <glm/mat3x3.hpp>
#include <glm/matrix.hpp>
#include <glm/vector_relational.hpp>

#include "core/atlas.hpp"
#include "core/registration.hpp"

namespace psoas {

namespace {
// Grid cells of 8 mm: a bone's grid is then a few thousand cells, quickly filled.
constexpr float kCell = 0.008f;
// Surface points at most 2 mm apart: the nearest is then within about 1 mm of the nearest point of
// the surface, which is also the slack the grid's lower bound needs.
constexpr float kSpacing = 0.002f;
// A bone's grid reaches this far beyond its box, and a vertex farther than this from a bone at rest
// keeps no record of it: this is then the lower bound of its distance.
constexpr float kFar = 2.f * kCell;
// How much deeper than allowed a vertex may be before it is moved (the tangent-plane distance is this
// good); it is moved to this much beyond.
constexpr float kTolerance = 0.0003f;
}  // namespace

namespace {
// Points on a bone's surface no farther apart than `spacing`, with their normals: the vertices, and where
// a triangle is larger (a flat shaft keeps few, big triangles), points spread over it. The nearest of these
// then sits close to the true nearest surface point, so its tangent plane tells inside from outside.
void surfacePoints(const Mesh& m, float spacing, std::vector<glm::vec3>& pts, std::vector<glm::vec3>& nrm) {
  pts = m.positions;
  nrm = m.normals;
  for (std::size_t t = 0; t + 2 < m.indices.size(); t += 3) {
    const std::uint32_t a = m.indices[t], b = m.indices[t + 1], c = m.indices[t + 2];
    const glm::vec3 &pa = m.positions[a], &pb = m.positions[b], &pc = m.positions[c];
    float edge = std::max({glm::length(pb - pa), glm::length(pc - pb), glm::length(pa - pc)});
    int n = int(std::ceil(edge / spacing));
    if (n <= 1) continue;
    // The face's own normal, not the corners' blend: along a sharp crest (the tibia's) the blended
    // normals lean over the ridge and call points just inside it outside.
    glm::vec3 face = glm::cross(pb - pa, pc - pa);
    if (glm::length(face) <= 0.f) continue;
    face = glm::normalize(face);
    for (int i = 0; i <= n; ++i)
      for (int j = 0; i + j <= n; ++j) {
        if ((i == 0 && j == 0) || (i == n) || (j == n)) continue;  // the corners are vertices already
        float u = float(i) / float(n), v = float(j) / float(n), w = 1.f - u - v;
        pts.push_back(pa * w + pb * u + pc * v);
        nrm.push_back(face);
      }
  }
}
}  // namespace

struct BoneContact::Bone {
  int structure = -1;
  std::vector<glm::vec3> normals;
  NearestPoints tree;
  Bounds bounds;       // of the grid, rest frame
  glm::ivec3 dims{0};
  std::vector<float> clearance;  // signed distance to the nearest surface point at each cell centre

  Bone(std::vector<glm::vec3> pts, std::vector<glm::vec3> nrm) : normals(std::move(nrm)), tree(std::move(pts)) {}

  // Signed distance from p (rest frame) to the surface as the nearest surface point's tangent plane
  // gives it (negative inside), and that point's normal.
  float signedDistance(const glm::vec3& p, glm::vec3* normal) const {
    std::size_t v = tree.nearest(p);
    if (normal) *normal = normals[v];
    return glm::dot(p - tree.points()[v], normals[v]);
  }
  // Whether a point can be within `margin` behind the surface, from the grid alone.
  bool maybeInside(const glm::vec3& p, float margin) const {
    glm::vec3 g = (p - bounds.min) / kCell;
    if (g.x < 0.f || g.y < 0.f || g.z < 0.f) return false;
    glm::ivec3 c(g);
    if (c.x >= dims.x || c.y >= dims.y || c.z >= dims.z) return false;
    float d = clearance[std::size_t((c.z * dims.y + c.y) * dims.x + c.x)];
    return d < 0.5f * std::sqrt(3.f) * kCell + kSpacing + margin;
  }
};

namespace {
// Runs f(0..n-1) on the machine's cores (the rig is built once per atlas, off the frame loop in the
// window, but on the way to every posed figure on the command line).
template <class F>
void forEachParallel(std::size_t n, F&& f) {
  std::size_t workers = std::clamp<std::size_t>(std::thread::hardware_concurrency(), 1, 8);
  std::vector<std::future<void>> jobs;
  for (std::size_t w = 0; w < workers; ++w)
    jobs.push_back(std::async(std::launch::async, [&, w] {
      for (std::size_t k = w; k < n; k += workers) f(k);
    }));
  for (auto& j : jobs) j.get();
}
}  // namespace

std::unique_ptr<BoneContact::Bone> BoneContact::makeBone(const Mesh& mesh, int structure) {
  std::vector<glm::vec3> pts, nrm;
  surfacePoints(mesh, kSpacing, pts, nrm);
  auto bone = std::make_unique<Bone>(std::move(pts), std::move(nrm));
  bone->structure = structure;
  // The grid reaches two cells beyond the bone: a point farther out is outside without a test.
  bone->bounds.min = mesh.bounds.min - glm::vec3(kFar);
  bone->bounds.max = mesh.bounds.max + glm::vec3(kFar);
  bone->dims = glm::max(glm::ivec3(glm::ceil(bone->bounds.size() / kCell)), glm::ivec3(1));
  bone->clearance.resize(std::size_t(bone->dims.x) * std::size_t(bone->dims.y) * std::size_t(bone->dims.z));
  std::size_t k = 0;
  for (int z = 0; z < bone->dims.z; ++z)
    for (int y = 0; y < bone->dims.y; ++y)
      for (int x = 0; x < bone->dims.x; ++x) {
        glm::vec3 c = bone->bounds.min + (glm::vec3(x, y, z) + 0.5f) * kCell;
        float d2 = 0.f;
        std::size_t v = bone->tree.nearest(c, &d2);
        bool inside = glm::dot(c - bone->tree.points()[v], bone->normals[v]) < 0.f;
        bone->clearance[k++] = inside ? -std::sqrt(d2) : std::sqrt(d2);
      }
  return bone;
}

BoneContact::BoneContact(const Atlas& rest) {
  std::vector<int> ids;
  for (std::size_t s = 0; s < rest.structures.size(); ++s) {
    const Structure& st = rest.structures[s];
    if (st.group == "bone" && st.mesh && st.mesh->closed && !st.skinned && !st.blendAlong && !st.mesh->positions.empty())
      ids.push_back(int(s));
  }
  bones_.resize(ids.size());
  forEachParallel(ids.size(), [&](std::size_t k) { bones_[k] = makeBone(*rest.structures[std::size_t(ids[k])].mesh, ids[k]); });
}

BoneContact::~BoneContact() = default;
BoneContact::BoneContact(BoneContact&&) noexcept = default;
BoneContact& BoneContact::operator=(BoneContact&&) noexcept = default;

std::size_t BoneContact::boneCount() const { return bones_.size(); }

ContactBinding BoneContact::bind(const Mesh& rest, float clearance) const {
  // Per vertex first (in parallel), then packed.
  std::vector<std::vector<ContactBinding::Near>> per(rest.positions.size());
  forEachParallel(rest.positions.size(), [&](std::size_t v) {
    for (std::size_t k = 0; k < bones_.size(); ++k) {
      const Bone& bone = *bones_[k];
      if (!bone.maybeInside(rest.positions[v], kFar)) continue;
      float sd = bone.signedDistance(rest.positions[v], nullptr);
      if (sd < kFar) per[v].push_back({int(k), sd});
    }
  });
  ContactBinding b;
  b.clearance = clearance;
  b.first.reserve(rest.positions.size() + 1);
  for (const auto& list : per) {
    b.first.push_back(std::uint32_t(b.near.size()));
    b.near.insert(b.near.end(), list.begin(), list.end());
  }
  b.first.push_back(std::uint32_t(b.near.size()));
  return b;
}

std::size_t BoneContact::resolve(Mesh& mesh, const Mesh& rest, const ContactBinding& binding,
                                 const std::vector<glm::mat4>& transforms, Push push) const {
  // This pose's bones near the mesh: their rest-to-pose transforms and the boxes of their grids as posed.
  struct Near {
    int index;
    glm::mat4 toWorld, toBone;
    Bounds box;
  };
  std::vector<Near> near;
  for (std::size_t k = 0; k < bones_.size(); ++k) {
    Near n{int(k), transforms[std::size_t(bones_[k]->structure)], {}, {}};
    n.toBone = glm::inverse(n.toWorld);
    for (int c = 0; c < 8; ++c) n.box.add(glm::vec3(n.toWorld * glm::vec4(bones_[k]->bounds.corner(c), 1.f)));
    if (glm::all(glm::lessThanEqual(n.box.min, mesh.bounds.max)) && glm::all(glm::lessThanEqual(mesh.bounds.min, n.box.max)))
      near.push_back(n);
  }
  const float want = binding.clearance;
  std::size_t moved = 0;
  for (std::size_t i = 0; i < mesh.positions.size(); ++i) {
    glm::vec3& p = mesh.positions[i];
    bool pushed = false;
    // Several steps: a deep point's nearest surface point changes as it moves, and a point pushed out of
    // one bone at a joint can land in its neighbour.
    for (int step = 0; step < 10; ++step) {
      float worstGap = 0.f;
      glm::vec3 out(0.f);
      for (const Near& n : near) {
        if (glm::any(glm::lessThan(p, n.box.min)) || glm::any(glm::greaterThan(p, n.box.max))) continue;
        glm::vec3 q(n.toBone * glm::vec4(p, 1.f));
        // How near this vertex lay to this bone at rest: what it may keep (it is not pushed deeper in than
        // it was standing, nor closer than the clearance), and, as the distance changes by no more than the
        // vertex moved relative to the bone, whether it can have come any nearer at all.
        float atRest = kFar;
        for (std::uint32_t e = binding.first[i]; e < binding.first[i + 1]; ++e)
          if (binding.near[e].bone == n.index) atRest = binding.near[e].distance;
        float floor = std::min(want, atRest) - kTolerance;
        if (atRest - glm::length(q - rest.positions[i]) >= floor) continue;
        const Bone& bone = *bones_[std::size_t(n.index)];
        if (!bone.maybeInside(q, want)) continue;
        glm::vec3 normal;
        float sd = bone.signedDistance(q, &normal);
        if (sd - floor < worstGap) {
          worstGap = sd - floor;
          out = glm::mat3(n.toWorld) * normal;
        }
      }
      if (worstGap >= 0.f) break;
      // The envelope leaves along its own outward normal: between two bones (the kneecap in front of the
      // femur) the bones' normals point at each other, but the skin's leads out over both. Only for the
      // first step, and only where it points out of the bone: a point still inside takes the bone's way.
      glm::vec3 dir = out;
      if (push == Push::AlongVertexNormal && step == 0 && glm::dot(mesh.normals[i], out) > 0.5f) dir = mesh.normals[i];
      float cosine = std::max(glm::dot(dir, out), 0.5f);
      // To the clearance wanted (or back to the depth it had standing), a little past so that the next
      // step finds it done.
      p += dir * ((kTolerance * 1.5f - worstGap) / cosine);
      pushed = true;
    }
    if (pushed) ++moved;
  }
  if (moved) {
    recomputeNormals(mesh);
    mesh.computeBounds();
  }
  return moved;
}

void recomputeNormals(Mesh& m) {
  std::vector<glm::vec3> n(m.positions.size(), glm::vec3(0.f));
  for (std::size_t i = 0; i + 2 < m.indices.size(); i += 3) {
    std::uint32_t a = m.indices[i], b = m.indices[i + 1], c = m.indices[i + 2];
    glm::vec3 fn = glm::cross(m.positions[b] - m.positions[a], m.positions[c] - m.positions[a]);  // area-weighted
    n[a] += fn;
    n[b] += fn;
    n[c] += fn;
  }
  for (std::size_t i = 0; i < n.size(); ++i) {
    float len = glm::length(n[i]);
    if (len > 0.f) m.normals[i] = n[i] / len;
  }
}

}  // namespace psoas
