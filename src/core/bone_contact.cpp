#include "core/bone_contact.hpp"

#include <algorithm>
#include <cmath>
#include <atomic>
#include <cstdint>
#include <limits>
#include <mutex>
#include <unordered_map>

#include <glm/geometric.hpp>
#include <glm/mat3x3.hpp>
#include <glm/matrix.hpp>
#include <glm/vector_relational.hpp>

#include "core/atlas.hpp"
#include "core/byte_io.hpp"
#include "core/parallel.hpp"
#include "core/point_tree.hpp"

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
// Inside a triangle a point takes the face's own normal, not the corners' blend: along a sharp crest (the
// tibia's) the blended normals lean over the ridge and call points just inside it outside. On an edge
// shared by two large triangles a point is made once, with the mean of the two faces' normals (the edge's
// pseudo-normal, which tells inside from outside there); made once per triangle, the two copies were
// equally near every query and which one a search returned decided the answer.
void surfacePoints(const Mesh& m, float spacing, std::vector<glm::vec3>& pts, std::vector<glm::vec3>& nrm) {
  pts = m.positions;
  nrm = m.normals;
  auto faceNormal = [&](std::size_t t) {
    const glm::vec3 &pa = m.positions[m.indices[t]], &pb = m.positions[m.indices[t + 1]], &pc = m.positions[m.indices[t + 2]];
    glm::vec3 f = glm::cross(pb - pa, pc - pa);
    return glm::length(f) > 0.f ? glm::normalize(f) : glm::vec3(0.f);
  };
  // Edges longer than the spacing, with the sum of their faces' normals, in the order first met.
  std::unordered_map<std::uint64_t, std::size_t> edgeAt;
  std::vector<std::pair<std::uint64_t, glm::vec3>> edges;
  for (std::size_t t = 0; t + 2 < m.indices.size(); t += 3) {
    glm::vec3 face = faceNormal(t);
    for (int e = 0; e < 3; ++e) {
      std::uint32_t a = m.indices[t + std::size_t(e)], b = m.indices[t + std::size_t((e + 1) % 3)];
      if (glm::length(m.positions[b] - m.positions[a]) <= spacing) continue;
      std::uint64_t key = (std::uint64_t(std::min(a, b)) << 32) | std::max(a, b);
      auto [it, added] = edgeAt.try_emplace(key, edges.size());
      if (added) edges.push_back({key, glm::vec3(0.f)});
      edges[it->second].second += face;
    }
  }
  for (const auto& [key, sum] : edges) {
    const glm::vec3 &pa = m.positions[key >> 32], &pb = m.positions[key & 0xffffffffu];
    int n = int(std::ceil(glm::length(pb - pa) / spacing));
    glm::vec3 normal = glm::length(sum) > 0.f ? glm::normalize(sum) : glm::vec3(0.f);
    for (int i = 1; i < n; ++i) {
      pts.push_back(pa + (pb - pa) * (float(i) / float(n)));
      nrm.push_back(normal);
    }
  }
  for (std::size_t t = 0; t + 2 < m.indices.size(); t += 3) {
    const glm::vec3 &pa = m.positions[m.indices[t]], &pb = m.positions[m.indices[t + 1]], &pc = m.positions[m.indices[t + 2]];
    float edge = std::max({glm::length(pb - pa), glm::length(pc - pb), glm::length(pa - pc)});
    int n = int(std::ceil(edge / spacing));
    glm::vec3 face = faceNormal(t);
    if (n <= 2 || face == glm::vec3(0.f)) continue;
    for (int i = 1; i < n; ++i)
      for (int j = 1; i + j < n; ++j) {  // strictly inside: the edges have their points already
        float u = float(i) / float(n), v = float(j) / float(n), w = 1.f - u - v;
        pts.push_back(pa * w + pb * u + pc * v);
        nrm.push_back(face);
      }
  }
}
}  // namespace

