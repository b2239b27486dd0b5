#include "render/pass.hpp"

namespace psoas {

// Made when a frame first needs them: a figure without transparency never pays their memory.
void TranslucentPass::ensureTargets(const FrameTargets& t) {
  if (generation_ == t.generation) return;
  generation_ = t.generation;
  int W = t.w * t.ssaa, H = t.h * t.ssaa;
  accum_ = gl::makeTexture2D(W, H, GL_RGBA16F, GL_RGBA, GL_HALF_FLOAT);
  weight_ = gl::makeTexture2D(W, H, GL_R16F, GL_RED, GL_HALF_FLOAT);
  fbo_ = gl::Framebuffer::create();
  glBindFramebuffer(GL_FRAMEBUFFER, fbo_.id());
  glFramebufferTexture2D(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_TEXTURE_2D, accum_.id(), 0);
  glFramebufferTexture2D(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT1, GL_TEXTURE_2D, weight_.id(), 0);
  glFramebufferTexture2D(GL_FRAMEBUFFER, t.depthAttachment(), GL_TEXTURE_2D, t.depth.id(), 0);
  const GLenum two[] = {GL_COLOR_ATTACHMENT0, GL_COLOR_ATTACHMENT1};
  glDrawBuffers(2, two);
  checkFramebuffer("transparency");
}

// Translucent surfaces, in any order, tested against the opaque depth.
void TranslucentPass::run(PassContext& c) {
  ensureTargets(c.targets);
  glBindFramebuffer(GL_FRAMEBUFFER, fbo_.id());
  const GLfloat clearAccum[] = {0, 0, 0, 1}, clearWeight[] = {0, 0, 0, 0};
  glClearBufferfv(GL_COLOR, 0, clearAccum);
  glClearBufferfv(GL_COLOR, 1, clearWeight);
  glDepthMask(GL_FALSE);
  glEnable(GL_BLEND);
  glBlendFuncSeparate(GL_ONE, GL_ONE, GL_ZERO, GL_ONE_MINUS_SRC_ALPHA);
  for (const DrawItem& d : c.plan.translucent) {
    const bool painted = !d.paint.empty();
    // Only front faces carry regions. A closed painted surface is drawn in two halves, so that its back
    // faces skip the region work (a software rasteriser would do it and throw it away).
    const bool split = painted && d.cull;
    // Without opacity or outline only the paint shows: the rest of the surface would be discarded.
    const bool onlyPaint = d.opacity <= 0.f && !d.outline;
    auto draw = [&](bool withRegions, GLuint vao, GLsizei count) {
      const ShaderProgram& p = c.surface(true, withRegions, d.cut);
      c.setItem(p, d);
      p.set("u_opacity", d.opacity);
      p.set("u_outline", d.outline ? 1 : 0);
      c.meshes.drawElements(vao, count);
    };
    for (int half = 0; half < (split ? 2 : 1); ++half) {
      if (split) {
        glEnable(GL_CULL_FACE);
        glCullFace(half == 0 ? GL_FRONT : GL_BACK);
      }
      if (!painted || (split && half == 0)) {
        if (onlyPaint) continue;
        auto [vao, count] = c.meshes.of(d).at(d.level);
        draw(false, vao, count);
      } else {
        PaintSplit sp = c.meshes.split(d);
        if (!onlyPaint) draw(false, sp.farVao, sp.farCount);
        draw(true, sp.nearVao, sp.nearCount);
      }
    }
    if (split) {
      glCullFace(GL_BACK);
      glDisable(GL_CULL_FACE);
    }
  }
  glDisable(GL_BLEND);
  glDepthMask(GL_TRUE);
}

}  // namespace psoas
