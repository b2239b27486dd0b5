#pragma once
// Draws an atlas scene into off-screen targets it owns. The window blits the result, the screenshot
// and the CLI read it back: one render path for all. Needs a current GL 3.3 core context.
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <glm/vec2.hpp>
#include <glm/vec3.hpp>

#include "core/image.hpp"
#include "render/gl_objects.hpp"
#include "render/shader.hpp"

namespace psoas {

struct Atlas;
struct SceneState;
struct Mesh;
struct Annotations;
class Overlay2D;

struct FrameOptions {
  int width = 800;   // output pixels
  int height = 600;
  int ssaa = 2;      // supersampling factor per axis, 1..4
  float lineScale = 1.f;  // outline widths scale (HiDPI, print)
  int aoSamples = 10;     // 0 turns the ambient-occlusion-like depth cue off
  bool contours = true;   // soft dark lines at depth steps
  // Draw each structure's coarsest simplified mesh whose error stays under this many output pixels
  // (where the atlas has them); 0: full detail.
  float lodPixels = 0.f;
  // Render only the sub-rectangle (regionX, regionY, width, height) of a fullWidth x fullHeight image
  // (origin top left): tiles of a figure larger than the GPU allows. 0: the whole image.
  int fullWidth = 0, fullHeight = 0, regionX = 0, regionY = 0;
  const Annotations* annotations = nullptr;  // labels and legend, in full-image pixels
  // Flush the driver after every so many triangles (0: never). Bounds a software rasteriser's memory for
  // very large models, at some cost in time: for one-off figures, not for interactive frames.
  long flushEveryTriangles = 0;
  // Benchmarks: when set, every pass is finished before the next starts and its wall time stored here
  // (this serialises the driver, so the sum exceeds a normal frame's time).
  struct PassTimes* passTimes = nullptr;
};

struct PassTimes {
  double opaque = 0, translucent = 0, mask = 0, overlay = 0, depthCue = 0, resolve = 0;  // milliseconds
  long triangles = 0;  // submitted to the driver (back faces culled there included)
};

struct PickHit {
  int structure = -1;
  glm::vec3 point{0.f};  // world position of the picked surface point
};

class Renderer {
 public:
  Renderer();  // compiles shaders; throws RenderError
  ~Renderer();
  Renderer(const Renderer&) = delete;
  Renderer& operator=(const Renderer&) = delete;

  void render(const Atlas& atlas, const SceneState& state, const FrameOptions& frame);
  Image readPixels() const;  // the last frame, straight alpha, top row first
  GLuint outputFramebuffer() const;
  int outputWidth() const;
  int outputHeight() const;

  // Structure index under pixel (x, y) (origin top left) of a width x height view, or -1.
  // Surfaces at least half opaque win; fainter ones are picked only where nothing else is.
  int pick(const Atlas& atlas, const SceneState& state, int width, int height, glm::vec2 pixel);
  PickHit pickHit(const Atlas& atlas, const SceneState& state, int width, int height, glm::vec2 pixel);

  // Text size for annotation layout, with the font the overlay draws with.
  glm::vec2 measureText(const std::string& text, float px);

  // Draws a tiny scene through every pass so that a driver that compiles shaders on first use (llvmpipe)
  // does so now, for example while the atlas is still loading on another thread.
  void warmUp();

  // GPU buffers are made on first use and kept; call after a structure's mesh was replaced.
  void forgetMeshes();
  static int maxOutputSize();

 private:
  struct GpuMesh;
  struct Targets;
  const GpuMesh& gpuMesh(const Atlas& atlas, std::size_t index);
  void ensureTargets(int w, int h, int ssaa);
  // level: an index into the mesh's simplified versions, -1 for the full mesh.
  void drawMesh(const GpuMesh& m, int level = -1);
  void drawElements(GLuint vao, GLsizei count);
  // The triangles of a painted structure's mesh (at `level`) that its regions can reach, and the rest:
  // only the first are drawn with the per-pixel region paint. Made again when the regions' shapes change.
  struct PaintSplit {
    GLuint nearVao = 0, farVao = 0;
    GLsizei nearCount = 0, farCount = 0;
  };
  PaintSplit paintSplit(std::size_t structure, int level);
  void drawMarkers(const Atlas& atlas, const SceneState& state, const ShaderProgram& program);
  // The program for these stages and #defines, compiled on first use and kept.
  const ShaderProgram& program(const char* vertex, const char* fragment, const std::string& defines);

  struct RegionUniforms;
  std::unique_ptr<RegionUniforms> regionUniforms_;
  std::unique_ptr<Overlay2D> overlay_;
  std::unique_ptr<GpuMesh> sphere_;

  std::vector<std::unique_ptr<GpuMesh>> meshes_;
  std::unique_ptr<Targets> targets_;
  std::map<std::string, std::unique_ptr<ShaderProgram>> programs_;
  long flushEvery_ = 0, sinceFlush_ = 0;  // FrameOptions::flushEveryTriangles, and the count so far
  long trianglesDrawn_ = 0;               // this frame, for PassTimes
  ShaderProgram mask_, pick_, regionPick_;
  gl::VertexArray emptyVao_;
  gl::Framebuffer pickFbo_;
  gl::Texture pickId_;
  gl::Renderbuffer pickDepth_;
};

}  // namespace psoas
