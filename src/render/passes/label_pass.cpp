#include <algorithm>
#include <cmath>

#include "core/annotations.hpp"
#include "core/pins.hpp"
#include "render/overlay_2d.hpp"
#include "render/pass.hpp"

namespace psoas {

LabelPass::LabelPass() = default;
LabelPass::~LabelPass() = default;

Overlay2D& LabelPass::overlay() {
  if (!overlay_) overlay_ = std::make_unique<Overlay2D>();
  return *overlay_;
}

namespace {
// Pins behind another structure (or behind their own structure's front) are drawn faint, as one on the far
// side of its structure is: the opaque scene's depth at each badge's centre is read back and compared with the
// pin's. One pixel a pin, and a frame has few pins. Translucent structures write no depth: a pin seen through
// a ghosted bone stays at full strength.
void fadeHiddenPins(const PassContext& c, std::vector<AnnotationPin>& pins, int x0, int y0) {
  const FrameTargets& t = c.targets;
  const float tolerance = 0.01f * c.plan.camera.sceneRadius;
  glBindFramebuffer(GL_READ_FRAMEBUFFER, t.sceneFbo.id());
  for (AnnotationPin& p : pins) {
    const int x = int(std::floor(p.at.x)) - x0, y = int(std::floor(p.at.y)) - y0;
    if (x < 0 || y < 0 || x >= t.w || y >= t.h) continue;  // another tile's: its badge is not drawn here
    float depth = 1.f;
    glReadPixels(x * t.ssaa + t.ssaa / 2, (t.h - 1 - y) * t.ssaa + t.ssaa / 2, 1, 1, GL_DEPTH_COMPONENT, GL_FLOAT, &depth);
    if (pinBehindScene(c.proj, p.depth, depth, tolerance)) p.alpha = std::min(p.alpha, kPinFaintAlpha);
  }
}
}  // namespace

// Labels and legend, premultiplied, at the output size; the resolve lays them over the scene.
void LabelPass::run(PassContext& c) {
  const FrameTargets& t = c.targets;
  if (generation_ != t.generation) {
    generation_ = t.generation;
    labels_ = gl::makeTexture2D(t.w, t.h, GL_RGBA8, GL_RGBA, GL_UNSIGNED_BYTE);
    fbo_ = framebufferFor(labels_, "overlay", t.coverage ? &t.depth : nullptr);  // labels mark the coverage too
  }
  const FrameOptions& f = c.frame;
  const int x0 = f.fullWidth > 0 ? f.regionX : 0, y0 = f.fullWidth > 0 ? f.regionY : 0;
  const Annotations* notes = c.plan.labels;
  Annotations faded;
  if (!notes->pins.empty()) {
    faded = *notes;
    fadeHiddenPins(c, faded.pins, x0, y0);
    notes = &faded;
  }
  glBindFramebuffer(GL_FRAMEBUFFER, fbo_.id());
  glViewport(0, 0, t.w, t.h);
  glClearColor(0, 0, 0, 0);
  glClear(GL_COLOR_BUFFER_BIT);
  int fw = f.fullWidth > 0 ? f.fullWidth : t.w, fh = f.fullHeight > 0 ? f.fullHeight : t.h;
  overlay().draw(*notes, fw, fh, x0, y0, t.w, t.h);
}

}  // namespace psoas
