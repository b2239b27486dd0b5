#pragma once
// Shared by the teaching tests: the built-in atlas, lookups that fail loudly, and the vertices a region paints.
// Frame: metres, +X patient's left, +Y up, +Z anterior.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include <glm/geometric.hpp>

#include "core/atlas.hpp"
#include "core/resources.hpp"

namespace psoas::teaching_test {

// ---- The built-in atlas and lookups that fail loudly ----

inline const Atlas& builtin() {
  static const Atlas atlas = loadAtlas(builtinAtlasPath());  // core only: meshes, no GL
  return atlas;
}

inline int structureId(const Atlas& a, const std::string& id) {
  int i = a.findStructure(id);
  INFO("structure " << id);
  REQUIRE(i >= 0);
  return i;
}
inline const Region& region(const Atlas& a, const std::string& id) {
  int i = a.findRegion(id);
  INFO("region " << id);
  REQUIRE(i >= 0);
  return a.regions[std::size_t(i)];
}
inline glm::vec3 landmark(const Atlas& a, const std::string& id) {
  int i = a.findLandmark(id);
  INFO("landmark " << id);
  REQUIRE(i >= 0);
  return a.landmarks[std::size_t(i)].position;
}
inline const Mesh& meshOf(const Atlas& a, int structure) {
  const auto& m = a.structures[std::size_t(structure)].mesh;
  REQUIRE(m);
  return *m;
}

inline float sideSign(const std::string& side) { return side == "left" ? 1.f : side == "right" ? -1.f : 0.f; }
inline const char* sideSuffix(const std::string& side) { return side == "left" ? "l" : "r"; }

inline bool endsWith(const std::string& s, const std::string& tail) {
  return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

// ---- Painted vertices: the vertices of a mesh that lie inside a region's shapes ----

struct PaintedVertex {
  int structure;
  glm::vec3 position, normal;
};

inline std::vector<PaintedVertex> paintedOn(const Atlas& a, const Region& r, int structure) {
  std::vector<PaintedVertex> out;
  const Mesh& m = meshOf(a, structure);
  for (std::size_t v = 0; v < m.positions.size(); ++v)
    if (regionDistance(r, m.positions[v], m.normals[v]) <= 0.f) out.push_back({structure, m.positions[v], m.normals[v]});
  return out;
}

// What the renderer paints: every vertex of the region's `on` meshes inside its shapes.
inline std::vector<PaintedVertex> painted(const Atlas& a, const Region& r) {
  std::vector<PaintedVertex> out;
  for (int s : r.on) {
    auto part = paintedOn(a, r, s);
    out.insert(out.end(), part.begin(), part.end());
  }
  return out;
}

inline std::size_t countOn(const std::vector<PaintedVertex>& v, int structure) {
  return std::size_t(std::count_if(v.begin(), v.end(), [&](const PaintedVertex& p) { return p.structure == structure; }));
}

inline float nearestVertexDistance(const Mesh& m, const glm::vec3& p, glm::vec3* nearest = nullptr) {
  float best = 1e30f;
  for (const auto& q : m.positions) {
    float d = glm::length(q - p);
    if (d < best) {
      best = d;
      if (nearest) *nearest = q;
    }
  }
  return best;
}

// Distance from p to the mesh surface (closest point on any triangle; Ericson, Real-Time Collision
// Detection 5.1.5), for landmarks that lie on a surface between vertices.
inline float surfaceDistance(const Mesh& m, const glm::vec3& p) {
  float best = 1e30f;
  for (std::size_t i = 0; i + 2 < m.indices.size(); i += 3) {
    glm::vec3 q = closestOnTriangle(p, m.positions[m.indices[i]], m.positions[m.indices[i + 1]], m.positions[m.indices[i + 2]]);
    best = std::min(best, glm::length(q - p));
  }
  return best;
}

}  // namespace psoas::teaching_test
