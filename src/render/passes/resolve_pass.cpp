#include <algorithm>
#include <cmath>

#include "core/color.hpp"
#include "render/pass.hpp"

namespace psoas {

namespace {
constexpr glm::vec3 kOutline{1.0f, 0.62f, 0.10f};  // sRGB: the selection's highlight colour

// The pixel rectangle (x, y from the bottom left, width, height) that a box covers on a w x h image,
// widened by `margin` pixels and clipped to the image; the whole image when the box reaches behind the
// camera.
glm::ivec4 screenRect(const Bounds& b, const glm::mat4& viewProj, int w, int h, int margin) {
  glm::vec2 lo(1e9f), hi(-1e9f);
  for (int c = 0; c < 8; ++c) {
    glm::vec4 p = viewProj * glm::vec4(b.corner(c), 1.f);
    if (p.w <= 1e-6f) return {0, 0, w, h};
    glm::vec2 px = (glm::vec2(p) / p.w * 0.5f + 0.5f) * glm::vec2(w, h);
    lo = glm::min(lo, px);
    hi = glm::max(hi, px);
  }
  int x0 = std::max(0, int(std::floor(lo.x)) - margin), y0 = std::max(0, int(std::floor(lo.y)) - margin);
  int x1 = std::min(w, int(std::ceil(hi.x)) + margin), y1 = std::min(h, int(std::ceil(hi.y)) + margin);
  return {x0, y0, std::max(0, x1 - x0), std::max(0, y1 - y0)};
}

ProgramSpec resolveSpec(int ssaa, int aoSamples, bool contours, const ResolvePass::Inputs& in) {
  ProgramSpec s{"fullscreen.vert.glsl", "composite.frag.glsl"};
  s.define("SSAA", ssaa)
      .define("AO_SAMPLES", aoSamples)
      .define("CONTOURS", contours ? 1 : 0)
      .define("TRANSLUCENT", in.translucent ? 1 : 0)
      .define("SELECTION", in.selection ? 1 : 0)
      .define("OVERLAY", in.labels ? 1 : 0);
  s.uniform({"u_opaque", "u_depth", "u_near", "u_far", "u_projScale", "u_aoRadius", "u_tileOrigin", "u_aoStrength",
             "u_edgeStrength", "u_background", "u_outlineColor", "u_outlineWidth"});
  if (in.translucent) s.uniform({"u_accum", "u_weight"});
  if (in.selection) s.uniform({"u_mask"});
  if (in.labels) s.uniform({"u_overlay"});
  if (in.depthCue) s.uniform({"u_ao"});
  return s;
}
}  // namespace

// To the output size; with a coverage stencil, only covered pixels are shaded.
void ResolvePass::run(PassContext& c, const Inputs& in) {
  const FrameTargets& t = c.targets;
  const glm::vec4 background = c.plan.background;
  glBindFramebuffer(GL_FRAMEBUFFER, t.outputFbo.id());
  glViewport(0, 0, t.w, t.h);
  if (t.coverage) {
    if (in.selection) {
      // The selection outline lies just outside the selected shape: its screen rectangle, widened by the
      // outline, counts as covered.
      for (const DrawItem& d : c.plan.outline) {
        glm::ivec4 r = screenRect(d.worldBounds(), c.proj * c.view, t.w, t.h, int(std::ceil(2.5f * c.frame.lineScale)) + 2);
        glEnable(GL_SCISSOR_TEST);
        glScissor(r.x, r.y, r.z, r.w);
        glClearStencil(1);
        glClear(GL_STENCIL_BUFFER_BIT);
        glClearStencil(0);
        glDisable(GL_SCISSOR_TEST);
      }
    }
    // What the resolve writes where nothing was drawn: the background, sRGB with straight alpha.
    glm::vec4 bg = background.a > 0.f ? background : glm::vec4(0.f);
    glClearColor(bg.r, bg.g, bg.b, bg.a);
    glClear(GL_COLOR_BUFFER_BIT);
    glStencilFunc(GL_EQUAL, 1, 0xFF);
    glStencilOp(GL_KEEP, GL_KEEP, GL_KEEP);
  } else {
    glDisable(GL_STENCIL_TEST);
  }
  const ShaderProgram& resolve =
      c.programs.get(resolveSpec(t.ssaa, DepthCuePass::samples(c.frame), c.frame.contours, in));
  resolve.use();
  const gl::Texture* none = nullptr;
  const std::pair<const char*, const gl::Texture*> inputs[] = {
      {"u_opaque", &t.opaque},
      {"u_depth", &t.depth},
      {"u_accum", in.translucent ? &in.translucent->accum() : none},
      {"u_weight", in.translucent ? &in.translucent->weight() : none},
      {"u_mask", in.selection ? &in.selection->mask() : none},
      {"u_overlay", in.labels ? &in.labels->labels() : none},
      {"u_ao", in.depthCue ? &in.depthCue->cue() : none}};
  for (int k = 0; k < 7; ++k) {
    glActiveTexture(GLenum(GL_TEXTURE0 + k));
    glBindTexture(GL_TEXTURE_2D, inputs[k].second ? inputs[k].second->id() : 0);
    if (inputs[k].second) resolve.set(inputs[k].first, k);
  }
  glActiveTexture(GL_TEXTURE0);
  c.setDepthUniforms(resolve);
  resolve.set("u_aoStrength", 0.55f);
  resolve.set("u_edgeStrength", 0.35f);
  glm::vec3 bg = srgbToLinear(glm::vec3(background));
  resolve.set("u_background", glm::vec4(bg * background.a, background.a));
  resolve.set("u_outlineColor", srgbToLinear(kOutline));
  resolve.set("u_outlineWidth", 2.5f * c.frame.lineScale);
  if (!emptyVao_) emptyVao_ = gl::VertexArray::create();
  glBindVertexArray(emptyVao_.id());
  glDrawArrays(GL_TRIANGLES, 0, 3);
  glBindVertexArray(0);
  glDisable(GL_STENCIL_TEST);
  glEnable(GL_DEPTH_TEST);
  glBindFramebuffer(GL_FRAMEBUFFER, 0);
}

}  // namespace psoas
