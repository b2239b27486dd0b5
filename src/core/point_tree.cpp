#include "core/point_tree.hpp"

#include <algorithm>

#include <glm/geometric.hpp>

namespace psoas {

namespace {
constexpr std::uint32_t kLeaf = PointTree::kLeafSize;
}  // namespace

namespace {
struct Entry {
  glm::vec3 p;
  std::uint32_t id;
};

// Splits e[lo, hi) at its median along the box's longest side, recursively (the box is narrowed from the
// parent's, not measured again: cheaper, and as good for points spread over a surface).
void split(std::vector<Entry>& e, std::vector<std::uint8_t>& axis, std::uint32_t lo, std::uint32_t hi, glm::vec3 min,
           glm::vec3 max) {
  if (hi - lo <= kLeaf) return;
  glm::vec3 size = max - min;
  int a = size.x >= size.y && size.x >= size.z ? 0 : (size.y >= size.z ? 1 : 2);
  std::uint32_t mid = lo + (hi - lo) / 2;
  std::nth_element(e.begin() + lo, e.begin() + mid, e.begin() + hi,
                   [a](const Entry& x, const Entry& y) { return x.p[a] < y.p[a]; });
  axis[mid] = std::uint8_t(a);
  glm::vec3 leftMax = max, rightMin = min;
  leftMax[a] = rightMin[a] = e[mid].p[a];
  split(e, axis, lo, mid, min, leftMax);
  split(e, axis, mid + 1, hi, rightMin, max);
}
}  // namespace

PointTree::PointTree(const std::vector<glm::vec3>& points) : axis_(points.size(), 0) {
  if (points.empty()) return;
  std::vector<Entry> e(points.size());
  glm::vec3 min(std::numeric_limits<float>::infinity()), max(-std::numeric_limits<float>::infinity());
  for (std::size_t i = 0; i < points.size(); ++i) {
    e[i] = {points[i], std::uint32_t(i)};
    min = glm::min(min, points[i]);
    max = glm::max(max, points[i]);
  }
  split(e, axis_, 0, std::uint32_t(e.size()), min, max);
  points_.reserve(e.size());
  ids_.reserve(e.size());
  for (const Entry& x : e) {
    points_.push_back(x.p);
    ids_.push_back(x.id);
  }
}

PointTree PointTree::fromOrder(const std::vector<glm::vec3>& points, std::vector<std::uint32_t> order,
                               std::vector<std::uint8_t> axes) {
  PointTree t;
  if (order.size() != points.size() || axes.size() != points.size()) return t;
  // Each point once: a repeated index would leave another point unfindable (a wrong answer, not a crash).
  std::vector<std::uint8_t> seen(points.size(), 0);
  for (std::size_t i = 0; i < order.size(); ++i) {
    if (order[i] >= points.size() || seen[order[i]] || axes[i] > 2) return t;
    seen[order[i]] = 1;
  }
  t.points_.reserve(points.size());
  for (std::uint32_t id : order) t.points_.push_back(points[id]);
  t.ids_ = std::move(order);
  t.axis_ = std::move(axes);
  return t;
}

void PointTree::search(std::uint32_t lo, std::uint32_t hi, const glm::vec3& p, float& best, std::uint32_t& at,
                       glm::vec3 gap, float gap2) const {
  if (hi - lo <= kLeaf) {
    for (std::uint32_t i = lo; i < hi; ++i) {
      glm::vec3 d = points_[i] - p;
      float d2 = glm::dot(d, d);
      if (d2 < best || (d2 == best && at != kNone && ids_[i] < ids_[at])) {
        best = d2;
        at = i;
      }
    }
    return;
  }
  std::uint32_t mid = lo + (hi - lo) / 2;
  int a = axis_[mid];
  glm::vec3 d = points_[mid] - p;
  float d2 = glm::dot(d, d);
  if (d2 < best || (d2 == best && at != kNone && ids_[mid] < ids_[at])) {
    best = d2;
    at = mid;
  }
  float off = p[a] - points_[mid][a];
  // The side p is on first. The other only if its box is nearer than the best so far: `gap` is p's
  // distance to the current box along each axis, so the far box's squared distance follows from the
  // near one's by one axis (incremental distance, as nanoflann searches).
  const bool left = off < 0.f;
  if (left) search(lo, mid, p, best, at, gap, gap2);
  else search(mid + 1, hi, p, best, at, gap, gap2);
  float farGap2 = gap2 - gap[a] * gap[a] + off * off;
  if (farGap2 <= best) {  // equal: an equally near point there may come first
    gap[a] = off;
    if (left) search(mid + 1, hi, p, best, at, gap, farGap2);
    else search(lo, mid, p, best, at, gap, farGap2);
  }
}

std::uint32_t PointTree::nearest(const glm::vec3& p, float* dist2, float maxDist2) const {
  float best = maxDist2;
  std::uint32_t at = kNone;
  if (!points_.empty()) search(0, std::uint32_t(points_.size()), p, best, at, glm::vec3(0.f), 0.f);
  if (dist2) *dist2 = best;
  return at == kNone ? kNone : ids_[at];
}

}  // namespace psoas
