#include "render/renderer.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdlib>

#include <glm/gtc/matrix_transform.hpp>

#include "core/atlas.hpp"
#include "core/color.hpp"
#include "core/errors.hpp"
#include "core/scene_state.hpp"
#include "render/gl_debug.hpp"
#include "render/overlay_2d.hpp"

namespace psoas {

struct Renderer::GpuMesh {
  const Mesh* source = nullptr;
  const std::vector<MeshLod>* lodSource = nullptr;
  gl::VertexArray vao;
  gl::Buffer vbo, ibo;
  GLsizei count = 0;
  // Simplified versions: shorter index lists over the same vertex buffer, finest first.
  struct Level {
    gl::VertexArray vao;
    gl::Buffer ibo;
    GLsizei count = 0;
    float error = 0.f;
  };
  std::vector<Level> levels;
  // The vertex array and index count of `level` (-1, or a level this mesh lacks: the full mesh).
  std::pair<GLuint, GLsizei> at(int level) const {
    if (level < 0 || std::size_t(level) >= levels.size()) return {vao.id(), count};
    return {levels[std::size_t(level)].vao.id(), levels[std::size_t(level)].count};
  }
  // A painted mesh (at one level, -1: full) split into the triangles the regions can reach and the rest,
  // for these shapes.
  struct Split {
    std::vector<Shape> shapes;
    gl::VertexArray nearVao, farVao;
    gl::Buffer nearIbo, farIbo;
    GLsizei nearCount = 0, farCount = 0;
  };
  std::map<int, Split> splits;
  std::size_t normalsAt = 0;  // byte offset of the normals in vbo
  bool closed = false;
};

struct Renderer::Targets {
  int w = 0, h = 0, ssaa = 0;
  // Without supersampling the scene and the output have one size, and the depth target carries a stencil
  // of the pixels anything was drawn on (surfaces, labels): the resolve shades only those, the rest is
  // cleared to the background. Most of a frame is background.
  bool coverage = false;
  GLenum depthAttachment() const { return coverage ? GL_DEPTH_STENCIL_ATTACHMENT : GL_DEPTH_ATTACHMENT; }
  gl::Texture opaque, depth, accum, weight, mask, overlay, ao, output;
  gl::Renderbuffer aoCoverage;  // the coverage stencil at the depth cue's size
  gl::Framebuffer sceneFbo, oitFbo, maskFbo, overlayFbo, aoFbo, outputFbo;
  void needTranslucency();
  void needMask();
  void needOverlay();
  void needDepthCue();
};

// Shapes of the regions shown, per structure they are painted on, as the shaders take them.
struct Renderer::RegionUniforms {
  static constexpr int kMaxShapes = kMaxRegionShapes, kMaxStyles = kMaxRegionStyles;  // shaders/regions.glsl has them too
  static constexpr float kSoftEdge = 0.004f;  // metres: how far outside its shapes a region's edge fades
  std::vector<std::vector<glm::vec4>> a, b;  // per structure
  std::vector<std::vector<Shape>> shapes;    // the same, per structure
  std::vector<bool> keepWhenHidden;          // carries referral regions: drawn even when hidden
  bool anyLit = false;
  glm::vec4 styleColor[kMaxStyles]{}, styleInfo[kMaxStyles]{};

