// What a region's shapes reach on a surface, as the renderer paints it (shaders/regions.glsl): points
// inside a shape whose surface faces the shape's muscle. Used for label anchors, for the "paints nothing"
// warning, and by the tests that measure attachment areas.
#include <algorithm>
#include <cmath>

#include <glm/common.hpp>
#include <glm/geometric.hpp>
#include <glm/vector_relational.hpp>

#include "core/atlas.hpp"
#include "core/mesh.hpp"

namespace psoas {

namespace {
glm::vec3 closestOnSegment(const Shape& s, const glm::vec3& p) {
  glm::vec3 ab = s.b - s.a;
  float len2 = glm::dot(ab, ab);
  float t = len2 > 0.f ? std::clamp(glm::dot(p - s.a, ab) / len2, 0.f, 1.f) : 0.f;
  return s.a + ab * t;
}

}  // namespace

bool shapeFaces(const Shape& s, const glm::vec3& p, const glm::vec3& n) {
  if (s.facingCos < -1.f) return true;
  glm::vec3 to = s.facing - p;
  float len = glm::length(to), nl = glm::length(n);
  if (len < 1e-6f || nl < 1e-6f) return true;
  return glm::dot(n, to) / (len * nl) >= s.facingCos;
}

float regionDistance(const Region& region, const glm::vec3& p, const glm::vec3& n) {
  float best = 1e9f;
  for (const Shape& s : region.shapes)
    if (shapeFaces(s, p, n)) best = std::min(best, glm::length(closestOnSegment(s, p) - p) - s.radius);
  return best;
}

std::optional<glm::vec3> paintedPointOn(const Region& region, const Mesh& mesh) {
  Bounds reach;
  for (const Shape& sh : region.shapes) reach.add(shapeBounds(sh));
  if (!overlaps(reach, mesh.bounds)) return std::nullopt;
  // Vertices first (a fine mesh has many inside), then triangles: a coarse mesh can be painted in the
  // middle of a face with no vertex near it, as the per-pixel paint does.
  for (std::size_t v = 0; v < mesh.positions.size(); ++v)
    if (regionDistance(region, mesh.positions[v], mesh.normals[v]) <= 0.f) return mesh.positions[v];
  for (std::size_t t = 0; t + 2 < mesh.indices.size(); t += 3) {
    const glm::vec3 &a = mesh.positions[mesh.indices[t]], &b = mesh.positions[mesh.indices[t + 1]],
                    &c = mesh.positions[mesh.indices[t + 2]];
    Bounds tb;
    tb.min = glm::min(a, glm::min(b, c));
    tb.max = glm::max(a, glm::max(b, c));
    if (!overlaps(reach, tb)) continue;
    const glm::vec3 n = glm::cross(b - a, c - a);
    for (const Shape& s : region.shapes) {
      // For a capsule the point of the triangle nearest its axis is found by alternating (a few steps
      // converge for a flat triangle); a sphere needs one.
      glm::vec3 q = closestOnTriangle(s.a, a, b, c);
      for (int k = 0; k < 4 && s.a != s.b; ++k) q = closestOnTriangle(closestOnSegment(s, q), a, b, c);
      if (glm::length(closestOnSegment(s, q) - q) <= s.radius && shapeFaces(s, q, n)) return q;
    }
  }
  return std::nullopt;
}

void computeRegionFacing(Atlas& atlas) {
  for (Region& r : atlas.regions) {
    const bool attachment = r.overlay >= 0 && atlas.overlays[std::size_t(r.overlay)].layer == Overlay::Layer::Attachments;
    for (Shape& s : r.shapes) {
      s.facingCos = -2.f;
      if (!attachment || !r.facing) continue;
      // The part of the muscle near the shape: where it lies, the surface it attaches to faces it.
      const float reach = s.radius + kFacingReach;
      glm::dvec3 sum(0.0);
      std::size_t count = 0;
      for (int m : r.structures) {
        const auto& mesh = atlas.structures[std::size_t(m)].mesh;
        if (!mesh) continue;
        Bounds box = shapeBounds(s);
        box.min -= kFacingReach;
        box.max += kFacingReach;
        if (!overlaps(box, mesh->bounds)) continue;
        for (const glm::vec3& p : mesh->positions)
          if (glm::length(closestOnSegment(s, p) - p) <= reach) {
            sum += glm::dvec3(p);
            ++count;
          }
      }
      if (count < 3) continue;  // no muscle near this shape (a tendon drawn apart): paint without the test
      s.facing = glm::vec3(sum / double(count));
      s.facingCos = kFacingCos;
    }
  }
}

}  // namespace psoas
