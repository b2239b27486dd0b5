#include "render/overlay_2d.hpp"

#include <algorithm>
#include <cmath>

#include <glm/geometric.hpp>

#include <imgui.h>
#include <imgui_internal.h>

#include "core/errors.hpp"
#include "core/resources.hpp"
#include "render/gl_debug.hpp"
#include "render/gl_objects.hpp"
#include "render/shader.hpp"

namespace psoas {

struct Overlay2D::Impl {
  ImFontAtlas fonts;
  ImFont* font = nullptr;
  float px = 0.f;
  bool fallback = false;
  ImDrawListSharedData shared;
  ImDrawList drawList{&shared};  // kept between frames so its buffers are reused
  gl::Texture texture;
  ShaderProgram shader{ProgramSpec{"overlay.vert.glsl", "overlay.frag.glsl"}.uniform({"u_proj", "u_font"})};
  gl::VertexArray vao = gl::VertexArray::create();
  gl::Buffer vbo = gl::Buffer::create(), ibo = gl::Buffer::create();

  void ensureFont(float size) {
    size = std::clamp(std::round(size), 6.f, 400.f);
    if (font && size == px) return;
    fonts.Clear();
    ImFontConfig cfg;
    cfg.OversampleH = 2;
    cfg.OversampleV = 1;
    static const ImWchar ranges[] = {0x0020, 0x00FF, 0x0100, 0x017F, 0x2010, 0x205E, 0x2190, 0x21FF, 0};
    font = nullptr;
    if (auto path = findSystemFont("DejaVuSans.ttf")) font = fonts.AddFontFromFileTTF(path->c_str(), size, &cfg, ranges);
    fallback = font == nullptr;
    if (!font) {
      ImFontConfig def;
      def.SizePixels = size;
      font = fonts.AddFontDefault(&def);
    }
    unsigned char* pixels = nullptr;
    int w = 0, h = 0;
    if (!fonts.Build()) throw RenderError("could not build the label font");
    fonts.GetTexDataAsAlpha8(&pixels, &w, &h);
    texture = gl::makeTexture2D(w, h, GL_R8, GL_RED, GL_UNSIGNED_BYTE);
    glBindTexture(GL_TEXTURE_2D, texture.id());
    glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
    glTexSubImage2D(GL_TEXTURE_2D, 0, 0, 0, w, h, GL_RED, GL_UNSIGNED_BYTE, pixels);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
    glBindTexture(GL_TEXTURE_2D, 0);
    px = size;
    shared.Font = font;
    shared.FontSize = size;
    shared.TexUvWhitePixel = fonts.TexUvWhitePixel;
    shared.TexUvLines = fonts.TexUvLines;
    shared.InitialFlags = ImDrawListFlags_AntiAliasedLines | ImDrawListFlags_AntiAliasedFill;
    shared.SetCircleTessellationMaxError(0.3f);
  }
};

Overlay2D::Overlay2D() : impl_(std::make_unique<Impl>()) {}
Overlay2D::~Overlay2D() = default;

bool Overlay2D::usesFallbackFont() const { return impl_->fallback; }

glm::vec2 Overlay2D::measure(const std::string& text, float px) {
  impl_->ensureFont(px);
  ImVec2 s = impl_->font->CalcTextSizeA(impl_->px, 1e9f, 0.f, text.c_str(), text.c_str() + text.size());
  return {s.x, s.y};
}

namespace {
ImU32 rgba(glm::vec3 c, float a) {
  auto b = [](float v) { return int(std::clamp(v, 0.f, 1.f) * 255.f + 0.5f); };
  return IM_COL32(b(c.r), b(c.g), b(c.b), b(a));
}
}  // namespace

namespace {
void addLabels(ImDrawList& dl, ImFont* font, float px, const Annotations& a) {
  const glm::vec3 ink(0.11f), paper(1.f), line(0.2f);
  float lw = a.lineWidth;
  for (const auto& l : a.labels) {
    float al = l.alpha;
    dl.AddLine(ImVec2(l.anchor.x, l.anchor.y), ImVec2(l.lineTo.x, l.lineTo.y), rgba(line, 0.9f * al), lw);
    dl.AddCircleFilled(ImVec2(l.anchor.x, l.anchor.y), lw * 2.2f, rgba(paper, al));
    dl.AddCircleFilled(ImVec2(l.anchor.x, l.anchor.y), lw * 1.5f, rgba(line, al));
    ImVec2 b0(l.boxMin.x, l.boxMin.y), b1(l.boxMax.x, l.boxMax.y);
    float r = a.padding * 0.8f;
    dl.AddRectFilled(b0, b1, rgba(paper, 0.9f * al), r);
    dl.AddRect(b0, b1, rgba(l.accent * 0.8f, 0.9f * al), r, 0, lw);
    dl.AddText(font, px, ImVec2(b0.x + a.padding, b0.y + a.padding), rgba(ink, al), l.text.c_str());
  }
}

// One legend swatch of side sw at s0; each kind mimics how the scene draws that overlay.
void addSwatch(ImDrawList& dl, const LegendEntry& e, ImVec2 s0, float sw, float lw) {
  ImVec2 s1(s0.x + sw, s0.y + sw);
  switch (e.swatch) {
    case LegendEntry::Swatch::Solid: dl.AddRectFilled(s0, s1, rgba(e.color, 0.9f), sw * 0.2f); break;
    case LegendEntry::Swatch::Bordered:
      dl.AddRectFilled(s0, s1, rgba(e.color, 0.85f), sw * 0.2f);
      dl.AddRect(s0, s1, rgba(e.color * 0.45f, 1.f), sw * 0.2f, 0, lw);
      break;
    case LegendEntry::Swatch::Stipple:
      for (int gy = 0; gy < 3; ++gy)
        for (int gx = 0; gx < 3; ++gx) {
          float ox = (float(gx) + (gy % 2 ? 0.75f : 0.25f)) / 3.f, oy = (float(gy) + 0.5f) / 3.f;
          dl.AddCircleFilled(ImVec2(s0.x + sw * ox, s0.y + sw * oy), sw * 0.12f, rgba(e.color, 1.f));
        }
      break;
    case LegendEntry::Swatch::Marker:
      dl.AddCircleFilled(ImVec2((s0.x + s1.x) * 0.5f, (s0.y + s1.y) * 0.5f), sw * 0.35f, rgba(e.color, 1.f));
      break;
  }
}

void addLegend(ImDrawList& dl, ImFont* font, float px, const Annotations& a) {
  if (a.legend.empty()) return;
  const glm::vec3 ink(0.11f), paper(1.f), line(0.2f);
  ImVec2 r0(a.legendRect.x, a.legendRect.y), r1(a.legendRect.z, a.legendRect.w);
  // At legendFontPx (smaller than the labels' where the legend had to shrink to fit), padding to match.
  const float lpx = a.legendFontPx(), pad = a.padding * lpx / a.fontPx, tpx = px * lpx / a.fontPx;
  dl.AddRectFilled(r0, r1, rgba(paper, 0.92f), pad);
  dl.AddRect(r0, r1, rgba(line, 0.6f), pad, 0, a.lineWidth * 0.8f);
  float row = lpx * 1.5f, sw = lpx * 1.1f;
  for (std::size_t i = 0; i < a.legend.size(); ++i) {
    float rowTop = r0.y + pad + row * float(i);
    ImVec2 s0(r0.x + pad * 1.5f, rowTop + (row - sw) * 0.5f);
    addSwatch(dl, a.legend[i], s0, sw, a.lineWidth);
    dl.AddText(font, tpx, ImVec2(s0.x + sw + pad * 1.5f, rowTop + (row - tpx) * 0.5f), rgba(ink, 1.f),
               a.legend[i].text.c_str());
  }
}

// Pin badges: the pin's number in a disc of the pin colour, ringed in white so it reads on any surface.
void addPins(ImDrawList& dl, ImFont* font, float px, const Annotations& a) {
  const float r = a.fontPx * 0.7f, tpx = px * 0.8f;
  for (const auto& p : a.pins) {
    ImVec2 c(p.at.x, p.at.y);
    dl.AddCircleFilled(c, r + a.lineWidth * 1.2f, rgba(glm::vec3(1.f), 0.95f * p.alpha));
    dl.AddCircleFilled(c, r, rgba(kPinColor, p.alpha));
    std::string n = std::to_string(p.number);
    ImVec2 size = font->CalcTextSizeA(tpx, 1e9f, 0.f, n.c_str(), n.c_str() + n.size());
    dl.AddText(font, tpx, ImVec2(c.x - size.x * 0.5f, c.y - size.y * 0.5f), rgba(glm::vec3(1.f), p.alpha), n.c_str());
  }
}

}  // namespace

// Each stroke twice: a dark edge, then the ink, so a yellow line reads on pale bone and on a light background.
// Segment by segment with a disc wherever the stroke turns, not as one polyline: ImGui's thick polyline joins
// break up at a sharp turn (a scribble, the corner of a hand-drawn V). Both layers are opaque, so where the
// segments overlap nothing darkens.
void addPenMarks(ImDrawList& dl, const PenMarks& m) {
  const float w = m.width, edgeW = w + std::max(2.f, w * 0.5f);
  const ImU32 edge = rgba(glm::vec3(0.08f), 1.f), ink = rgba(kPenColor, 1.f);
  auto at = [](glm::vec2 p) { return ImVec2(p.x, p.y); };
  for (int layer = 0; layer < 2; ++layer) {
    const ImU32 col = layer == 0 ? edge : ink;
    const float lw = layer == 0 ? edgeW : w;
    for (const PenStroke& s : m.strokes) {
      const auto& pts = s.points;
      if (pts.empty()) continue;
      dl.AddCircleFilled(at(pts.front()), lw * 0.5f, col);
      for (std::size_t k = 1; k < pts.size(); ++k) {
        dl.AddLine(at(pts[k - 1]), at(pts[k]), col, lw);
        if (k + 1 < pts.size()) {
          const glm::vec2 a = pts[k] - pts[k - 1], b = pts[k + 1] - pts[k];
          // A turn of more than about 20 degrees: a round join (cos 20 deg = 0.94).
          if (glm::dot(a, b) < 0.94f * glm::length(a) * glm::length(b)) dl.AddCircleFilled(at(pts[k]), lw * 0.5f, col);
        }
      }
      auto head = s.arrow ? arrowHead(s, m.headSize()) : std::nullopt;
      if (!head) {
        dl.AddCircleFilled(at(pts.back()), lw * 0.5f, col);
        continue;
      }
      const ImVec2 a = at((*head)[0]), b = at((*head)[1]), c = at((*head)[2]);
      if (layer == 0) dl.AddTriangle(a, b, c, col, edgeW - w);
      dl.AddTriangleFilled(a, b, c, col);
    }
  }
}

namespace {
// Pixels of the full image (y down) to the clip space of the tile at (x0, y0).
glm::mat4 tileOrtho(int x0, int y0, int w, int h) {
  float l = float(x0), r = float(x0 + w), t = float(y0), b = float(y0 + h);
  glm::mat4 ortho(1.f);
  ortho[0][0] = 2.f / (r - l);
  ortho[1][1] = 2.f / (t - b);
  ortho[3][0] = -(r + l) / (r - l);
  ortho[3][1] = -(t + b) / (t - b);
  return ortho;
}
}  // namespace

void Overlay2D::draw(const Annotations& a, int fullW, int fullH, int x0, int y0, int w, int h) {
  if (a.empty()) return;
  Impl& m = *impl_;
  m.ensureFont(a.fontPx);
  ImDrawList& dl = m.drawList;
  dl._ResetForNewFrame();
  dl.PushClipRect(ImVec2(0, 0), ImVec2(float(fullW), float(fullH)));
  dl.PushTextureID(ImTextureID(nullptr));
  addLabels(dl, m.font, m.px, a);
  addLegend(dl, m.font, m.px, a);
  addPins(dl, m.font, m.px, a);
  addPenMarks(dl, a.pen);
  if (dl.IdxBuffer.empty()) return;

  glViewport(0, 0, w, h);
  glEnable(GL_BLEND);
  glBlendFunc(GL_ONE, GL_ONE_MINUS_SRC_ALPHA);  // the shader outputs premultiplied colour
  glDisable(GL_DEPTH_TEST);
  glDisable(GL_CULL_FACE);
  m.shader.use();
  m.shader.set("u_proj", tileOrtho(x0, y0, w, h));
  m.shader.set("u_font", 0);
  glActiveTexture(GL_TEXTURE0);
  glBindTexture(GL_TEXTURE_2D, m.texture.id());
  glBindVertexArray(m.vao.id());
  glBindBuffer(GL_ARRAY_BUFFER, m.vbo.id());
  glBufferData(GL_ARRAY_BUFFER, GLsizeiptr(dl.VtxBuffer.Size * int(sizeof(ImDrawVert))), dl.VtxBuffer.Data, GL_STREAM_DRAW);
  glBindBuffer(GL_ELEMENT_ARRAY_BUFFER, m.ibo.id());
  glBufferData(GL_ELEMENT_ARRAY_BUFFER, GLsizeiptr(dl.IdxBuffer.Size * int(sizeof(ImDrawIdx))), dl.IdxBuffer.Data, GL_STREAM_DRAW);
  glEnableVertexAttribArray(0);
  glVertexAttribPointer(0, 2, GL_FLOAT, GL_FALSE, sizeof(ImDrawVert), reinterpret_cast<void*>(offsetof(ImDrawVert, pos)));
  glEnableVertexAttribArray(1);
  glVertexAttribPointer(1, 2, GL_FLOAT, GL_FALSE, sizeof(ImDrawVert), reinterpret_cast<void*>(offsetof(ImDrawVert, uv)));
  glEnableVertexAttribArray(2);
  glVertexAttribPointer(2, 4, GL_UNSIGNED_BYTE, GL_TRUE, sizeof(ImDrawVert), reinterpret_cast<void*>(offsetof(ImDrawVert, col)));
  GLenum idx = sizeof(ImDrawIdx) == 2 ? GL_UNSIGNED_SHORT : GL_UNSIGNED_INT;
  for (const ImDrawCmd& cmd : dl.CmdBuffer) {
    if (cmd.ElemCount == 0) continue;
    glDrawElementsBaseVertex(GL_TRIANGLES, GLsizei(cmd.ElemCount), idx,
                             reinterpret_cast<void*>(std::size_t(cmd.IdxOffset) * sizeof(ImDrawIdx)), GLint(cmd.VtxOffset));
  }
  glBindVertexArray(0);
  glDisable(GL_BLEND);
  if (glDebugEnabled()) checkGlErrors("overlay");
}

}  // namespace psoas
