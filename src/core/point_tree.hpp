#pragma once
// Nearest-point search over a fixed set of points (GL-free): a balanced k-d tree kept in one array,
// built by median splits in O(n log n). The posing code searches bone surfaces with it; nanoflann's
// general tree (core/registration) took about ten times as long to build for the same points, and the
// pose rig builds one per bone on the way to every posed figure.
#include <cstdint>
#include <limits>
#include <vector>

#include <glm/vec3.hpp>

namespace psoas {

class PointTree {
 public:
  PointTree() = default;
  explicit PointTree(const std::vector<glm::vec3>& points);

  static constexpr std::uint32_t kNone = std::numeric_limits<std::uint32_t>::max();
  // Ranges this small are searched point by point. A tree's order (below) holds for this size only, so the
  // rig file's hash includes it (core/rig_cache).
  static constexpr std::uint32_t kLeafSize = 8;
  // Index (as given) of the point nearest p among those nearer than sqrt(maxDist2), or kNone; `dist2`
  // gets its squared distance (glm::dot(point - p, point - p)). Of equally near points, the one given first: the answer does not
  // depend on how the tree split them.
  std::uint32_t nearest(const glm::vec3& p, float* dist2 = nullptr,
                        float maxDist2 = std::numeric_limits<float>::infinity()) const;
  bool empty() const { return points_.empty(); }
  std::size_t size() const { return points_.size(); }

  // The tree's order as saved in a rig file (core/rig_cache): per tree slot the index of its point and
  // the axis it splits. Rebuilt from `points` (as given) with fromOrder(), which checks every index and
  // axis and gives an empty tree for parts that do not fit them (a damaged file must not crash a search).
  const std::vector<std::uint32_t>& order() const { return ids_; }
  const std::vector<std::uint8_t>& axes() const { return axis_; }
  static PointTree fromOrder(const std::vector<glm::vec3>& points, std::vector<std::uint32_t> order,
                             std::vector<std::uint8_t> axes);

 private:
  void search(std::uint32_t lo, std::uint32_t hi, const glm::vec3& p, float& best, std::uint32_t& at, glm::vec3 gap,
              float gap2) const;
  std::vector<glm::vec3> points_;  // in tree order: each range's median splits it
  std::vector<std::uint32_t> ids_;  // the index each point was given at
  std::vector<std::uint8_t> axis_;  // per median: the axis it splits
};

}  // namespace psoas
