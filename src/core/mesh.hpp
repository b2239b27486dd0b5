#pragma once
// The project's own triangle mesh; everything Assimp reads is converted to this at once.
#include <cstdint>
#include <memory>
#include <vector>

#include <glm/vec3.hpp>

namespace psoas {

struct Bounds {
  glm::vec3 min{1e30f};
  glm::vec3 max{-1e30f};
  bool empty() const { return min.x > max.x; }
  void add(const glm::vec3& p);
  void add(const Bounds& b);
  glm::vec3 center() const { return (min + max) * 0.5f; }
  glm::vec3 size() const { return empty() ? glm::vec3(0.f) : max - min; }
  glm::vec3 corner(int i) const { return {i & 1 ? max.x : min.x, i & 2 ? max.y : min.y, i & 4 ? max.z : min.z}; }  // i: 0..7
};

struct Mesh {
  std::vector<glm::vec3> positions;
  std::vector<glm::vec3> normals;   // same count as positions
  std::vector<std::uint32_t> indices;  // triangle list
  Bounds bounds;
  // Every edge is shared by exactly two triangles with opposite winding: back faces can be culled.
  bool closed = false;

  std::size_t triangleCount() const { return indices.size() / 3; }
  void computeBounds();
};

// Closest point of triangle abc to p (Ericson, Real-Time Collision Detection, 5.1.5).
glm::vec3 closestOnTriangle(const glm::vec3& p, const glm::vec3& a, const glm::vec3& b, const glm::vec3& c);

// True if the triangle list forms closed, consistently wound surfaces (a 2-manifold without border).
bool isClosedAndConsistent(const std::vector<std::uint32_t>& indices);
// The same for the surface's shape: corners at one position count as one vertex, so a closed surface
// whose vertices are split along hard edges (separate normals) is closed too.
bool isClosedSurface(const Mesh& mesh);

// Merges vertices whose position and normal are bit-identical (meshoptimizer's remap, a hash table):
// what Assimp's JoinIdenticalVertices does for unindexed formats (OBJ, STL), many times faster.
void weldIdenticalVertices(Mesh& mesh);

// Normals for the vertices from `firstVertex` on, which the triangles from `firstIndex` on use and which
// have none: each corner averages the faces around its position that meet its own face at less than
// `creaseDegrees` (sharper edges stay hard), like Assimp's GenSmoothNormals but with a hash table instead of
// its spatial sort. Corners get their own vertices; weldIdenticalVertices merges them again.
void generateSmoothNormals(Mesh& mesh, std::size_t firstVertex, std::size_t firstIndex, float creaseDegrees);

// Reorders triangles for the post-transform vertex cache and vertices in first-use order (meshoptimizer):
// a software rasteriser shades a vertex again whenever it has left its small cache, so this order makes the
// same mesh draw and pick faster. Same triangles, same winding; unused vertices are dropped.
void optimizeForDrawing(Mesh& mesh);

// A simplified version of a mesh over the same vertices: fewer triangles, a little off the surface.
struct MeshLod {
  std::vector<std::uint32_t> indices;
  float error = 0.f;  // how far it may lie from the full surface, in the mesh's units (meshoptimizer's estimate)
};

// Simplified versions with growing error, finest first, each with well under the previous one's triangles
// (meshoptimizer's edge collapse, each from the one before); empty for a mesh too small to gain. A renderer
// draws the coarsest whose error stays under a pixel. `quick`: one level by vertex clustering, about twenty
// times faster and coarser, for a frame that is replaced a moment later.
std::vector<MeshLod> simplifiedLevels(const Mesh& mesh, bool quick = false);

// Simplified versions of each structure's mesh, indexed like Atlas::structures, null or past the end where
// there are none yet. Kept beside the atlas, not in it: the atlas is read-only once built, and the window's
// levels come later, from a background thread (app/lod_builder).
using LodTable = std::vector<std::shared_ptr<const std::vector<MeshLod>>>;

}  // namespace psoas
