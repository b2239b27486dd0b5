#include "render/figure_export.hpp"

#include <algorithm>
#include <cstring>

#include "core/annotations.hpp"
#include "core/atlas.hpp"
#include "core/errors.hpp"
#include "core/png_metadata.hpp"
#include "core/scene_state.hpp"
#include "render/renderer.hpp"

namespace psoas {

namespace {
// Wider than the farthest screen-space effect reaches (AO radius and outline, in output pixels).
constexpr int kMargin = 64;
// Tiles also bound memory: the supersampled passes of a 2048-pixel tile at SSAA 2 take ~0.4 GB.
constexpr int kTileTarget = 2048;
}  // namespace

Image renderFigure(Renderer& r, const Atlas& atlas, const SceneState& scene, const FigureSettings& fig,
                   FigureStats* stats, int tileSize) {
  const int w = fig.width, h = fig.height, ssaa = std::clamp(fig.ssaa, 1, 4);
  FrameOptions base{w, h, ssaa, fig.lineScale()};
  base.background = fig.clearColor();
  // A 673k-triangle OBJ figure then peaks at about 200 instead of 234 MiB, for the same time (one frame
  // has nothing to overlap with).
  base.flushEveryTriangles = 100000;
  // Labels and legend are laid out once for the whole image; every tile draws its part of them.
  // Text is 9 pt at the figure's dpi, or scaled with the image like the lines.
  float scale = fig.dpi > 0.f ? 9.f * fig.dpi / 72.f / 16.f : fig.lineScale() * 0.8f;
  AnnotationOptions ao;
  ao.scale = std::max(scale, 0.75f);
  Annotations notes = buildAnnotations(atlas, scene, w, h,
                                       [&](const std::string& t) { return r.measureText(t, 16.f * ao.scale); }, ao);
  base.annotations = &notes;
  int limit = Renderer::maxOutputSize();
  if (tileSize <= 0 && std::max(w, h) * ssaa <= std::min(limit, kTileTarget * 2)) {
    r.render(atlas, scene, base);
    if (stats) stats->tiles = 1;
    return r.readPixels();
  }
  int tile = std::min(tileSize > 0 ? tileSize : kTileTarget, limit / ssaa - 2 * kMargin);
  if (tile < 64) throw RenderError("the GPU's size limit is too small for supersampling " + std::to_string(ssaa));
  Image out(w, h);
  int count = 0;
  for (int ty = 0; ty < h; ty += tile)
    for (int tx = 0; tx < w; tx += tile) {
      int tw = std::min(tile, w - tx), th = std::min(tile, h - ty);
      FrameOptions f = base;
      f.width = tw + 2 * kMargin;
      f.height = th + 2 * kMargin;
      f.fullWidth = w;
      f.fullHeight = h;
      f.regionX = tx - kMargin;
      f.regionY = ty - kMargin;
      r.render(atlas, scene, f);
      Image part = r.readPixels();
      for (int y = 0; y < th; ++y)
        std::memcpy(out.pixel(tx, ty + y), part.pixel(kMargin, kMargin + y), std::size_t(tw) * 4);
      ++count;
    }
  if (stats) stats->tiles = count;
  return out;
}

void exportFigure(Renderer& r, const Atlas& atlas, const SceneState& scene, const ViewState& state,
                  const std::filesystem::path& out, FigureStats* stats) {
  Image img = renderFigure(r, atlas, scene, state.figure, stats);
  PngMetadata meta;
  if (state.figure.dpi > 0.f) meta.dpi = state.figure.dpi;
  // The exact camera is stored, so a figure made from a named view reopens identically even if the
  // atlas's fitting rules change later.
  ViewState exact = captureViewState(atlas, scene, state.figure);
  exact.atlas = state.atlas;
  meta.text[kViewStateChunkKey] = serializeViewState(exact);
  meta.text["Software"] = "Psoas Atlas";
  writePng(img, out, meta);
}

}  // namespace psoas
