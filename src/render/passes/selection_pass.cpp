#include "render/pass.hpp"

namespace psoas {

ProgramSpec maskSpec() {
  return ProgramSpec{"pick.vert.glsl", "mask.frag.glsl"}.uniform({"u_model", "u_view", "u_proj", "u_clip"});
}

// The selection's silhouette, drawn through everything so a hidden selection still shows where it is;
// the resolve turns the mask's edge into the outline.
void SelectionPass::run(PassContext& c) {
  if (generation_ != c.targets.generation) {
    generation_ = c.targets.generation;
    mask_ = gl::makeTexture2D(c.targets.w * c.targets.ssaa, c.targets.h * c.targets.ssaa, GL_R8, GL_RED, GL_UNSIGNED_BYTE);
    fbo_ = framebufferFor(mask_, "selection mask");
  }
  glBindFramebuffer(GL_FRAMEBUFFER, fbo_.id());
  glClearColor(0, 0, 0, 0);
  glClear(GL_COLOR_BUFFER_BIT);
  glDisable(GL_DEPTH_TEST);
  const ShaderProgram& mask = c.programs.get(maskSpec());
  mask.use();
  mask.set("u_view", c.view);
  mask.set("u_proj", c.proj);
  mask.set("u_clip", c.plan.clipPlane);
  for (const DrawItem& d : c.plan.outline) {
    mask.set("u_model", d.model);
    c.meshes.draw(d);
  }
  glEnable(GL_DEPTH_TEST);
}

}  // namespace psoas