  void build(const Atlas& atlas, const SceneState& state) {
    a.assign(atlas.structures.size(), {});
    b.assign(atlas.structures.size(), {});
    shapes.assign(atlas.structures.size(), {});
    keepWhenHidden.assign(atlas.structures.size(), false);
    for (std::size_t s = 0; s < atlas.regionStyles.size() && s < kMaxStyles; ++s) {
      const RegionStyle& st = atlas.regionStyles[s];
      styleColor[s] = glm::vec4(srgbToLinear(st.color), 0.9f * std::clamp(state.overlayIntensity, 0.1f, 1.f));
      styleInfo[s] = glm::vec4(st.pattern == RegionStyle::Pattern::Stipple ? 1.f : 0.f, st.border ? 1.f : 0.f, 0, 0);
    }
    anyLit = false;
    for (int r : state.activeRegions(atlas)) {
      const Region& reg = atlas.regions[std::size_t(r)];
      bool lit = r == state.selectedRegion ||
                 std::find(state.highlighted.begin(), state.highlighted.end(), r) != state.highlighted.end();
      float code = float(reg.style + (lit ? kMaxStyles : 0));
      anyLit = anyLit || lit;
      bool referral = atlas.overlays[std::size_t(reg.overlay)].layer == Overlay::Layer::Referral;
      for (int on : reg.on) {
        auto& A = a[std::size_t(on)];
        auto& B = b[std::size_t(on)];
        if (referral) keepWhenHidden[std::size_t(on)] = true;
        const auto& mesh = atlas.structures[std::size_t(on)].mesh;
        for (const Shape& sh : reg.shapes) {
          if (int(A.size()) >= kMaxShapes) break;  // never: the atlas loader refuses more
          // Every fragment tests every shape it gets: give a mesh only the shapes that can reach it.
          if (mesh && !overlaps(shapeBounds(sh), mesh->bounds)) continue;
          A.push_back(glm::vec4(sh.a, sh.radius));
          B.push_back(glm::vec4(sh.b, code));
          shapes[std::size_t(on)].push_back(sh);
        }
      }
    }
  }
  void setStyles(const ShaderProgram& p, float lineScale) const {
    glUniform4fv(p.location("u_styleColor"), kMaxStyles, &styleColor[0].x);
    glUniform4fv(p.location("u_styleInfo"), kMaxStyles, &styleInfo[0].x);
    p.set("u_softEdge", kSoftEdge);
    p.set("u_dotSpacing", 0.0065f);
    p.set("u_lineScale", lineScale);
    p.set("u_anyLit", anyLit ? 1 : 0);
  }
  void setShapes(const ShaderProgram& p, std::size_t structure) const {
    GLsizei n = structure < a.size() ? GLsizei(a[structure].size()) : 0;
    p.set("u_shapeCount", int(n));
    if (n == 0) return;
    glUniform4fv(p.location("u_shapeA"), n, &a[structure][0].x);
    glUniform4fv(p.location("u_shapeB"), n, &b[structure][0].x);
  }
};

namespace {
void checkFramebuffer(const char* what) {
  GLenum s = glCheckFramebufferStatus(GL_FRAMEBUFFER);
  if (s != GL_FRAMEBUFFER_COMPLETE)
    throw RenderError(std::string("framebuffer ") + what + " is incomplete (status " + std::to_string(s) + ")");
}

// A framebuffer that draws into `color` (and `depthStencil`, when given; left bound).
gl::Framebuffer framebufferFor(const gl::Texture& color, const char* what, const gl::Texture* depthStencil = nullptr) {
  gl::Framebuffer fbo = gl::Framebuffer::create();
  glBindFramebuffer(GL_FRAMEBUFFER, fbo.id());
  glFramebufferTexture2D(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_TEXTURE_2D, color.id(), 0);
  if (depthStencil) glFramebufferTexture2D(GL_FRAMEBUFFER, GL_DEPTH_STENCIL_ATTACHMENT, GL_TEXTURE_2D, depthStencil->id(), 0);
  checkFramebuffer(what);
  return fbo;
}

constexpr glm::vec3 kHighlight{1.0f, 0.62f, 0.10f};  // sRGB orange: reads on bone, muscle and both backgrounds

// Positions, then normals, in one buffer (`normalsAt` bytes in), with `indices` as the element buffer.
// Not interleaved: the mesh's own arrays go up as they are, without a copy the size of the mesh.
void bindVertexLayout(const gl::VertexArray& vao, const gl::Buffer& vbo, const gl::Buffer& ibo,
                      const std::vector<std::uint32_t>& indices, std::size_t normalsAt) {
  glBindVertexArray(vao.id());
  glBindBuffer(GL_ARRAY_BUFFER, vbo.id());
  glBindBuffer(GL_ELEMENT_ARRAY_BUFFER, ibo.id());
  glBufferData(GL_ELEMENT_ARRAY_BUFFER, GLsizeiptr(indices.size() * 4), indices.data(), GL_STATIC_DRAW);
  glEnableVertexAttribArray(0);
  glVertexAttribPointer(0, 3, GL_FLOAT, GL_FALSE, 12, nullptr);
  glEnableVertexAttribArray(1);
  glVertexAttribPointer(1, 3, GL_FLOAT, GL_FALSE, 12, reinterpret_cast<void*>(normalsAt));
  glBindVertexArray(0);
}

// Uploads positions and normals as bindVertexLayout reads them; returns where the normals start.
std::size_t uploadVertices(const gl::Buffer& vbo, const std::vector<glm::vec3>& positions,
                           const std::vector<glm::vec3>& normals) {
  const std::size_t bytes = positions.size() * sizeof(glm::vec3);
  glBindBuffer(GL_ARRAY_BUFFER, vbo.id());
  glBufferData(GL_ARRAY_BUFFER, GLsizeiptr(2 * bytes), nullptr, GL_STATIC_DRAW);
  glBufferSubData(GL_ARRAY_BUFFER, 0, GLsizeiptr(bytes), positions.data());
  glBufferSubData(GL_ARRAY_BUFFER, GLsizeiptr(bytes), GLsizeiptr(bytes), normals.data());
  return bytes;
}

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

// A unit sphere for trigger-point markers.
void makeSphere(std::vector<glm::vec3>& points, std::vector<std::uint32_t>& indices) {
  const int rings = 12, segments = 20;
  for (int r = 0; r <= rings; ++r)
    for (int s = 0; s <= segments; ++s) {
      float th = float(r) / rings * 3.14159265f, ph = float(s) / segments * 6.2831853f;
      glm::vec3 n(std::sin(th) * std::cos(ph), std::cos(th), std::sin(th) * std::sin(ph));
      points.push_back(n);  // on a unit sphere, position and normal are the same
    }
  for (int r = 0; r < rings; ++r)
    for (int s = 0; s < segments; ++s) {
      std::uint32_t i0 = std::uint32_t(r * (segments + 1) + s), i1 = i0 + segments + 1;
      indices.insert(indices.end(), {i0, i0 + 1, i1, i1, i0 + 1, i1 + 1});
    }
}
}  // namespace

Renderer::Renderer()
    : mask_("pick.vert.glsl", "mask.frag.glsl"),
      pick_("pick.vert.glsl", "pick.frag.glsl"),
      regionPick_("mesh.vert.glsl", "region_pick.frag.glsl", "#define REGIONS 1\n#define CUT 1\n") {
  emptyVao_ = gl::VertexArray::create();
  pickFbo_ = gl::Framebuffer::create();
  pickId_ = gl::makeTexture2D(1, 1, GL_R32UI, GL_RED_INTEGER, GL_UNSIGNED_INT);
  pickDepth_ = gl::Renderbuffer::create();
  glBindRenderbuffer(GL_RENDERBUFFER, pickDepth_.id());
  glRenderbufferStorage(GL_RENDERBUFFER, GL_DEPTH_COMPONENT24, 1, 1);
  glBindFramebuffer(GL_FRAMEBUFFER, pickFbo_.id());
  glFramebufferTexture2D(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_TEXTURE_2D, pickId_.id(), 0);
  glFramebufferRenderbuffer(GL_FRAMEBUFFER, GL_DEPTH_ATTACHMENT, GL_RENDERBUFFER, pickDepth_.id());
  checkFramebuffer("pick");
  glBindFramebuffer(GL_FRAMEBUFFER, 0);
  regionUniforms_ = std::make_unique<RegionUniforms>();
  sphere_ = std::make_unique<GpuMesh>();
  {
    std::vector<glm::vec3> points;
    std::vector<std::uint32_t> idx;
    makeSphere(points, idx);
    sphere_->vao = gl::VertexArray::create();
    sphere_->vbo = gl::Buffer::create();
    sphere_->ibo = gl::Buffer::create();
    sphere_->normalsAt = uploadVertices(sphere_->vbo, points, points);
    bindVertexLayout(sphere_->vao, sphere_->vbo, sphere_->ibo, idx, sphere_->normalsAt);
    sphere_->count = GLsizei(idx.size());
    sphere_->closed = true;
  }
  if (glDebugEnabled()) checkGlErrors("renderer setup");
}

Renderer::~Renderer() = default;

int Renderer::maxOutputSize() {
  GLint tex = 0, rb = 0;
  glGetIntegerv(GL_MAX_TEXTURE_SIZE, &tex);
  glGetIntegerv(GL_MAX_RENDERBUFFER_SIZE, &rb);
  return std::min(tex, rb);
}

void Renderer::forgetMeshes() { meshes_.clear(); }

const ShaderProgram& Renderer::program(const char* vertex, const char* fragment, const std::string& defines) {
  auto& slot = programs_[std::string(vertex) + '|' + fragment + '|' + defines];
  if (!slot) slot = std::make_unique<ShaderProgram>(vertex, fragment, defines);
  return *slot;
}

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
  meshes_.clear();
  targets_.reset();
}

