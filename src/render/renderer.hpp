#pragma once
// Draws a frame plan into off-screen targets it owns. The window blits the result, the screenshot and the
// CLI read it back: one render path for all. Needs a current GL 3.3 core context.
#include <memory>
#include <string>

#include <glm/vec2.hpp>
#include <glm/vec3.hpp>

#include "core/frame_plan.hpp"
#include "core/image.hpp"
#include "render/gl_objects.hpp"

namespace psoas {

struct Atlas;
struct SceneState;
struct Mesh;
struct Annotations;
struct PassContext;

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

  // The plan's size and detail are frame's (build the plan with the same options).
  void render(const FramePlan& plan, const FrameOptions& frame);
  // The scene's plan, with nothing under the pointer (figures, the CLI).
  void render(const Atlas& atlas, const SceneState& state, const FrameOptions& frame);
  Image readPixels() const;  // the last frame, straight alpha, top row first
  GLuint outputFramebuffer() const;
  int outputWidth() const;
  int outputHeight() const;

  // The structure under pixel (x, y) (origin top left) of a width x height view of the plan, or -1.
  // Surfaces at least half opaque win; fainter ones are picked only where nothing else is; painted regions
  // on faint or hidden envelopes answer where they are painted.
  PickHit pickHit(const FramePlan& plan, int width, int height, glm::vec2 pixel);
  PickHit pickHit(const Atlas& atlas, const SceneState& state, int width, int height, glm::vec2 pixel);
  int pick(const Atlas& atlas, const SceneState& state, int width, int height, glm::vec2 pixel) {
    return pickHit(atlas, state, width, height, pixel).structure;
  }

  // Text size for annotation layout, with the font the overlay draws with.
  glm::vec2 measureText(const std::string& text, float px);

  // Draws a tiny scene through every pass so that a driver that compiles shaders on first use (llvmpipe)
  // does so now, for example while the atlas is still loading on another thread.
  void warmUp();

  // GPU buffers are made on first use and kept; call after a structure's mesh was replaced.
  void forgetMeshes();
  static int maxOutputSize();

 private:
  struct Passes;
  void ensureTargets(int w, int h, int ssaa);
  glm::mat4 projection(const FramePlan& plan, const FrameOptions& frame) const;
  std::unique_ptr<Passes> passes_;
};

}  // namespace psoas
