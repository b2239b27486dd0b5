#include <algorithm>
#include <string>

#include "core/color.hpp"
#include "core/errors.hpp"
#include "render/pass.hpp"

namespace psoas {

namespace {
constexpr glm::vec3 kHighlight{1.0f, 0.62f, 0.10f};  // sRGB orange: reads on bone, muscle and both backgrounds
}

void checkFramebuffer(const char* what) {
  GLenum s = glCheckFramebufferStatus(GL_FRAMEBUFFER);
  if (s != GL_FRAMEBUFFER_COMPLETE)
    throw RenderError(std::string("framebuffer ") + what + " is incomplete (status " + std::to_string(s) + ")");
}

gl::Framebuffer framebufferFor(const gl::Texture& color, const char* what, const gl::Texture* depthStencil) {
  gl::Framebuffer fbo = gl::Framebuffer::create();
  glBindFramebuffer(GL_FRAMEBUFFER, fbo.id());
  glFramebufferTexture2D(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_TEXTURE_2D, color.id(), 0);
  if (depthStencil) glFramebufferTexture2D(GL_FRAMEBUFFER, GL_DEPTH_STENCIL_ATTACHMENT, GL_TEXTURE_2D, depthStencil->id(), 0);
  checkFramebuffer(what);
  return fbo;
}

ProgramSpec surfaceSpec(bool translucent, bool painted, bool cut) {
  ProgramSpec s{"mesh.vert.glsl", translucent ? "oit.frag.glsl" : "opaque.frag.glsl"};
  if (painted) s.define("REGIONS", 1);
  if (cut) s.define("CUT", 1);
  s.uniform({"u_model", "u_view", "u_proj", "u_color", "u_highlight", "u_highlightColor"});
  if (cut) s.uniform({"u_clip", "u_capNormal"});
  if (painted)
    s.uniform({"u_shapeCount", "u_shapeA", "u_shapeB", "u_shapeF", "u_styleColor", "u_styleInfo", "u_softEdge", "u_dotSpacing",
               "u_lineScale", "u_anyLit"});
  if (translucent) s.uniform({"u_opacity", "u_outline"});
  return s;
}

const ShaderProgram& PassContext::surface(bool translucent, bool painted, bool cut) {
  const ShaderProgram& p = programs.get(surfaceSpec(translucent, painted, cut));
  p.use();
  if (std::find(framed.begin(), framed.end(), &p) != framed.end()) return p;
  framed.push_back(&p);
  p.set("u_view", view);
  p.set("u_proj", proj);
  if (cut) {
    p.set("u_clip", plan.clipPlane);
    glm::vec3 capN = glm::normalize(glm::mat3(view) * -glm::vec3(plan.clipPlane));
    p.set("u_capNormal", capN.z < 0.f ? -capN : capN);
  }
  if (painted) {
    p.setArray("u_styleColor", plan.styleColor, kMaxRegionStyles);
    p.setArray("u_styleInfo", plan.styleInfo, kMaxRegionStyles);
    p.set("u_softEdge", kRegionSoftEdge);
    p.set("u_dotSpacing", 0.0065f);
    p.set("u_lineScale", frame.lineScale * float(targets.ssaa));
    p.set("u_anyLit", plan.anyLit ? 1 : 0);
  }
  return p;
}

void PassContext::setItem(const ShaderProgram& p, const DrawItem& item) const {
  p.set("u_model", item.model);
  p.set("u_color", item.color);
  p.set("u_highlight", item.tint);
  p.set("u_highlightColor", srgbToLinear(kHighlight));
  if (!p.declares("u_shapeCount")) return;
  const int n = int(item.paint.a.size());
  p.set("u_shapeCount", n);
  if (n == 0) return;
  p.setArray("u_shapeA", item.paint.a.data(), n);
  p.setArray("u_shapeB", item.paint.b.data(), n);
  p.setArray("u_shapeF", item.paint.f.data(), n);
}

void PassContext::setDepthUniforms(const ShaderProgram& p) const {
  p.set("u_depth", 1);
  p.set("u_near", plan.camera.nearPlane());
  p.set("u_far", plan.camera.farPlane());
  p.set("u_projScale", proj[1][1] * float(targets.h * targets.ssaa) * 0.5f);
  p.set("u_aoRadius", plan.camera.sceneRadius * 0.05f);
  glUniform2i(p.location("u_tileOrigin"), tileOrigin.x, tileOrigin.y);
}

}  // namespace psoas
