#pragma once
// GPU copies of the meshes a plan draws, and the draw call every pass goes through (it counts triangles
// and, for huge figures, flushes the driver every so many). Needs a current GL context.
#include <map>
#include <memory>
#include <vector>

#include "core/frame_plan.hpp"
#include "core/mesh.hpp"
#include "render/gl_objects.hpp"

namespace psoas {

struct GpuMesh {
  const Mesh* source = nullptr;
  // What `source` held when it was uploaded: a mesh freed and another made at the same address (each posed
  // figure of a --grid, a batch or a story makes its own moved bones) must not find the old buffers.
  Bounds sourceBounds;
  std::size_t sourceVertices = 0;
  bool uploadedFrom(const Mesh* m) const {
    return source == m && m && sourceVertices == m->positions.size() && sourceBounds.min == m->bounds.min &&
           sourceBounds.max == m->bounds.max;
  }
  const std::vector<MeshLod>* lodSource = nullptr;
  gl::VertexArray vao;
  gl::Buffer vbo, ibo;
  GLsizei count = 0;
  // Simplified versions: shorter index lists over the same vertex buffer, finest first.
  struct Level {
    gl::VertexArray vao;
    gl::Buffer ibo;
    GLsizei count = 0;
  };
  std::vector<Level> levels;
  // A painted mesh (at one level, -1: full) split into the triangles the regions can reach and the rest,
  // for these shapes.
  struct Split {
    std::vector<Shape> shapes;
    gl::VertexArray nearVao, farVao;
    gl::Buffer nearIbo, farIbo;
    GLsizei nearCount = 0, farCount = 0;
  };
  std::map<int, Split> splits;
  std::size_t normalsAt = 0;  // byte offset of the normals in vbo
  bool closed = false;
  long uploadedFrame = -1;  // deformed meshes: the frame whose vertices the buffer holds

  // The vertex array and index count of `level` (-1, or a level this mesh lacks: the full mesh).
  std::pair<GLuint, GLsizei> at(int level) const {
    if (level < 0 || std::size_t(level) >= levels.size()) return {vao.id(), count};
    return {levels[std::size_t(level)].vao.id(), levels[std::size_t(level)].count};
  }
};

// The triangles of a painted item that its regions can reach (drawn with the per-pixel paint), and the rest.
struct PaintSplit {
  GLuint nearVao = 0, farVao = 0;
  GLsizei nearCount = 0, farCount = 0;
};

class GpuMeshes {
 public:
  GpuMeshes();
  // Call once per frame before drawing: deformed vertices are uploaded at most once per frame.
  void beginFrame(long flushEveryTriangles);
  // The mesh an item draws: its structure's (made on first use and kept), a deformed one (vertices sent
  // again each frame), or the marker sphere.
  const GpuMesh& of(const DrawItem& item);
  // Only the triangles the regions reach pay for the paint; made again when the shapes change. A deformed
  // mesh moves every frame, so all of it is "near".
  PaintSplit split(const DrawItem& item);
  void draw(const DrawItem& item) { auto [vao, count] = of(item).at(item.level); drawElements(vao, count); }
  void drawElements(GLuint vao, GLsizei count);
  long trianglesDrawn() const { return trianglesDrawn_; }
  void forget() { meshes_.clear(); deformed_.clear(); }

 private:
  std::vector<std::unique_ptr<GpuMesh>> meshes_, deformed_;  // by structure
  std::unique_ptr<GpuMesh> sphere_;
  long frame_ = 0;
  long flushEvery_ = 0, sinceFlush_ = 0;
  long trianglesDrawn_ = 0;
};

}  // namespace psoas
