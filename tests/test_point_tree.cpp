// PointTree (core/point_tree.hpp): the nearest point as a brute-force search finds it, the first given of
// equally near points, and nothing beyond the distance asked for.
#include <doctest/doctest.h>

#include <random>

#include <glm/geometric.hpp>

#include "core/point_tree.hpp"

using namespace psoas;

TEST_CASE("point tree: nearest points as brute force finds them, ties to the first given, bounded searches") {
  std::mt19937 rng(7);
  std::uniform_real_distribution<float> u(-1.f, 1.f);
  // A flat, uneven cloud (like a bone's surface points), with some points given twice.
  std::vector<glm::vec3> pts;
  for (int i = 0; i < 3000; ++i) pts.push_back({u(rng), u(rng) * 0.3f, u(rng) * 0.05f});
  for (int i = 0; i < 300; ++i) pts.push_back(pts[std::size_t(i * 7)]);
  PointTree tree(pts);
  REQUIRE(tree.size() == pts.size());
  int bounded = 0;
  for (int q = 0; q < 400; ++q) {
    glm::vec3 p(u(rng), u(rng), u(rng) * 0.2f);
    if (q % 4 == 0) p = pts[std::size_t(q * 5)];  // exactly on a point: maybe one given twice
    std::uint32_t best = 0;
    float bestD = 1e30f;
    for (std::uint32_t i = 0; i < pts.size(); ++i) {
      glm::vec3 d = pts[i] - p;
      if (glm::dot(d, d) < bestD) {
        bestD = glm::dot(d, d);
        best = i;
      }
    }
    float d2 = -1.f;
    CHECK(tree.nearest(p, &d2) == best);
    CHECK(d2 == bestD);
    // Bounded: found when nearer than the bound, else none.
    float bound = 0.01f;
    std::uint32_t within = tree.nearest(p, &d2, bound);
    CHECK(within == (bestD < bound ? best : PointTree::kNone));
    bounded += within == PointTree::kNone;
  }
  CHECK(bounded > 0);
  CHECK(PointTree().nearest(glm::vec3(0.f)) == PointTree::kNone);
}