// A bone as the contact pass sees it. Its search data is made on first use (a posed figure needs only
// the bones its tissue comes near, and of their grids only the cells it reaches); every accessor is
// safe to call from several threads: the tree is built once, a cell may be filled twice with one value.
struct BoneContact::Bone {
  std::shared_ptr<const Mesh> mesh;  // shared: its search data may be made after the atlas is gone
  int structure = -1;
  Bounds bounds;       // of the grid, rest frame
  glm::ivec3 dims{0};
  // Signed distance to the nearest surface point at each cell centre; NaN until first asked for.
  std::unique_ptr<std::atomic<float>[]> cells;

  Bone(std::shared_ptr<const Mesh> shared, int s) : mesh(std::move(shared)), structure(s) {
    const Mesh& m = *mesh;
    // The grid reaches two cells beyond the bone: a point farther out is outside without a test.
    bounds.min = m.bounds.min - glm::vec3(kFar);
    bounds.max = m.bounds.max + glm::vec3(kFar);
    dims = glm::max(glm::ivec3(glm::ceil(bounds.size() / kCell)), glm::ivec3(1));
    cells = std::make_unique<std::atomic<float>[]>(cellCount());
    for (std::size_t k = 0; k < cellCount(); ++k) cells[k].store(std::numeric_limits<float>::quiet_NaN(), std::memory_order_relaxed);
  }
  std::size_t cellCount() const { return std::size_t(dims.x) * std::size_t(dims.y) * std::size_t(dims.z); }

  // Signed distance from p (rest frame) to the surface as the nearest surface point's tangent plane
  // gives it (negative inside), and that point's normal.
  float signedDistance(const glm::vec3& p, glm::vec3* normal) const {
    const Search& s = search();
    std::uint32_t v = s.tree.nearest(p);
    if (normal) *normal = s.normals[v];
    return glm::dot(p - s.points[v], s.normals[v]);
  }
  // Whether a point can be within `margin` behind the surface, from the grid alone.
  bool maybeInside(const glm::vec3& p, float margin) const {
    glm::vec3 g = (p - bounds.min) / kCell;
    if (g.x < 0.f || g.y < 0.f || g.z < 0.f) return false;
    glm::ivec3 c(g);
    if (c.x >= dims.x || c.y >= dims.y || c.z >= dims.z) return false;
    return cell(std::size_t((c.z * dims.y + c.y) * dims.x + c.x)) < 0.5f * std::sqrt(3.f) * kCell + kSpacing + margin;
  }
  float cell(std::size_t k) const {
    float d = cells[k].load(std::memory_order_relaxed);
    if (!std::isnan(d)) return d;
    glm::ivec3 i(int(k % std::size_t(dims.x)), int(k / std::size_t(dims.x) % std::size_t(dims.y)),
                 int(k / (std::size_t(dims.x) * std::size_t(dims.y))));
    glm::vec3 c = bounds.min + (glm::vec3(i) + 0.5f) * kCell;
    const Search& s = search();
    float d2 = 0.f;
    std::uint32_t v = s.tree.nearest(c, &d2);
    d = glm::dot(c - s.points[v], s.normals[v]) < 0.f ? -std::sqrt(d2) : std::sqrt(d2);
    cells[k].store(d, std::memory_order_relaxed);
    return d;
  }