const Renderer::GpuMesh& Renderer::gpuMesh(const Atlas& atlas, std::size_t index) {
  if (meshes_.size() < atlas.structures.size()) meshes_.resize(atlas.structures.size());
  const Mesh* src = atlas.structures[index].mesh.get();
  const auto* lods = atlas.structures[index].lods.get();
  auto& slot = meshes_[index];
  if (slot && slot->source == src) {
    if (slot->lodSource != lods && lods) {
      slot->levels.clear();
      slot->splits.clear();
      for (const MeshLod& l : *lods) {
        GpuMesh::Level level{gl::VertexArray::create(), gl::Buffer::create(), GLsizei(l.indices.size()), l.error};
        bindVertexLayout(level.vao, slot->vbo, level.ibo, l.indices, slot->normalsAt);
        slot->levels.push_back(std::move(level));
      }
      slot->lodSource = lods;
    }
    return *slot;
  }
  slot = std::make_unique<GpuMesh>();
  slot->source = src;
  slot->vao = gl::VertexArray::create();
  slot->vbo = gl::Buffer::create();
  slot->ibo = gl::Buffer::create();
  slot->normalsAt = uploadVertices(slot->vbo, src->positions, src->normals);
  bindVertexLayout(slot->vao, slot->vbo, slot->ibo, src->indices, slot->normalsAt);
  slot->count = GLsizei(src->indices.size());
  slot->closed = src->closed;
  return gpuMesh(atlas, index);  // picks up the simplified versions if there are any
}

void Renderer::drawMesh(const GpuMesh& m, int level) {
  auto [vao, count] = m.at(level);
  drawElements(vao, count);
}

Renderer::PaintSplit Renderer::paintSplit(std::size_t structure, int level) {
  GpuMesh& m = *meshes_[structure];
  if (level >= int(m.levels.size())) level = -1;
  const std::vector<Shape>& shapes = regionUniforms_->shapes[structure];
  GpuMesh::Split& sp = m.splits[level];
  if (!sp.nearVao || sp.shapes != shapes) {
    const std::vector<std::uint32_t>& indices = level < 0 ? m.source->indices : (*m.lodSource)[std::size_t(level)].indices;
    TriangleSplit parts = splitByReach(*m.source, indices, shapes, RegionUniforms::kSoftEdge * 1.05f);
    sp.shapes = shapes;
    sp.nearVao = gl::VertexArray::create();
    sp.farVao = gl::VertexArray::create();
    sp.nearIbo = gl::Buffer::create();
    sp.farIbo = gl::Buffer::create();
    bindVertexLayout(sp.nearVao, m.vbo, sp.nearIbo, parts.near, m.normalsAt);
    bindVertexLayout(sp.farVao, m.vbo, sp.farIbo, parts.far, m.normalsAt);
    sp.nearCount = GLsizei(parts.near.size());
    sp.farCount = GLsizei(parts.far.size());
  }
  return {sp.nearVao.id(), sp.farVao.id(), sp.nearCount, sp.farCount};
}

