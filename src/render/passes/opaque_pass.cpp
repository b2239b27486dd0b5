#include "render/pass.hpp"

namespace psoas {

void OpaquePass::run(PassContext& c) {
  glBindFramebuffer(GL_FRAMEBUFFER, c.targets.sceneFbo.id());
  glDepthMask(GL_TRUE);
  glClearColor(0, 0, 0, 0);
  glClearDepth(1.0);
  glStencilMask(0xFF);
  glClearStencil(0);
  glClear(GL_COLOR_BUFFER_BIT | GL_DEPTH_BUFFER_BIT | GL_STENCIL_BUFFER_BIT);
  // Every fragment drawn from here to the labels marks its pixel as covered (targets without a stencil
  // ignore this).
  glEnable(GL_STENCIL_TEST);
  glStencilFunc(GL_ALWAYS, 1, 0xFF);
  glStencilOp(GL_KEEP, GL_KEEP, GL_REPLACE);
  for (const DrawItem& d : c.plan.opaque) {
    // Back faces of a closed surface are never seen, unless a cut opens it (then they draw the cut face);
    // skipping them halves the rasteriser's work.
    if (d.cull) glEnable(GL_CULL_FACE);
    else glDisable(GL_CULL_FACE);
    if (d.paint.empty()) {
      c.setItem(c.surface(false, false, d.cut), d);
      c.meshes.draw(d);
    } else {
      // Only the triangles the regions reach pay for the paint.
      PaintSplit sp = c.meshes.split(d);
      c.setItem(c.surface(false, false, d.cut), d);
      c.meshes.drawElements(sp.farVao, sp.farCount);
      c.setItem(c.surface(false, true, d.cut), d);
      c.meshes.drawElements(sp.nearVao, sp.nearCount);
    }
  }
  glDisable(GL_CULL_FACE);
  // Markers are drawn with back faces culled, so the cut variant only clips them.
  if (c.plan.markers.empty()) return;
  glEnable(GL_CULL_FACE);
  for (const DrawItem& m : c.plan.markers) {
    c.setItem(c.surface(false, false, m.cut), m);
    c.meshes.draw(m);
  }
  glDisable(GL_CULL_FACE);
}

}  // namespace psoas