  struct Search {
    std::vector<glm::vec3> points, normals;
    PointTree tree;
  };
  // For a rig file: the search data and every cell (all made first).
  void save(ByteWriter& out) const {
    const Search& s = search();
    for (std::size_t k = 0; k < cellCount(); ++k) cell(k);
    out.pod(std::int32_t(structure));
    out.pod(dims);
    out.vec(s.points);
    out.vec(s.normals);
    out.vec(s.tree.order());
    out.vec(s.tree.axes());
    std::vector<float> grid(cellCount());
    for (std::size_t k = 0; k < grid.size(); ++k) grid[k] = cells[k].load(std::memory_order_relaxed);
    out.vec(grid);
  }
  // Reads what save() wrote into `s` and `grid` if it fits this bone (checked, nothing trusted).
  bool read(ByteReader& in, std::unique_ptr<Search>& s, std::vector<float>& grid) const {
    std::int32_t st = -1;
    glm::ivec3 d(0);
    if (!in.pod(st) || !in.pod(d) || st != structure || d != dims) return false;
    // A bone's surface points are at most a few million: a larger count is a damaged file.
    constexpr std::uint64_t kMaxPoints = 1u << 24;
    s = std::make_unique<Search>();
    std::vector<std::uint32_t> order;
    std::vector<std::uint8_t> axes;
    if (!in.vec(s->points, kMaxPoints) || !in.vec(s->normals, kMaxPoints) || !in.vec(order, kMaxPoints) ||
        !in.vec(axes, kMaxPoints) || !in.vec(grid, cellCount()))
      return false;
    if (s->points.empty() || s->normals.size() != s->points.size() || grid.size() != cellCount()) return false;
    s->tree = PointTree::fromOrder(s->points, std::move(order), std::move(axes));
    return s->tree.size() == s->points.size();
  }
  // Takes what read() made; the search data was not made yet (a fresh rig), so it is this.
  void adopt(std::unique_ptr<Search> s, const std::vector<float>& grid) {
    std::call_once(once_, [&] { search_ = std::move(s); });
    for (std::size_t k = 0; k < grid.size(); ++k) cells[k].store(grid[k], std::memory_order_relaxed);
  }

 private:
  const Search& search() const {
    std::call_once(once_, [this] {
      auto s = std::make_unique<Search>();
      surfacePoints(*mesh, kSpacing, s->points, s->normals);
      s->tree = PointTree(s->points);
      search_ = std::move(s);
    });
    return *search_;
  }
  mutable std::once_flag once_;
  mutable std::unique_ptr<Search> search_;
};

BoneContact::BoneContact(const Atlas& rest) {
  for (std::size_t s = 0; s < rest.structures.size(); ++s) {
    const Structure& st = rest.structures[s];
    if (st.group == "bone" && st.mesh && st.mesh->closed && !st.skinned && !st.blendAlong && !st.mesh->positions.empty())
      bones_.push_back(std::make_unique<Bone>(st.mesh, int(s)));
  }
}

BoneContact::~BoneContact() = default;
BoneContact::BoneContact(BoneContact&&) noexcept = default;
BoneContact& BoneContact::operator=(BoneContact&&) noexcept = default;

std::size_t BoneContact::boneCount() const { return bones_.size(); }

void BoneContact::prepare() const {
  forEachParallel(bones_.size(), [&](std::size_t k) {
    const Bone& bone = *bones_[k];
    for (std::size_t c = 0; c < bone.cellCount(); ++c) bone.cell(c);
  });
}

std::vector<float> BoneContact::dataConstants() { return {kCell, kSpacing, kFar}; }

void BoneContact::save(ByteWriter& out) const {
  prepare();  // every cell in parallel, rather than one by one below
  out.pod(std::uint64_t(bones_.size()));
  for (const auto& b : bones_) b->save(out);
}

bool BoneContact::load(ByteReader& in) {
  std::uint64_t n = 0;
  if (!in.pod(n) || n != bones_.size()) return false;
  // All of it read and checked before any bone takes its part: a record that fails half way changes nothing.
  std::vector<std::unique_ptr<Bone::Search>> searches(bones_.size());
  std::vector<std::vector<float>> grids(bones_.size());
  for (std::size_t k = 0; k < bones_.size(); ++k)
    if (!bones_[k]->read(in, searches[k], grids[k])) return false;
  for (std::size_t k = 0; k < bones_.size(); ++k) bones_[k]->adopt(std::move(searches[k]), grids[k]);
  return true;
}

float BoneContact::restDistance(const glm::vec3& p, std::size_t bone) const {
  const Bone& b = *bones_[bone];
  if (!b.maybeInside(p, kFar)) return kFar;
  return std::min(b.signedDistance(p, nullptr), kFar);
}