void Renderer::drawElements(GLuint vao, GLsizei count) {
  if (count == 0) return;
  glBindVertexArray(vao);
  trianglesDrawn_ += count / 3;
  if (flushEvery_ <= 0) {
    glDrawElements(GL_TRIANGLES, count, GL_UNSIGNED_INT, nullptr);
    return;
  }
  // A software rasteriser keeps every triangle of a pass in memory until it draws them (about 100 bytes
  // each); flushing every so many triangles bounds that memory, at some cost in time.
  for (GLsizei first = 0; first < count;) {
    GLsizei part = std::min<GLsizei>(count - first, GLsizei(3 * (flushEvery_ - sinceFlush_)));
    glDrawElements(GL_TRIANGLES, part, GL_UNSIGNED_INT, reinterpret_cast<const void*>(std::uintptr_t(first) * 4));
    first += part;
    sinceFlush_ += part / 3;
    if (sinceFlush_ >= flushEvery_) {
      glFlush();
      sinceFlush_ = 0;
    }
  }
}

void Renderer::ensureTargets(int w, int h, int ssaa) {
  if (targets_ && targets_->w == w && targets_->h == h && targets_->ssaa == ssaa) return;
  int limit = maxOutputSize();
  if (w * ssaa > limit || h * ssaa > limit)
    throw RenderError("a " + std::to_string(w) + "x" + std::to_string(h) + " image with supersampling " +
                      std::to_string(ssaa) + " exceeds this GPU's texture limit of " + std::to_string(limit) +
                      " pixels; lower the size or --ssaa");
  targets_.reset();
  auto t = std::make_unique<Targets>();
  t->w = w; t->h = h; t->ssaa = ssaa;
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
  targets_ = std::move(t);
}

// The other targets are made when a frame first needs them: a figure without transparency, selection
// or labels never pays their memory (a third of the total).
void Renderer::Targets::needTranslucency() {
  if (oitFbo) return;
  int W = w * ssaa, H = h * ssaa;
  accum = gl::makeTexture2D(W, H, GL_RGBA16F, GL_RGBA, GL_HALF_FLOAT);
  weight = gl::makeTexture2D(W, H, GL_R16F, GL_RED, GL_HALF_FLOAT);
  oitFbo = gl::Framebuffer::create();
  glBindFramebuffer(GL_FRAMEBUFFER, oitFbo.id());
  glFramebufferTexture2D(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_TEXTURE_2D, accum.id(), 0);
  glFramebufferTexture2D(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT1, GL_TEXTURE_2D, weight.id(), 0);
  glFramebufferTexture2D(GL_FRAMEBUFFER, depthAttachment(), GL_TEXTURE_2D, depth.id(), 0);
  const GLenum two[] = {GL_COLOR_ATTACHMENT0, GL_COLOR_ATTACHMENT1};
  glDrawBuffers(2, two);
  checkFramebuffer("transparency");
}

void Renderer::Targets::needMask() {
  if (maskFbo) return;
  mask = gl::makeTexture2D(w * ssaa, h * ssaa, GL_R8, GL_RED, GL_UNSIGNED_BYTE);
  maskFbo = framebufferFor(mask, "selection mask");
}

// Half the output size (rounded up), in output pixels: see ao.frag.glsl.
void Renderer::Targets::needDepthCue() {
  if (aoFbo) return;
  ao = gl::makeTexture2D((w + 1) / 2, (h + 1) / 2, GL_RG16F, GL_RG, GL_HALF_FLOAT);
  aoFbo = framebufferFor(ao, "depth cue");
  if (coverage) {
    aoCoverage = gl::Renderbuffer::create();
    glBindRenderbuffer(GL_RENDERBUFFER, aoCoverage.id());
    glRenderbufferStorage(GL_RENDERBUFFER, GL_DEPTH32F_STENCIL8, (w + 1) / 2, (h + 1) / 2);
    glBindRenderbuffer(GL_RENDERBUFFER, 0);
    glFramebufferRenderbuffer(GL_FRAMEBUFFER, GL_DEPTH_STENCIL_ATTACHMENT, GL_RENDERBUFFER, aoCoverage.id());
    checkFramebuffer("depth cue with coverage");
  }
}

void Renderer::Targets::needOverlay() {
  if (overlayFbo) return;
  overlay = gl::makeTexture2D(w, h, GL_RGBA8, GL_RGBA, GL_UNSIGNED_BYTE);
  overlayFbo = framebufferFor(overlay, "overlay", coverage ? &depth : nullptr);  // labels mark the coverage too
}

