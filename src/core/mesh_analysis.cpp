#include <algorithm>

#include <cmath>

#include <glm/geometric.hpp>
#include <glm/trigonometric.hpp>
#include <meshoptimizer.h>

#include "core/mesh.hpp"

namespace psoas {

glm::vec3 closestOnTriangle(const glm::vec3& p, const glm::vec3& a, const glm::vec3& b, const glm::vec3& c) {
  glm::vec3 ab = b - a, ac = c - a, ap = p - a;
  float d1 = glm::dot(ab, ap), d2 = glm::dot(ac, ap);
  if (d1 <= 0 && d2 <= 0) return a;
  glm::vec3 bp = p - b;
  float d3 = glm::dot(ab, bp), d4 = glm::dot(ac, bp);
  if (d3 >= 0 && d4 <= d3) return b;
  float vc = d1 * d4 - d3 * d2;
  if (vc <= 0 && d1 >= 0 && d3 <= 0) return a + ab * (d1 / (d1 - d3));
  glm::vec3 cp = p - c;
  float d5 = glm::dot(ab, cp), d6 = glm::dot(ac, cp);
  if (d6 >= 0 && d5 <= d6) return c;
  float vb = d5 * d2 - d1 * d6;
  if (vb <= 0 && d2 >= 0 && d6 <= 0) return a + ac * (d2 / (d2 - d6));
  float va = d3 * d6 - d5 * d4;
  if (va <= 0 && (d4 - d3) >= 0 && (d5 - d6) >= 0) return b + (c - b) * ((d4 - d3) / ((d4 - d3) + (d5 - d6)));
  float denom = 1.f / (va + vb + vc);
  return a + ab * (vb * denom) + ac * (vc * denom);
}

bool isClosedAndConsistent(const std::vector<std::uint32_t>& idx) {
  if (idx.empty() || idx.size() % 3) return false;
  // Each directed edge a->b must appear once, and its twin b->a once. Edges are grouped by their first
  // vertex (a counting sort; a vertex has a handful of edges), so both checks scan short lists: several
  // times faster than sorting all edges, which was most of the atlas's load time.
  std::uint32_t vertices = *std::max_element(idx.begin(), idx.end()) + 1;
  std::vector<std::uint32_t> start(std::size_t(vertices) + 1, 0), to(idx.size());
  for (std::size_t t = 0; t < idx.size(); t += 3)
    for (int k = 0; k < 3; ++k) {
      if (idx[t + k] == idx[t + (k + 1) % 3]) return false;
      ++start[idx[t + k] + 1];
    }
  for (std::uint32_t v = 0; v < vertices; ++v) start[v + 1] += start[v];
  std::vector<std::uint32_t> fill(start.begin(), start.end() - 1);
  for (std::size_t t = 0; t < idx.size(); t += 3)
    for (int k = 0; k < 3; ++k) to[fill[idx[t + k]]++] = idx[t + (k + 1) % 3];
  auto from = [&](std::uint32_t v) { return std::make_pair(to.begin() + start[v], to.begin() + start[v + 1]); };
  for (std::uint32_t a = 0; a < vertices; ++a) {
    auto [b0, b1] = from(a);
    for (auto it = b0; it != b1; ++it) {
      if (std::find(it + 1, b1, *it) != b1) return false;  // the same directed edge twice
      auto [c0, c1] = from(*it);
      if (std::find(c0, c1, a) == c1) return false;  // no twin
    }
  }
  return true;
}

bool isClosedSurface(const Mesh& m) {
  if (isClosedAndConsistent(m.indices)) return true;
  if (m.positions.empty()) return false;
  std::vector<unsigned> remap(m.positions.size());
  meshopt_generateVertexRemap(remap.data(), m.indices.data(), m.indices.size(), &m.positions[0].x, m.positions.size(),
                              sizeof(glm::vec3));
  std::vector<std::uint32_t> byPosition(m.indices.size());
  meshopt_remapIndexBuffer(byPosition.data(), m.indices.data(), m.indices.size(), remap.data());
  return isClosedAndConsistent(byPosition);
}

namespace {
// Moves vertex i to remap[i] (of `unique`), in positions, normals and indices.
void applyRemap(Mesh& m, const std::vector<unsigned>& remap, std::size_t unique) {
  std::vector<glm::vec3> p(unique), n(unique);
  meshopt_remapVertexBuffer(p.data(), m.positions.data(), m.positions.size(), sizeof(glm::vec3), remap.data());
  meshopt_remapVertexBuffer(n.data(), m.normals.data(), m.normals.size(), sizeof(glm::vec3), remap.data());
  meshopt_remapIndexBuffer(m.indices.data(), m.indices.data(), m.indices.size(), remap.data());
  m.positions = std::move(p);
  m.normals = std::move(n);
}
}  // namespace

void weldIdenticalVertices(Mesh& m) {
  if (m.positions.empty()) return;
  const meshopt_Stream streams[] = {{&m.positions[0].x, sizeof(glm::vec3), sizeof(glm::vec3)},
                                    {&m.normals[0].x, sizeof(glm::vec3), sizeof(glm::vec3)}};
  std::vector<unsigned> remap(m.positions.size());
  std::size_t unique = meshopt_generateVertexRemapMulti(remap.data(), m.indices.data(), m.indices.size(),
                                                        m.positions.size(), streams, 2);
  if (unique == m.positions.size()) return;
  applyRemap(m, remap, unique);  // vertices no triangle uses are dropped too (remap ~0u)
}

void generateSmoothNormals(Mesh& m, std::size_t firstVertex, std::size_t firstIndex, float creaseDegrees) {
  const std::size_t nv = m.positions.size() - firstVertex, ni = m.indices.size() - firstIndex, nt = ni / 3;
  if (nv == 0 || nt == 0) return;
  std::vector<std::uint32_t> local(ni);
  for (std::size_t i = 0; i < ni; ++i) local[i] = m.indices[firstIndex + i] - std::uint32_t(firstVertex);
  // Corners at the same position, whatever vertex they use.
  std::vector<unsigned> at(nv);
  std::size_t positions = meshopt_generateVertexRemap(at.data(), local.data(), ni, &m.positions[firstVertex].x, nv,
                                                      sizeof(glm::vec3));
  std::vector<glm::vec3> face(nt);
  for (std::size_t t = 0; t < nt; ++t) {
    const glm::vec3 &a = m.positions[firstVertex + local[3 * t]], &b = m.positions[firstVertex + local[3 * t + 1]],
                    &c = m.positions[firstVertex + local[3 * t + 2]];
    glm::vec3 n = glm::cross(b - a, c - a);
    float len = glm::length(n);
    face[t] = len > 1e-30f && std::isfinite(len) ? n / len : glm::vec3(0.f);
  }
  // Triangles around each position (compressed rows).
  std::vector<std::uint32_t> start(positions + 1, 0), around(ni);
  for (std::size_t i = 0; i < ni; ++i) ++start[at[local[i]] + 1];
  for (std::size_t p = 0; p < positions; ++p) start[p + 1] += start[p];
  std::vector<std::uint32_t> fill(start.begin(), start.end() - 1);
  for (std::size_t i = 0; i < ni; ++i) around[fill[at[local[i]]]++] = std::uint32_t(i / 3);
  const float limit = std::cos(glm::radians(creaseDegrees));
  std::vector<glm::vec3> pos(ni), nrm(ni);
  for (std::size_t i = 0; i < ni; ++i) {
    const glm::vec3& own = face[i / 3];
    unsigned p = at[local[i]];
    glm::vec3 sum(0.f);
    for (std::uint32_t k = start[p]; k < start[p + 1]; ++k)
      if (glm::dot(face[around[k]], own) >= limit) sum += face[around[k]];
    float len = glm::length(sum);
    pos[i] = m.positions[firstVertex + local[i]];
    nrm[i] = len > 1e-12f ? sum / len : (glm::length(own) > 0.f ? own : glm::vec3(0, 0, 1));
  }
  m.positions.resize(firstVertex);
  m.normals.resize(firstVertex);
  m.positions.insert(m.positions.end(), pos.begin(), pos.end());
  m.normals.insert(m.normals.end(), nrm.begin(), nrm.end());
  for (std::size_t i = 0; i < ni; ++i) m.indices[firstIndex + i] = std::uint32_t(firstVertex + i);
}

void optimizeForDrawing(Mesh& m) {
  if (m.positions.empty()) return;
  meshopt_optimizeVertexCacheFifo(m.indices.data(), m.indices.data(), m.indices.size(), m.positions.size(), 64);
  std::vector<unsigned> remap(m.positions.size());
  applyRemap(m, remap, meshopt_optimizeVertexFetchRemap(remap.data(), m.indices.data(), m.indices.size(), m.positions.size()));
}

std::vector<MeshLod> simplifiedLevels(const Mesh& m, bool quick) {
  std::vector<MeshLod> out;
  if (m.triangleCount() < 1000 || m.positions.empty()) return out;
  const float* pos = &m.positions[0].x;
  const std::size_t nv = m.positions.size();
  // meshoptimizer's errors are relative to the mesh's extent.
  const float extent = meshopt_simplifyScale(pos, nv, sizeof(glm::vec3));
  auto keep = [&](std::vector<std::uint32_t> idx, float error) {
    meshopt_optimizeVertexCacheFifo(idx.data(), idx.data(), idx.size(), nv, 64);
    out.push_back({std::move(idx), error * extent});
  };
  if (quick) {
    std::vector<std::uint32_t> idx(m.indices.size());
    float error = 0.f;
    idx.resize(meshopt_simplifySloppy(idx.data(), m.indices.data(), m.indices.size(), pos, nv, sizeof(glm::vec3),
                                      m.indices.size() / 8, 1.f / 64, &error));
    if (!idx.empty()) keep(std::move(idx), error);
    return out;
  }
  // Errors double from level to level, from 1/4096 to 1/64 of the extent; each level simplifies the one
  // before it with what is left of its budget, so the errors add up to at most the level's own.
  float spent = 0.f;
  for (float budget = 1.f / 4096; budget <= 1.f / 64; budget *= 2.f) {
    const std::vector<std::uint32_t>& from = out.empty() ? m.indices : out.back().indices;
    std::vector<std::uint32_t> idx(from.size());
    float error = 0.f;
    idx.resize(meshopt_simplify(idx.data(), from.data(), from.size(), pos, nv, sizeof(glm::vec3), 0, budget - spent, 0,
                                &error));
    // A level is worth its memory only with clearly fewer triangles than the one it would replace.
    if (idx.empty() || idx.size() * 4 > from.size() * 3) continue;
    spent += error;
    keep(std::move(idx), spent);
  }
  return out;
}

}  // namespace psoas