ContactBinding BoneContact::bind(const Mesh& rest, float clearance) const {
  // Per vertex first (in parallel), then packed.
  std::vector<std::vector<ContactBinding::Near>> per(rest.positions.size());
  forEachParallel(rest.positions.size(), [&](std::size_t v) {
    for (std::size_t k = 0; k < bones_.size(); ++k)
      if (float sd = restDistance(rest.positions[v], k); sd < kFar) per[v].push_back({int(k), sd});
  });
  ContactBinding b = unbound(clearance);
  b.bound = true;
  b.first.reserve(rest.positions.size() + 1);
  for (const auto& list : per) {
    b.first.push_back(std::uint32_t(b.near.size()));
    b.near.insert(b.near.end(), list.begin(), list.end());
  }
  b.first.push_back(std::uint32_t(b.near.size()));
  return b;
}

ContactBinding BoneContact::unbound(float clearance) const {
  ContactBinding b;
  b.clearance = clearance;
  return b;
}

namespace {
// Which way a vertex leaves a bone in step `step` of resolve(): `out` is the way out of the bone it is
// deepest in, `last` that of the step before (zero at first), `normal` the vertex's own.
glm::vec3 wayOut(const glm::vec3& out, const glm::vec3& last, const glm::vec3& normal, int step, BoneContact::Push push) {
  if (push != BoneContact::Push::AlongVertexNormal) return out;
  // The envelope leaves along its own outward normal: between two bones (the kneecap in front of the
  // femur) the bones' normals point at each other, but the skin's leads out over both. Only for the first
  // step, and only where it points out of the bone: a point still inside takes the bone's way.
  if (step == 0 && glm::dot(normal, out) > 0.5f) return normal;
  // Skin squeezed between two bones (behind a bent knee, between femur and tibia): pushed out of one into
  // the other and back, and left inside one when the steps ran out. Its way out is between them: both ways
  // out and its own normal together (where the two bones face each other squarely, their ways cancel).
  // Not for a muscle: its belly, wedged between femur and pelvis in deep flexion, tore into spikes when its
  // vertices were sent off sideways; it keeps the 2 mm it is allowed.
  if (glm::dot(out, last) < 0.f) {
    glm::vec3 between = out + last + normal;
    if (glm::length(between) > 1e-3f) return glm::normalize(between);
  }
  return out;
}
}  // namespace

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
    glm::vec3 last(0.f);  // the way out of the previous step
    // Several steps: a deep point's nearest surface point changes as it moves, and a point pushed out of
    // one bone at a joint can land in its neighbour. Most need one or two; the skin squeezed into a bent
    // knee's joint space up to a few dozen.
    const int steps = push == Push::AlongVertexNormal ? 40 : 10;
    for (int step = 0; step < steps; ++step) {
      float worstGap = 0.f;
      glm::vec3 out(0.f);
      for (const Near& n : near) {
        if (glm::any(glm::lessThan(p, n.box.min)) || glm::any(glm::greaterThan(p, n.box.max))) continue;
        glm::vec3 q(n.toBone * glm::vec4(p, 1.f));
        // How near this vertex lay to this bone at rest: what it may keep (it is not pushed deeper in than
        // it was standing, nor closer than the clearance), and, as the distance changes by no more than the
        // vertex moved relative to the bone, whether it can have come any nearer at all. A vertex that
        // moved with the bone cannot, whatever that distance was; nor can one the grid puts well outside.
        const float moved = glm::length(q - rest.positions[i]);
        if (moved <= kTolerance) continue;
        const Bone& bone = *bones_[std::size_t(n.index)];
        if (!bone.maybeInside(q, want)) continue;
        float atRest = kFar;
        if (binding.bound) {
          for (std::uint32_t e = binding.first[i]; e < binding.first[i + 1]; ++e)
            if (binding.near[e].bone == n.index) atRest = binding.near[e].distance;
        } else {
          atRest = restDistance(rest.positions[i], std::size_t(n.index));
        }
        float floor = std::min(want, atRest) - kTolerance;
        if (atRest - moved >= floor) continue;
        glm::vec3 normal;
        float sd = bone.signedDistance(q, &normal);
        if (sd - floor < worstGap) {
          worstGap = sd - floor;
          out = glm::mat3(n.toWorld) * normal;
        }
      }
      if (worstGap >= 0.f) break;
      glm::vec3 dir = wayOut(out, last, mesh.normals[i], step, push);
      last = out;
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