void Renderer::render(const Atlas& atlas, const SceneState& state, const FrameOptions& frame) {
  if (frame.width < 1 || frame.height < 1) throw RenderError("image size must be at least 1x1");
  int ssaa = std::clamp(frame.ssaa, 1, 4);
  ensureTargets(frame.width, frame.height, ssaa);
  Targets& t = *targets_;
  int W = t.w * ssaa, H = t.h * ssaa;
  glm::mat4 view = state.camera.view();
  glm::mat4 proj;
  if (frame.fullWidth > 0 && frame.fullHeight > 0) {
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
    proj = region * state.camera.projection(fw / fh);
  } else {
    proj = state.camera.projection(float(t.w) / float(t.h));
  }

  auto visible = [&](std::size_t i) { return state.effectiveOpacity(i) > 0.f && atlas.structures[i].mesh; };
  auto setCommon = [&](const ShaderProgram& p, std::size_t i) {
    p.set("u_color", srgbToLinear(atlas.structures[i].color));
    bool sel = int(i) == state.selected;
    p.set("u_highlight", sel ? 0.55f : (int(i) == state.hovered ? 0.25f : 0.f));
    p.set("u_highlightColor", srgbToLinear(kHighlight));
    regionUniforms_->setShapes(p, i);
  };
  RegionUniforms& regions = *regionUniforms_;
  regions.build(atlas, state);
  const bool clip = state.clip.enabled;
  const glm::vec4 clipEq = clip ? state.clip.equation() : glm::vec4(0, 0, 0, 1);
  glm::vec3 capN = glm::normalize(glm::mat3(view) * -glm::vec3(clipEq));
  if (capN.z < 0.f) capN = -capN;
  // Surface programs come in variants (regions painted or not, cut or not); each one used this frame
  // gets the frame's uniforms the first time.
  std::vector<const ShaderProgram*> framed;
  auto surfaceProgram = [&](const char* fragment, bool painted, bool cut) -> const ShaderProgram& {
    const ShaderProgram& p = program("mesh.vert.glsl", fragment,
                                     std::string(painted ? "#define REGIONS 1\n" : "") + (cut ? "#define CUT 1\n" : ""));
    p.use();
    if (std::find(framed.begin(), framed.end(), &p) == framed.end()) {
      framed.push_back(&p);
      p.set("u_view", view);
      p.set("u_proj", proj);
      p.set("u_model", glm::mat4(1.f));
      p.set("u_clip", clipEq);
      p.set("u_capNormal", capN);
      regions.setStyles(p, frame.lineScale * float(ssaa));
    }
    return p;
  };
  if (clip) glEnable(GL_CLIP_DISTANCE0);
  auto outlined = [&](std::size_t i) { return i < state.structures.size() && state.structures[i].outline; };
  // Drawn in the translucency pass: translucent surfaces, silhouettes, and hidden envelopes that still
  // carry a referral overlay (their regions only).
  auto translucent = [&](std::size_t i) {
    if (!atlas.structures[i].mesh) return false;
    if (visible(i)) return state.effectiveOpacity(i) < 0.999f || outlined(i);
    return bool(regions.keepWhenHidden[i]);
  };

  // Level of detail per structure: the coarsest simplified mesh whose error, at the point of its bounds
  // nearest the camera, covers at most frame.lodPixels output pixels.
  std::vector<int> level(atlas.structures.size(), -1);
  if (frame.lodPixels > 0.f) {
    const glm::vec3 eye = state.camera.position(), fwd = state.camera.forward();
    const float fullH = float(frame.fullHeight > 0 ? frame.fullHeight : t.h);
    const float pixelsAtUnitDepth = fullH * 0.5f / std::tan(state.camera.fovY * 0.5f);
    for (std::size_t i = 0; i < atlas.structures.size(); ++i) {
      if (!visible(i) && !translucent(i)) continue;
      const GpuMesh& m = gpuMesh(atlas, i);
      float depth = 1e30f;
      for (int c = 0; c < 8; ++c) depth = std::min(depth, glm::dot(m.source->bounds.corner(c) - eye, fwd));
      const float pixelsPerUnit = pixelsAtUnitDepth / std::max(depth, state.camera.nearPlane());
      for (std::size_t l = 0; l < m.levels.size() && m.levels[l].error * pixelsPerUnit <= frame.lodPixels; ++l)
        level[i] = int(l);
    }
  }

  PassClock clock(frame.passTimes);
  trianglesDrawn_ = 0;
  flushEvery_ = frame.flushEveryTriangles;
  sinceFlush_ = 0;
  glViewport(0, 0, W, H);
  glDisable(GL_BLEND);
  glDisable(GL_CULL_FACE);
  glEnable(GL_DEPTH_TEST);
  glDepthFunc(GL_LESS);

  // 1. Opaque surfaces.
  glBindFramebuffer(GL_FRAMEBUFFER, t.sceneFbo.id());
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
  for (std::size_t i = 0; i < atlas.structures.size(); ++i) {
    if (!visible(i) || translucent(i)) continue;
    const GpuMesh& m = gpuMesh(atlas, i);
    // Back faces of a closed surface are never seen, unless a cut opens it (then they draw the cut face);
    // skipping them halves the rasteriser's work.
    if (m.closed && !clip) glEnable(GL_CULL_FACE);
    else glDisable(GL_CULL_FACE);
    if (regions.a[i].empty()) {
      setCommon(surfaceProgram("opaque.frag.glsl", false, clip), i);
      drawMesh(m, level[i]);
    } else {
      // Only the triangles the regions reach pay for the paint.
      PaintSplit sp = paintSplit(i, level[i]);
      setCommon(surfaceProgram("opaque.frag.glsl", false, clip), i);
      drawElements(sp.farVao, sp.farCount);
      setCommon(surfaceProgram("opaque.frag.glsl", true, clip), i);
      drawElements(sp.nearVao, sp.nearCount);
    }
  }
  glDisable(GL_CULL_FACE);
  // Markers are drawn with back faces culled, so the cut variant only clips them.
  drawMarkers(atlas, state, surfaceProgram("opaque.frag.glsl", false, clip));
  clock.lap(&PassTimes::opaque);

  // 2. Translucent surfaces, in any order, tested against the opaque depth. Skipped (targets not even
  // cleared) when there are none.
  bool anyTranslucent = false;
  for (std::size_t i = 0; i < atlas.structures.size() && !anyTranslucent; ++i) anyTranslucent = translucent(i);
  if (anyTranslucent) {
    t.needTranslucency();
    glBindFramebuffer(GL_FRAMEBUFFER, t.oitFbo.id());
    const GLfloat clearAccum[] = {0, 0, 0, 1}, clearWeight[] = {0, 0, 0, 0};
    glClearBufferfv(GL_COLOR, 0, clearAccum);
    glClearBufferfv(GL_COLOR, 1, clearWeight);
    glDepthMask(GL_FALSE);
    glEnable(GL_BLEND);
    glBlendFuncSeparate(GL_ONE, GL_ONE, GL_ZERO, GL_ONE_MINUS_SRC_ALPHA);
    for (std::size_t i = 0; i < atlas.structures.size(); ++i) {
      if (!translucent(i)) continue;
      const GpuMesh& m = gpuMesh(atlas, i);
      const bool painted = !regions.a[i].empty();
      // Only front faces carry regions. A closed painted surface is drawn in two halves, so that its back
      // faces skip the region work (a software rasteriser would do it and throw it away).
      const bool split = painted && m.closed && !clip;
      const float opacity = state.effectiveOpacity(i);
      const int outline = visible(i) && outlined(i) ? 1 : 0;
      // Without opacity or outline only the paint shows: the rest of the surface would be discarded.
      const bool onlyPaint = opacity <= 0.f && outline == 0;
      auto draw = [&](bool withRegions, GLuint vao, GLsizei count) {
        const ShaderProgram& p = surfaceProgram("oit.frag.glsl", withRegions, clip);
        setCommon(p, i);
        p.set("u_opacity", opacity);
        p.set("u_outline", outline);
        drawElements(vao, count);
      };
      for (int half = 0; half < (split ? 2 : 1); ++half) {
        if (split) {
          glEnable(GL_CULL_FACE);
          glCullFace(half == 0 ? GL_FRONT : GL_BACK);
        }
        if (!painted || (split && half == 0)) {
          if (onlyPaint) continue;
          auto [vao, count] = m.at(level[i]);
          draw(false, vao, count);
        } else {
          PaintSplit sp = paintSplit(i, level[i]);
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
  clock.lap(&PassTimes::translucent);

  // 3. Selection silhouette, drawn through everything so a hidden selection still shows where it is.
  bool hasMask = state.selected >= 0 && visible(std::size_t(state.selected));
  if (hasMask) {
    t.needMask();
    glBindFramebuffer(GL_FRAMEBUFFER, t.maskFbo.id());
    glClearColor(0, 0, 0, 0);
    glClear(GL_COLOR_BUFFER_BIT);
    glDisable(GL_DEPTH_TEST);
    mask_.use();
    mask_.set("u_view", view);
    mask_.set("u_proj", proj);
    mask_.set("u_clip", clipEq);
    drawMesh(gpuMesh(atlas, std::size_t(state.selected)), level[std::size_t(state.selected)]);
    glEnable(GL_DEPTH_TEST);
  }
  glDisable(GL_CLIP_DISTANCE0);
  clock.lap(&PassTimes::mask);

  // Labels and legend, premultiplied, at the output size; the resolve lays them over the scene.
  bool hasOverlay = frame.annotations && !frame.annotations->empty();
  if (hasOverlay) {
    t.needOverlay();
    glBindFramebuffer(GL_FRAMEBUFFER, t.overlayFbo.id());
    glViewport(0, 0, t.w, t.h);
    glClearColor(0, 0, 0, 0);
    glClear(GL_COLOR_BUFFER_BIT);
    if (!overlay_) overlay_ = std::make_unique<Overlay2D>();
    int fw = frame.fullWidth > 0 ? frame.fullWidth : t.w, fh = frame.fullHeight > 0 ? frame.fullHeight : t.h;
    overlay_->draw(*frame.annotations, fw, fh, frame.fullWidth > 0 ? frame.regionX : 0,
                   frame.fullWidth > 0 ? frame.regionY : 0, t.w, t.h);
  }
  clock.lap(&PassTimes::overlay);

  glDisable(GL_DEPTH_TEST);
  glm::ivec2 origin(0);
  if (frame.fullWidth > 0) origin = {frame.regionX * ssaa, (frame.fullHeight - frame.regionY - t.h) * ssaa};
  auto setDepthUniforms = [&](const ShaderProgram& p) {
    p.set("u_depth", 1);
    p.set("u_near", state.camera.nearPlane());
    p.set("u_far", state.camera.farPlane());
    p.set("u_projScale", proj[1][1] * float(H) * 0.5f);
    p.set("u_aoRadius", state.camera.sceneRadius * 0.05f);
    glUniform2i(p.location("u_tileOrigin"), origin.x, origin.y);
  };
  glActiveTexture(GL_TEXTURE1);
  glBindTexture(GL_TEXTURE_2D, t.depth.id());
  glActiveTexture(GL_TEXTURE0);

  // 4. The depth cue at half size.
  const int aoSamples = std::clamp(frame.aoSamples, 0, 32);
  if (aoSamples > 0) {
    t.needDepthCue();
    const int aw = (t.w + 1) / 2, ah = (t.h + 1) / 2;
    glBindFramebuffer(GL_FRAMEBUFFER, t.aoFbo.id());
    glViewport(0, 0, aw, ah);
    if (t.coverage) {
      // Only texels whose sample pixel has a surface are shaded (a one-fetch pass marks them in the
      // stencil); the others keep "nothing here" (depth 6e4), what the cue would write there.
      const ShaderProgram& mark = program("fullscreen.vert.glsl", "coverage.frag.glsl", "");
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
    const ShaderProgram& cue = program("fullscreen.vert.glsl", "ao.frag.glsl",
                                       "#define SSAA " + std::to_string(ssaa) + "\n#define AO_SAMPLES " +
                                           std::to_string(aoSamples) + "\n");
    cue.use();
    setDepthUniforms(cue);
    glBindVertexArray(emptyVao_.id());
    glDrawArrays(GL_TRIANGLES, 0, 3);
    glBindVertexArray(0);
  }
  clock.lap(&PassTimes::depthCue);

  // 5. Resolve to the output size; with a coverage stencil, only covered pixels are shaded.
  glBindFramebuffer(GL_FRAMEBUFFER, t.outputFbo.id());
  glViewport(0, 0, t.w, t.h);
  if (t.coverage) {
    if (hasMask) {
      // The selection outline lies just outside the selected shape: its screen rectangle, widened by the
      // outline, counts as covered.
      glm::ivec4 r = screenRect(atlas.structures[std::size_t(state.selected)].mesh->bounds, proj * view, t.w, t.h,
                                int(std::ceil(2.5f * frame.lineScale)) + 2);
      glEnable(GL_SCISSOR_TEST);
      glScissor(r.x, r.y, r.z, r.w);
      glClearStencil(1);
      glClear(GL_STENCIL_BUFFER_BIT);
      glClearStencil(0);
      glDisable(GL_SCISSOR_TEST);
    }
    // What the resolve writes where nothing was drawn: the background, sRGB with straight alpha.
    glm::vec4 bg = state.background.a > 0.f ? state.background : glm::vec4(0.f);
    glClearColor(bg.r, bg.g, bg.b, bg.a);
    glClear(GL_COLOR_BUFFER_BIT);
    glStencilFunc(GL_EQUAL, 1, 0xFF);
    glStencilOp(GL_KEEP, GL_KEEP, GL_KEEP);
  } else {
    glDisable(GL_STENCIL_TEST);
  }
  const ShaderProgram& resolve = program(
      "fullscreen.vert.glsl", "composite.frag.glsl",
      "#define SSAA " + std::to_string(ssaa) + "\n#define AO_SAMPLES " + std::to_string(aoSamples) +
          "\n#define CONTOURS " + (frame.contours ? "1" : "0") + "\n#define TRANSLUCENT " + (anyTranslucent ? "1" : "0") +
          "\n#define SELECTION " + (hasMask ? "1" : "0") + "\n#define OVERLAY " + (hasOverlay ? "1" : "0") + "\n");
  resolve.use();
  const gl::Texture* inputs[] = {&t.opaque, &t.depth, &t.accum, &t.weight, &t.mask, &t.overlay, &t.ao};
  const char* names[] = {"u_opaque", "u_depth", "u_accum", "u_weight", "u_mask", "u_overlay", "u_ao"};
  for (int k = 0; k < 7; ++k) {
    glActiveTexture(GL_TEXTURE0 + k);
    glBindTexture(GL_TEXTURE_2D, inputs[k]->id());
    resolve.set(names[k], k);
  }
  glActiveTexture(GL_TEXTURE0);
  setDepthUniforms(resolve);
  resolve.set("u_aoStrength", 0.55f);
  resolve.set("u_edgeStrength", 0.35f);
  glm::vec3 bg = srgbToLinear(glm::vec3(state.background));
  resolve.set("u_background", glm::vec4(bg * state.background.a, state.background.a));
  resolve.set("u_outlineColor", srgbToLinear(kHighlight));
  resolve.set("u_outlineWidth", 2.5f * frame.lineScale);
  glBindVertexArray(emptyVao_.id());
  glDrawArrays(GL_TRIANGLES, 0, 3);
  glBindVertexArray(0);
  glDisable(GL_STENCIL_TEST);
  glEnable(GL_DEPTH_TEST);
  glBindFramebuffer(GL_FRAMEBUFFER, 0);
  clock.lap(&PassTimes::resolve);
  if (frame.passTimes) frame.passTimes->triangles = trianglesDrawn_;
  if (glDebugEnabled()) checkGlErrors("render");
}

void Renderer::drawMarkers(const Atlas& atlas, const SceneState& state, const ShaderProgram& p) {
  auto points = state.activeTriggerPoints(atlas);
  if (points.empty()) return;
  glEnable(GL_CULL_FACE);
  for (int k : points) {
    const TriggerPoint& tp = atlas.triggerPoints[std::size_t(k)];
    float r = state.camera.sceneRadius * 0.022f;
    glm::mat4 model = glm::scale(glm::translate(glm::mat4(1.f), tp.position), glm::vec3(r));
    p.set("u_model", model);
    p.set("u_color", srgbToLinear(glm::vec3(0.12f, 0.12f, 0.14f)));
    p.set("u_highlight", k == state.selectedTrigger ? 0.9f : 0.f);
    drawMesh(*sphere_);
  }
  p.set("u_model", glm::mat4(1.f));
  glDisable(GL_CULL_FACE);
}

glm::vec2 Renderer::measureText(const std::string& text, float px) {
  if (!overlay_) overlay_ = std::make_unique<Overlay2D>();
  return overlay_->measure(text, px);
}

Image Renderer::readPixels() const {
  if (!targets_) throw RenderError("nothing has been rendered yet");
  Image img(targets_->w, targets_->h);
  glBindFramebuffer(GL_FRAMEBUFFER, targets_->outputFbo.id());
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

GLuint Renderer::outputFramebuffer() const { return targets_ ? targets_->outputFbo.id() : 0; }
int Renderer::outputWidth() const { return targets_ ? targets_->w : 0; }
int Renderer::outputHeight() const { return targets_ ? targets_->h : 0; }

int Renderer::pick(const Atlas& atlas, const SceneState& state, int width, int height, glm::vec2 pixel) {
  return pickHit(atlas, state, width, height, pixel).structure;
}

PickHit Renderer::pickHit(const Atlas& atlas, const SceneState& state, int width, int height, glm::vec2 pixel) {
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
  glm::mat4 proj = pickM * state.camera.projection(float(width) / float(height));

  glBindFramebuffer(GL_FRAMEBUFFER, pickFbo_.id());
  glViewport(0, 0, 1, 1);
  glDisable(GL_BLEND);
  glEnable(GL_DEPTH_TEST);
  glDepthMask(GL_TRUE);
  pick_.use();
  pick_.set("u_view", state.camera.view());
  pick_.set("u_proj", proj);
  const bool clip = state.clip.enabled;
  pick_.set("u_clip", clip ? state.clip.equation() : glm::vec4(0, 0, 0, 1));
  if (clip) glEnable(GL_CLIP_DISTANCE0);
  PickHit result;
  RegionUniforms& regions = *regionUniforms_;
  regions.build(atlas, state);
  for (float minOpacity : {0.5f, 0.f}) {
    const GLuint zero[] = {0, 0, 0, 0};
    glClearBufferuiv(GL_COLOR, 0, zero);
    glClear(GL_DEPTH_BUFFER_BIT);
    for (std::size_t i = 0; i < atlas.structures.size() && i < state.structures.size(); ++i) {
      float o = state.effectiveOpacity(i);
      if (o <= 0.f || o < minOpacity || !atlas.structures[i].mesh) continue;
      pick_.setUint("u_id", GLuint(i + 1));
      drawMesh(gpuMesh(atlas, i));
    }
    // Painted regions on surfaces too faint to pick count as solid where they are painted.
    regionPick_.use();
    regionPick_.set("u_view", state.camera.view());
    regionPick_.set("u_proj", proj);
    regionPick_.set("u_model", glm::mat4(1.f));
    regionPick_.set("u_clip", clip ? state.clip.equation() : glm::vec4(0, 0, 0, 1));
    regions.setStyles(regionPick_, 1.f);
    for (std::size_t i = 0; i < atlas.structures.size() && i < state.structures.size(); ++i) {
      float o = state.effectiveOpacity(i);
      if (!atlas.structures[i].mesh || (o >= minOpacity && o > 0.f) || regions.a[i].empty()) continue;
      if (o <= 0.f && !regions.keepWhenHidden[i]) continue;
      regions.setShapes(regionPick_, i);
      regionPick_.setUint("u_id", GLuint(i + 1));
      drawMesh(gpuMesh(atlas, i));
    }
    pick_.use();
    GLuint id = 0;
    glReadPixels(0, 0, 1, 1, GL_RED_INTEGER, GL_UNSIGNED_INT, &id);
    if (id) {
      float depth = 1.f;
      glReadPixels(0, 0, 1, 1, GL_DEPTH_COMPONENT, GL_FLOAT, &depth);
      // Back from the pick matrix's clip space to the world: the 1x1 target's centre is the pixel.
      glm::vec4 p = glm::inverse(proj * state.camera.view()) * glm::vec4(0.f, 0.f, depth * 2.f - 1.f, 1.f);
      result.structure = int(id) - 1;
      result.point = glm::vec3(p) / p.w;
      break;
    }
  }
  glDisable(GL_CLIP_DISTANCE0);
  glBindFramebuffer(GL_FRAMEBUFFER, 0);
  if (glDebugEnabled()) checkGlErrors("pick");
  return result;
}

}  // namespace psoas
