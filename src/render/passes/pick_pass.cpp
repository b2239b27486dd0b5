#include "render/pass.hpp"

namespace psoas {

namespace {
ProgramSpec pickSpec() {
  return ProgramSpec{"pick.vert.glsl", "pick.frag.glsl"}.uniform({"u_model", "u_view", "u_proj", "u_clip", "u_id"});
}
// Painted regions answer where they are painted, on surfaces too faint (or hidden) to be picked themselves.
ProgramSpec regionPickSpec() {
  return ProgramSpec{"mesh.vert.glsl", "region_pick.frag.glsl"}
      .define("REGIONS", 1)
      .define("CUT", 1)
      .uniform({"u_model", "u_view", "u_proj", "u_clip", "u_id", "u_shapeCount", "u_shapeA", "u_shapeB", "u_shapeF", "u_styleColor",
                "u_styleInfo", "u_softEdge", "u_dotSpacing", "u_lineScale", "u_anyLit"});
}
}  // namespace

PickPass::PickPass() {
  fbo_ = gl::Framebuffer::create();
  id_ = gl::makeTexture2D(1, 1, GL_R32UI, GL_RED_INTEGER, GL_UNSIGNED_INT);
  depth_ = gl::Renderbuffer::create();
  glBindRenderbuffer(GL_RENDERBUFFER, depth_.id());
  glRenderbufferStorage(GL_RENDERBUFFER, GL_DEPTH_COMPONENT24, 1, 1);
  glBindFramebuffer(GL_FRAMEBUFFER, fbo_.id());
  glFramebufferTexture2D(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_TEXTURE_2D, id_.id(), 0);
  glFramebufferRenderbuffer(GL_FRAMEBUFFER, GL_DEPTH_ATTACHMENT, GL_RENDERBUFFER, depth_.id());
  checkFramebuffer("pick");
  glBindFramebuffer(GL_FRAMEBUFFER, 0);
}

// Surfaces at least half opaque win; fainter ones are picked only where nothing else is.
PickPass::Hit PickPass::run(const FramePlan& plan, GpuMeshes& meshes, ProgramCache& programs, const glm::mat4& proj) {
  meshes.beginFrame(0);
  const glm::mat4 view = plan.camera.view();
  glBindFramebuffer(GL_FRAMEBUFFER, fbo_.id());
  glViewport(0, 0, 1, 1);
  glDisable(GL_BLEND);
  glEnable(GL_DEPTH_TEST);
  glDepthMask(GL_TRUE);
  if (plan.cut) glEnable(GL_CLIP_DISTANCE0);
  const ShaderProgram& pick = programs.get(pickSpec());
  const ShaderProgram& regionPick = programs.get(regionPickSpec());
  regionPick.use();
  regionPick.set("u_view", view);
  regionPick.set("u_proj", proj);
  regionPick.set("u_clip", plan.clipPlane);
  regionPick.setArray("u_styleColor", plan.styleColor, kMaxRegionStyles);
  regionPick.setArray("u_styleInfo", plan.styleInfo, kMaxRegionStyles);
  regionPick.set("u_softEdge", kRegionSoftEdge);
  regionPick.set("u_dotSpacing", 0.0065f);
  regionPick.set("u_lineScale", 1.f);
  regionPick.set("u_anyLit", plan.anyLit ? 1 : 0);
  pick.use();
  pick.set("u_view", view);
  pick.set("u_proj", proj);
  pick.set("u_clip", plan.clipPlane);
  const std::vector<const DrawItem*> items = plan.structuresInOrder();
  Hit result;
  for (float minOpacity : {0.5f, 0.f}) {
    const GLuint zero[] = {0, 0, 0, 0};
    glClearBufferuiv(GL_COLOR, 0, zero);
    glClear(GL_DEPTH_BUFFER_BIT);
    pick.use();
    auto solid = [&](const DrawItem& d) { return d.opacity > 0.f && d.opacity >= minOpacity; };
    for (const DrawItem* d : items) {
      if (!solid(*d)) continue;
      pick.set("u_model", d->model);
      pick.setUint("u_id", GLuint(d->structure + 1));
      meshes.drawElements(meshes.of(*d).vao.id(), meshes.of(*d).count);
    }
    regionPick.use();
    for (const DrawItem* d : items) {
      if (solid(*d) || d->paint.empty()) continue;
      regionPick.set("u_model", d->model);
      const int n = int(d->paint.a.size());
      regionPick.set("u_shapeCount", n);
      regionPick.setArray("u_shapeA", d->paint.a.data(), n);
      regionPick.setArray("u_shapeB", d->paint.b.data(), n);
      regionPick.setArray("u_shapeF", d->paint.f.data(), n);
      regionPick.setUint("u_id", GLuint(d->structure + 1));
      meshes.drawElements(meshes.of(*d).vao.id(), meshes.of(*d).count);
    }
    GLuint id = 0;
    glReadPixels(0, 0, 1, 1, GL_RED_INTEGER, GL_UNSIGNED_INT, &id);
    if (id) {
      float depth = 1.f;
      glReadPixels(0, 0, 1, 1, GL_DEPTH_COMPONENT, GL_FLOAT, &depth);
      // Back from the pick matrix's clip space to the world: the 1x1 target's centre is the pixel.
      glm::vec4 p = glm::inverse(proj * view) * glm::vec4(0.f, 0.f, depth * 2.f - 1.f, 1.f);
      result.structure = int(id) - 1;
      result.point = glm::vec3(p) / p.w;
      break;
    }
  }
  glDisable(GL_CLIP_DISTANCE0);
  glBindFramebuffer(GL_FRAMEBUFFER, 0);
  return result;
}

}  // namespace psoas
