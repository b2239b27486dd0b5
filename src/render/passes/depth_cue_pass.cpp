#include <algorithm>

#include "render/pass.hpp"

namespace psoas {

int DepthCuePass::samples(const FrameOptions& frame) { return std::clamp(frame.aoSamples, 0, 32); }

// The ambient-occlusion-like depth cue at half the output size (rounded up): see ao.frag.glsl.
void DepthCuePass::run(PassContext& c) {
  const FrameTargets& t = c.targets;
  const int aw = (t.w + 1) / 2, ah = (t.h + 1) / 2;
  if (generation_ != t.generation) {
    generation_ = t.generation;
    ao_ = gl::makeTexture2D(aw, ah, GL_RG16F, GL_RG, GL_HALF_FLOAT);
    fbo_ = framebufferFor(ao_, "depth cue");
    coverage_.reset();
    if (t.coverage) {
      coverage_ = gl::Renderbuffer::create();
      glBindRenderbuffer(GL_RENDERBUFFER, coverage_.id());
      glRenderbufferStorage(GL_RENDERBUFFER, GL_DEPTH32F_STENCIL8, aw, ah);
      glBindRenderbuffer(GL_RENDERBUFFER, 0);
      glFramebufferRenderbuffer(GL_FRAMEBUFFER, GL_DEPTH_STENCIL_ATTACHMENT, GL_RENDERBUFFER, coverage_.id());
      checkFramebuffer("depth cue with coverage");
    }
  }
  if (!emptyVao_) emptyVao_ = gl::VertexArray::create();
  glBindFramebuffer(GL_FRAMEBUFFER, fbo_.id());
  glViewport(0, 0, aw, ah);
  if (t.coverage) {
    // Only texels whose sample pixel has a surface are shaded (a one-fetch pass marks them in the
    // stencil); the others keep "nothing here" (depth 6e4), what the cue would write there.
    const ShaderProgram& mark =
        c.programs.get(ProgramSpec{"fullscreen.vert.glsl", "coverage.frag.glsl"}.uniform({"u_depth"}));
    mark.use();
    mark.set("u_depth", 1);
    glClearStencil(0);
    glClear(GL_STENCIL_BUFFER_BIT);
    glColorMask(GL_FALSE, GL_FALSE, GL_FALSE, GL_FALSE);
    glStencilFunc(GL_ALWAYS, 1, 0xFF);
    glStencilOp(GL_KEEP, GL_KEEP, GL_REPLACE);
    glBindVertexArray(emptyVao_.id());
    glDrawArrays(GL_TRIANGLES, 0, 3);
    glColorMask(GL_TRUE, GL_TRUE, GL_TRUE, GL_TRUE);
    glClearColor(0.f, 6e4f, 0.f, 0.f);
    glClear(GL_COLOR_BUFFER_BIT);
    glStencilFunc(GL_EQUAL, 1, 0xFF);
    glStencilOp(GL_KEEP, GL_KEEP, GL_KEEP);
  }
  const ShaderProgram& cue = c.programs.get(ProgramSpec{"fullscreen.vert.glsl", "ao.frag.glsl"}
                                                .define("SSAA", t.ssaa)
                                                .define("AO_SAMPLES", samples(c.frame))
                                                .uniform({"u_depth", "u_near", "u_far", "u_projScale", "u_aoRadius",
                                                          "u_tileOrigin"}));
  cue.use();
  c.setDepthUniforms(cue);
  glBindVertexArray(emptyVao_.id());
  glDrawArrays(GL_TRIANGLES, 0, 3);
  glBindVertexArray(0);
}

}  // namespace psoas
