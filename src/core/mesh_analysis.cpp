#include <algorithm>

#include <meshoptimizer.h>

#include "core/mesh.hpp"

namespace psoas {

bool isClosedAndConsistent(const std::vector<std::uint32_t>& idx) {
  if (idx.empty() || idx.size() % 3) return false;
  // Each directed edge a->b must appear once, and its twin b->a once: sort the keys and look them up.
  std::vector<std::uint64_t> edges;
  edges.reserve(idx.size());
  for (std::size_t t = 0; t < idx.size(); t += 3)
    for (int k = 0; k < 3; ++k) {
      std::uint64_t a = idx[t + k], b = idx[t + (k + 1) % 3];
      if (a == b) return false;
      edges.push_back(a << 32 | b);
    }
  std::sort(edges.begin(), edges.end());
  if (std::adjacent_find(edges.begin(), edges.end()) != edges.end()) return false;
  for (std::uint64_t e : edges) {
    std::uint64_t twin = (e & 0xffffffffu) << 32 | e >> 32;
    if (!std::binary_search(edges.begin(), edges.end(), twin)) return false;
  }
  return true;
}

std::vector<std::uint32_t> simplifiedIndices(const Mesh& m, float ratio) {
  std::size_t target = std::size_t(double(m.indices.size() / 3) * ratio) * 3;
  std::vector<std::uint32_t> out(m.indices.size());
  // Error is relative to the mesh extent; 1% keeps silhouettes recognisable while the view moves.
  std::size_t n = meshopt_simplify(out.data(), m.indices.data(), m.indices.size(), &m.positions[0].x,
                                   m.positions.size(), sizeof(glm::vec3), target, 0.01f, 0, nullptr);
  out.resize(n);
  return out;
}

}  // namespace psoas
