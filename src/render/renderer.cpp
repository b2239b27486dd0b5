#include "render/renderer.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>

#include "core/atlas.hpp"
#include "core/errors.hpp"
#include "core/scene_state.hpp"
#include "render/gl_debug.hpp"
#include "render/overlay_2d.hpp"
#include "render/pass.hpp"

namespace psoas {

struct Renderer::Passes {
  GpuMeshes meshes;
  ProgramCache programs;
  std::unique_ptr<FrameTargets> targets;
  long generation = 0;
  OpaquePass opaque;
  TranslucentPass translucent;
  SelectionPass selection;
  LabelPass labels;
  DepthCuePass depthCue;
  ResolvePass resolve;
  PickPass pick;
};

namespace {
// Wall time per pass for benchmarks; does nothing (and does not stall the driver) unless asked.
class PassClock {
 public:
  explicit PassClock(PassTimes* out) : out_(out) {
    if (out_) { glFinish(); last_ = std::chrono::steady_clock::now(); }
  }
  void lap(double PassTimes::*field) {
    if (!out_) return;
    glFinish();
    auto now = std::chrono::steady_clock::now();
    out_->*field = std::chrono::duration<double, std::milli>(now - last_).count();
    last_ = now;
  }

 private:
  PassTimes* out_;
  std::chrono::steady_clock::time_point last_;
};
}  // namespace

Renderer::Renderer() : passes_(std::make_unique<Passes>()) {
  if (glDebugEnabled()) checkGlErrors("renderer setup");
}

Renderer::~Renderer() = default;

int Renderer::maxOutputSize() {
  GLint tex = 0, rb = 0;
  glGetIntegerv(GL_MAX_TEXTURE_SIZE, &tex);
  glGetIntegerv(GL_MAX_RENDERBUFFER_SIZE, &rb);
  return std::min(tex, rb);
}

void Renderer::forgetMeshes() { passes_->meshes.forget(); }

void Renderer::warmUp() {
  Atlas tiny;
  auto mesh = std::make_shared<Mesh>();
  mesh->positions = {{-1, -1, 0}, {1, -1, 0}, {0, 1, 0}};
  mesh->normals = {{0, 0, 1}, {0, 0, 1}, {0, 0, 1}};
  mesh->indices = {0, 1, 2};
  mesh->computeBounds();
  for (int k = 0; k < 2; ++k) {
    Structure s;
    s.id = k == 0 ? "solid" : "glass";
    s.mesh = mesh;
    s.opacity = k == 0 ? 1.f : 0.5f;
    tiny.structures.push_back(s);
  }
  SceneState st = SceneState::fromAtlas(tiny);
  st.camera = fitCamera(standardViews().front(), tiny.bounds(), 1.f);
  // The variants a viewer's first frames use: a draft without supersampling, then the refined frame;
  // nothing selected yet (a selection's variant is compiled when one is first made).
  for (int ssaa : {1, 2}) render(tiny, st, {16, 16, ssaa, 1.f});
  pick(tiny, st, 16, 16, {8.f, 8.f});
  passes_->meshes.forget();
  passes_->targets.reset();
}

void Renderer::ensureTargets(int w, int h, int ssaa) {
  auto& current = passes_->targets;
  if (current && current->w == w && current->h == h && current->ssaa == ssaa) return;
  int limit = maxOutputSize();
  if (w * ssaa > limit || h * ssaa > limit)
    throw RenderError("a " + std::to_string(w) + "x" + std::to_string(h) + " image with supersampling " +
                      std::to_string(ssaa) + " exceeds this GPU's texture limit of " + std::to_string(limit) +
                      " pixels; lower the size or --ssaa");
  current.reset();
  auto t = std::make_unique<FrameTargets>();
  t->w = w; t->h = h; t->ssaa = ssaa;
  t->generation = ++passes_->generation;
  int W = w * ssaa, H = h * ssaa;
  t->opaque = gl::makeTexture2D(W, H, GL_RGBA16F, GL_RGBA, GL_HALF_FLOAT);
  t->coverage = ssaa == 1;
  t->depth = t->coverage ? gl::makeTexture2D(W, H, GL_DEPTH32F_STENCIL8, GL_DEPTH_STENCIL, GL_FLOAT_32_UNSIGNED_INT_24_8_REV)
                         : gl::makeTexture2D(W, H, GL_DEPTH_COMPONENT32F, GL_DEPTH_COMPONENT, GL_FLOAT);
  t->output = gl::makeTexture2D(w, h, GL_RGBA8, GL_RGBA, GL_UNSIGNED_BYTE);
  t->sceneFbo = gl::Framebuffer::create();
  glBindFramebuffer(GL_FRAMEBUFFER, t->sceneFbo.id());
  glFramebufferTexture2D(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_TEXTURE_2D, t->opaque.id(), 0);
  glFramebufferTexture2D(GL_FRAMEBUFFER, t->depthAttachment(), GL_TEXTURE_2D, t->depth.id(), 0);
  checkFramebuffer("scene");
  t->outputFbo = framebufferFor(t->output, "output", t->coverage ? &t->depth : nullptr);
  glBindFramebuffer(GL_FRAMEBUFFER, 0);
  current = std::move(t);
}

glm::mat4 Renderer::projection(const FramePlan& plan, const FrameOptions& frame) const {
  const FrameTargets& t = *passes_->targets;
  if (frame.fullWidth <= 0 || frame.fullHeight <= 0) return plan.camera.projection(float(t.w) / float(t.h));
  // Zoom the full image's projection onto this tile (like a pick matrix, over a rectangle).
  float fw = float(frame.fullWidth), fh = float(frame.fullHeight);
  float sx = fw / float(t.w), sy = fh / float(t.h);
  float cx = 2.f * (float(frame.regionX) + float(t.w) * 0.5f) / fw - 1.f;
  float cy = 1.f - 2.f * (float(frame.regionY) + float(t.h) * 0.5f) / fh;
  glm::mat4 region(1.f);
  region[0][0] = sx;
  region[1][1] = sy;
  region[3][0] = -sx * cx;
  region[3][1] = -sy * cy;
  return region * plan.camera.projection(fw / fh);
}

void Renderer::render(const Atlas& atlas, const SceneState& state, const FrameOptions& frame) {
  render(buildFramePlan(atlas, state, Interaction{}, frame), frame);
}

void Renderer::render(const FramePlan& plan, const FrameOptions& frame) {
  if (frame.width < 1 || frame.height < 1) throw RenderError("image size must be at least 1x1");
  const int ssaa = std::clamp(frame.ssaa, 1, 4);
  ensureTargets(frame.width, frame.height, ssaa);
  Passes& p = *passes_;
  FrameTargets& t = *p.targets;
  PassContext c{plan, frame, t, p.meshes, p.programs};
  c.view = plan.camera.view();
  c.proj = projection(plan, frame);
  if (frame.fullWidth > 0) c.tileOrigin = {frame.regionX * ssaa, (frame.fullHeight - frame.regionY - t.h) * ssaa};

  PassClock clock(frame.passTimes);
  p.meshes.beginFrame(frame.flushEveryTriangles);
  glViewport(0, 0, t.w * ssaa, t.h * ssaa);
  glDisable(GL_BLEND);
  glDisable(GL_CULL_FACE);
  glEnable(GL_DEPTH_TEST);
  glDepthFunc(GL_LESS);
  if (plan.cut) glEnable(GL_CLIP_DISTANCE0);
  ResolvePass::Inputs done;
  p.opaque.run(c);
  clock.lap(&PassTimes::opaque);
  if (TranslucentPass::wanted(plan)) { p.translucent.run(c); done.translucent = &p.translucent; }
  clock.lap(&PassTimes::translucent);
  if (SelectionPass::wanted(plan)) { p.selection.run(c); done.selection = &p.selection; }
  glDisable(GL_CLIP_DISTANCE0);
  clock.lap(&PassTimes::mask);
  if (LabelPass::wanted(plan)) { p.labels.run(c); done.labels = &p.labels; }
  clock.lap(&PassTimes::overlay);
  glDisable(GL_DEPTH_TEST);
  glActiveTexture(GL_TEXTURE1);  // the depth cue and the resolve read depth from unit 1
  glBindTexture(GL_TEXTURE_2D, t.depth.id());
  glActiveTexture(GL_TEXTURE0);
  if (DepthCuePass::wanted(frame)) { p.depthCue.run(c); done.depthCue = &p.depthCue; }
  clock.lap(&PassTimes::depthCue);
  p.resolve.run(c, done);
  clock.lap(&PassTimes::resolve);
  if (frame.passTimes) frame.passTimes->triangles = p.meshes.trianglesDrawn();
  if (glDebugEnabled()) checkGlErrors("render");
}

glm::vec2 Renderer::measureText(const std::string& text, float px) { return passes_->labels.overlay().measure(text, px); }

Image Renderer::readPixels() const {
  const auto& t = passes_->targets;
  if (!t) throw RenderError("nothing has been rendered yet");
  Image img(t->w, t->h);
  glBindFramebuffer(GL_FRAMEBUFFER, t->outputFbo.id());
  glPixelStorei(GL_PACK_ALIGNMENT, 1);
  glReadPixels(0, 0, img.width, img.height, GL_RGBA, GL_UNSIGNED_BYTE, img.rgba.data());
  glBindFramebuffer(GL_FRAMEBUFFER, 0);
  std::size_t row = std::size_t(img.width) * 4;
  for (int y = 0; y < img.height / 2; ++y)  // GL's first row is the bottom one
    std::swap_ranges(img.rgba.begin() + std::ptrdiff_t(std::size_t(y) * row),
                     img.rgba.begin() + std::ptrdiff_t(std::size_t(y + 1) * row),
                     img.rgba.begin() + std::ptrdiff_t(std::size_t(img.height - 1 - y) * row));
  if (glDebugEnabled()) checkGlErrors("read back");
  return img;
}

GLuint Renderer::outputFramebuffer() const { return passes_->targets ? passes_->targets->outputFbo.id() : 0; }
int Renderer::outputWidth() const { return passes_->targets ? passes_->targets->w : 0; }
int Renderer::outputHeight() const { return passes_->targets ? passes_->targets->h : 0; }

PickHit Renderer::pickHit(const Atlas& atlas, const SceneState& state, int width, int height, glm::vec2 pixel) {
  FrameOptions whole;
  whole.width = width;
  whole.height = height;
  return pickHit(buildFramePlan(atlas, state, Interaction{}, whole), width, height, pixel);
}

PickHit Renderer::pickHit(const FramePlan& plan, int width, int height, glm::vec2 pixel) {
  if (width < 1 || height < 1 || pixel.x < 0 || pixel.y < 0 || pixel.x >= float(width) || pixel.y >= float(height))
    return {};
  // Zoom the projection so that the one pixel under the cursor fills a 1x1 target (a pick matrix).
  float cx = 2.f * (std::floor(pixel.x) + 0.5f) / float(width) - 1.f;
  float cy = 1.f - 2.f * (std::floor(pixel.y) + 0.5f) / float(height);
  glm::mat4 pickM(1.f);
  pickM[0][0] = float(width);
  pickM[1][1] = float(height);
  pickM[3][0] = -float(width) * cx;
  pickM[3][1] = -float(height) * cy;
  glm::mat4 proj = pickM * plan.camera.projection(float(width) / float(height));
  PickPass::Hit hit = passes_->pick.run(plan, passes_->meshes, passes_->programs, proj);
  if (glDebugEnabled()) checkGlErrors("pick");
  return {hit.structure, hit.point};
}

}  // namespace psoas
