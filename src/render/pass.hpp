#pragma once
// The render passes of a frame, one file each (render/passes/*.cpp). Each says whether this plan wants it
// and runs it; each owns the targets only it writes. Renderer::render runs them in order:
// opaque -> translucent -> selection outline -> labels -> depth cue -> resolve.
#include <vector>

#include <glm/mat4x4.hpp>
#include <glm/vec2.hpp>

#include "core/annotations.hpp"
#include "core/frame_plan.hpp"
#include "render/gl_objects.hpp"
#include "render/gpu_meshes.hpp"
#include "render/shader.hpp"

namespace psoas {

class Overlay2D;

// What every pass reads or writes: the supersampled colour and depth of the opaque pass, and the output.
struct FrameTargets {
  int w = 0, h = 0, ssaa = 0;
  long generation = 0;  // changes whenever the targets are made again: passes remake theirs then
  // Without supersampling the scene and the output have one size, and the depth target carries a stencil
  // of the pixels anything was drawn on (surfaces, labels): the resolve shades only those, the rest is
  // cleared to the background. Most of a frame is background.
  bool coverage = false;
  gl::Texture opaque, depth, output;
  gl::Framebuffer sceneFbo, outputFbo;
  GLenum depthAttachment() const { return coverage ? GL_DEPTH_STENCIL_ATTACHMENT : GL_DEPTH_ATTACHMENT; }
};

void checkFramebuffer(const char* what);
// A framebuffer that draws into `color` (and `depthStencil`, when given; left bound).
gl::Framebuffer framebufferFor(const gl::Texture& color, const char* what, const gl::Texture* depthStencil = nullptr);

struct PassContext {
  const FramePlan& plan;
  const FrameOptions& frame;
  FrameTargets& targets;
  GpuMeshes& meshes;
  ProgramCache& programs;
  glm::mat4 view{1.f}, proj{1.f};
  glm::ivec2 tileOrigin{0};  // this tile's offset in the full supersampled image

  // The surface program variant; the frame's uniforms are set the first time it is used this frame.
  const ShaderProgram& surface(bool translucent, bool painted, bool cut);
  // An item's own uniforms: placement, colour, tint and (painted variants) its shapes.
  void setItem(const ShaderProgram& p, const DrawItem& item) const;
  void setDepthUniforms(const ShaderProgram& p) const;  // depth.glsl's, for the cue and the resolve

  std::vector<const ShaderProgram*> framed = {};  // surface variants given this frame's uniforms
};

ProgramSpec surfaceSpec(bool translucent, bool painted, bool cut);

class OpaquePass {
 public:
  static bool wanted(const FramePlan&) { return true; }  // it clears the scene targets
  void run(PassContext& c);
};

class TranslucentPass {
 public:
  static bool wanted(const FramePlan& plan) { return !plan.translucent.empty(); }
  void run(PassContext& c);
  const gl::Texture& accum() const { return accum_; }
  const gl::Texture& weight() const { return weight_; }

 private:
  void ensureTargets(const FrameTargets& t);
  long generation_ = -1;
  gl::Texture accum_, weight_;
  gl::Framebuffer fbo_;
};

class SelectionPass {
 public:
  static bool wanted(const FramePlan& plan) { return !plan.outline.empty(); }
  void run(PassContext& c);
  const gl::Texture& mask() const { return mask_; }

 private:
  long generation_ = -1;
  gl::Texture mask_;
  gl::Framebuffer fbo_;
};

class LabelPass {
 public:
  LabelPass();
  ~LabelPass();
  static bool wanted(const FramePlan& plan) { return plan.labels && !plan.labels->empty(); }
  void run(PassContext& c);
  Overlay2D& overlay();  // also measures text for the layout
  const gl::Texture& labels() const { return labels_; }

 private:
  long generation_ = -1;
  std::unique_ptr<Overlay2D> overlay_;
  gl::Texture labels_;
  gl::Framebuffer fbo_;
};

class DepthCuePass {
 public:
  static bool wanted(const FrameOptions& frame) { return samples(frame) > 0; }
  static int samples(const FrameOptions& frame);
  void run(PassContext& c);
  const gl::Texture& cue() const { return ao_; }

 private:
  long generation_ = -1;
  gl::Texture ao_;
  gl::Renderbuffer coverage_;  // the coverage stencil at the depth cue's size
  gl::Framebuffer fbo_;
  gl::VertexArray emptyVao_;
};

class ResolvePass {
 public:
  struct Inputs {
    const TranslucentPass* translucent = nullptr;  // null: not run this frame
    const SelectionPass* selection = nullptr;
    const LabelPass* labels = nullptr;
    const DepthCuePass* depthCue = nullptr;
  };
  void run(PassContext& c, const Inputs& in);

 private:
  gl::VertexArray emptyVao_;
};

// Structure, region and marker picking: draws the plan's items as ids into a 1x1 target.
class PickPass {
 public:
  PickPass();
  struct Hit { int structure = -1; glm::vec3 point{0.f}; };
  // proj: a pick matrix that maps the one pixel under the cursor onto the target.
  Hit run(const FramePlan& plan, GpuMeshes& meshes, ProgramCache& programs, const glm::mat4& proj);

 private:
  gl::Framebuffer fbo_;
  gl::Texture id_;
  gl::Renderbuffer depth_;
};

}  // namespace psoas
