#include "core/annotations.hpp"
#include "render/overlay_2d.hpp"
#include "render/pass.hpp"

namespace psoas {

LabelPass::LabelPass() = default;
LabelPass::~LabelPass() = default;

Overlay2D& LabelPass::overlay() {
  if (!overlay_) overlay_ = std::make_unique<Overlay2D>();
  return *overlay_;
}

// Labels and legend, premultiplied, at the output size; the resolve lays them over the scene.
void LabelPass::run(PassContext& c) {
  const FrameTargets& t = c.targets;
  if (generation_ != t.generation) {
    generation_ = t.generation;
    labels_ = gl::makeTexture2D(t.w, t.h, GL_RGBA8, GL_RGBA, GL_UNSIGNED_BYTE);
    fbo_ = framebufferFor(labels_, "overlay", t.coverage ? &t.depth : nullptr);  // labels mark the coverage too
  }
  glBindFramebuffer(GL_FRAMEBUFFER, fbo_.id());
  glViewport(0, 0, t.w, t.h);
  glClearColor(0, 0, 0, 0);
  glClear(GL_COLOR_BUFFER_BIT);
  const FrameOptions& f = c.frame;
  int fw = f.fullWidth > 0 ? f.fullWidth : t.w, fh = f.fullHeight > 0 ? f.fullHeight : t.h;
  overlay().draw(*c.plan.labels, fw, fh, f.fullWidth > 0 ? f.regionX : 0, f.fullWidth > 0 ? f.regionY : 0, t.w, t.h);
}

}  // namespace psoas
