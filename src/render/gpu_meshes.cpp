#include "render/gpu_meshes.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>

namespace psoas {

namespace {
// Positions, then normals, in one buffer (`normalsAt` bytes in), with `indices` as the element buffer.
// Not interleaved: the mesh's own arrays go up as they are, without a copy the size of the mesh.
void bindVertexLayout(const gl::VertexArray& vao, const gl::Buffer& vbo, const gl::Buffer& ibo,
                      const std::vector<std::uint32_t>& indices, std::size_t normalsAt) {
  glBindVertexArray(vao.id());
  glBindBuffer(GL_ARRAY_BUFFER, vbo.id());
  glBindBuffer(GL_ELEMENT_ARRAY_BUFFER, ibo.id());
  glBufferData(GL_ELEMENT_ARRAY_BUFFER, GLsizeiptr(indices.size() * 4), indices.data(), GL_STATIC_DRAW);
  glEnableVertexAttribArray(0);
  glVertexAttribPointer(0, 3, GL_FLOAT, GL_FALSE, 12, nullptr);
  glEnableVertexAttribArray(1);
  glVertexAttribPointer(1, 3, GL_FLOAT, GL_FALSE, 12, reinterpret_cast<void*>(normalsAt));
  glBindVertexArray(0);
}

// Uploads positions and normals as bindVertexLayout reads them; returns where the normals start.
std::size_t uploadVertices(const gl::Buffer& vbo, const std::vector<glm::vec3>& positions,
                           const std::vector<glm::vec3>& normals, GLenum usage = GL_STATIC_DRAW) {
  const std::size_t bytes = positions.size() * sizeof(glm::vec3);
  glBindBuffer(GL_ARRAY_BUFFER, vbo.id());
  glBufferData(GL_ARRAY_BUFFER, GLsizeiptr(2 * bytes), nullptr, usage);
  glBufferSubData(GL_ARRAY_BUFFER, 0, GLsizeiptr(bytes), positions.data());
  glBufferSubData(GL_ARRAY_BUFFER, GLsizeiptr(bytes), GLsizeiptr(bytes), normals.data());
  return bytes;
}

std::unique_ptr<GpuMesh> makeGpuMesh(const Mesh& vertices, const Mesh& topology, GLenum usage) {
  auto m = std::make_unique<GpuMesh>();
  m->source = &topology;
  m->sourceBounds = topology.bounds;
  m->sourceVertices = topology.positions.size();
  m->vao = gl::VertexArray::create();
  m->vbo = gl::Buffer::create();
  m->ibo = gl::Buffer::create();
  m->normalsAt = uploadVertices(m->vbo, vertices.positions, vertices.normals, usage);
  bindVertexLayout(m->vao, m->vbo, m->ibo, topology.indices, m->normalsAt);
  m->count = GLsizei(topology.indices.size());
  m->closed = topology.closed;
  return m;
}

void attachLevels(GpuMesh& m, const std::vector<MeshLod>* lods) {
  if (!lods || m.lodSource == lods) return;
  m.levels.clear();
  m.splits.clear();
  for (const MeshLod& l : *lods) {
    GpuMesh::Level level{gl::VertexArray::create(), gl::Buffer::create(), GLsizei(l.indices.size())};
    bindVertexLayout(level.vao, m.vbo, level.ibo, l.indices, m.normalsAt);
    m.levels.push_back(std::move(level));
  }
  m.lodSource = lods;
}

// A unit sphere for trigger-point markers.
Mesh makeSphere() {
  Mesh m;
  const int rings = 12, segments = 20;
  for (int r = 0; r <= rings; ++r)
    for (int s = 0; s <= segments; ++s) {
      float th = float(r) / rings * 3.14159265f, ph = float(s) / segments * 6.2831853f;
      m.positions.emplace_back(std::sin(th) * std::cos(ph), std::cos(th), std::sin(th) * std::sin(ph));
    }
  m.normals = m.positions;  // on a unit sphere, position and normal are the same
  for (int r = 0; r < rings; ++r)
    for (int s = 0; s < segments; ++s) {
      std::uint32_t i0 = std::uint32_t(r * (segments + 1) + s), i1 = i0 + segments + 1;
      m.indices.insert(m.indices.end(), {i0, i0 + 1, i1, i1, i0 + 1, i1 + 1});
    }
  m.closed = true;
  return m;
}
}  // namespace

GpuMeshes::GpuMeshes() {
  Mesh sphere = makeSphere();
  sphere_ = makeGpuMesh(sphere, sphere, GL_STATIC_DRAW);
  sphere_->source = nullptr;  // the local mesh is gone; nothing compares against it
}

void GpuMeshes::beginFrame(long flushEveryTriangles) {
  ++frame_;
  trianglesDrawn_ = 0;
  flushEvery_ = flushEveryTriangles;
  sinceFlush_ = 0;
}

const GpuMesh& GpuMeshes::of(const DrawItem& item) {
  if (!item.mesh) return *sphere_;
  const std::size_t i = std::size_t(item.structure);
  auto& table = item.deformed ? deformed_ : meshes_;
  if (table.size() <= i) table.resize(i + 1);
  auto& slot = table[i];
  if (!slot || !slot->uploadedFrom(item.mesh)) {
    slot = makeGpuMesh(item.geometry(), *item.mesh, item.deformed ? GL_STREAM_DRAW : GL_STATIC_DRAW);
    slot->uploadedFrame = frame_;
  } else if (item.deformed && slot->uploadedFrame != frame_) {
    uploadVertices(slot->vbo, item.deformed->positions, item.deformed->normals, GL_STREAM_DRAW);
    slot->uploadedFrame = frame_;
  }
  attachLevels(*slot, item.lods);
  return *slot;
}

PaintSplit GpuMeshes::split(const DrawItem& item) {
  GpuMesh& m = const_cast<GpuMesh&>(of(item));
  if (item.deformed) {
    auto [vao, count] = m.at(item.level);
    return {vao, 0, count, 0};
  }
  const int level = item.level >= int(m.levels.size()) ? -1 : item.level;
  GpuMesh::Split& sp = m.splits[level];
  if (!sp.nearVao || sp.shapes != item.paint.shapes) {
    const std::vector<std::uint32_t>& indices = level < 0 ? m.source->indices : (*m.lodSource)[std::size_t(level)].indices;
    TriangleSplit parts = splitByReach(*m.source, indices, item.paint.shapes, kRegionSoftEdge * 1.05f);
    sp.shapes = item.paint.shapes;
    sp.nearVao = gl::VertexArray::create();
    sp.farVao = gl::VertexArray::create();
    sp.nearIbo = gl::Buffer::create();
    sp.farIbo = gl::Buffer::create();
    bindVertexLayout(sp.nearVao, m.vbo, sp.nearIbo, parts.near, m.normalsAt);
    bindVertexLayout(sp.farVao, m.vbo, sp.farIbo, parts.far, m.normalsAt);
    sp.nearCount = GLsizei(parts.near.size());
    sp.farCount = GLsizei(parts.far.size());
  }
  return {sp.nearVao.id(), sp.farVao.id(), sp.nearCount, sp.farCount};
}

void GpuMeshes::drawElements(GLuint vao, GLsizei count) {
  if (count == 0) return;
  glBindVertexArray(vao);
  trianglesDrawn_ += count / 3;
  if (flushEvery_ <= 0) {
    glDrawElements(GL_TRIANGLES, count, GL_UNSIGNED_INT, nullptr);
    return;
  }
  // A software rasteriser keeps every triangle of a pass in memory until it draws them (about 100 bytes
  // each); flushing every so many triangles bounds that memory, at some cost in time.
  for (GLsizei first = 0; first < count;) {
    GLsizei part = std::min<GLsizei>(count - first, GLsizei(3 * (flushEvery_ - sinceFlush_)));
    glDrawElements(GL_TRIANGLES, part, GL_UNSIGNED_INT, reinterpret_cast<const void*>(std::uintptr_t(first) * 4));
    first += part;
    sinceFlush_ += part / 3;
    if (sinceFlush_ >= flushEvery_) {
      glFlush();
      sinceFlush_ = 0;
    }
  }
}

}  // namespace psoas
