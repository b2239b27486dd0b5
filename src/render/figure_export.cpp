#include "render/figure_export.hpp"

#include <algorithm>
#include <cstdio>
#include <cstring>

#include <sys/resource.h>
#include <unistd.h>

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

std::string gib(std::uint64_t bytes) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f GiB", double(bytes) / double(1ull << 30));
  return buf;
}
}  // namespace

std::uint64_t figureMemoryBytes(int width, int height, int ssaa, int tile) {
  const std::uint64_t w = std::uint64_t(width), h = std::uint64_t(height), s = std::uint64_t(ssaa);
  const std::uint64_t tw = tile > 0 ? std::uint64_t(tile + 2 * kMargin) : w;
  const std::uint64_t th = tile > 0 ? std::uint64_t(tile + 2 * kMargin) : h;
  // Per supersampled pixel: opaque colour RGBA16F 8, depth32F+stencil 8, transparency accumulation 8 and
  // weight 2, coverage mask 1 byte. Per output pixel of a tile: output and overlay RGBA8, depth cue at half
  // size, and the read-back copy. The whole image: the stitched pixels and, at worst, as much PNG.
  const std::uint64_t targets = tw * th * s * s * 27 + tw * th * 14;
  return targets + w * h * 4 * 2 + (64ull << 20);
}

int chooseFigureTile(int width, int height, int ssaa, int gpuLimit, std::uint64_t available) {
  int tile = std::max(width, height) * ssaa <= std::min(gpuLimit, kTileTarget * 2) ? 0 : kTileTarget;
  tile = tile > 0 ? std::min(tile, gpuLimit / ssaa - 2 * kMargin) : 0;
  for (int t : {tile, std::min(tile > 0 ? tile : kTileTarget, 1024), 512}) {
    if (t < 0) continue;
    if (figureMemoryBytes(width, height, ssaa, t) <= available) return t;
  }
  std::string msg = "a " + std::to_string(width) + "x" + std::to_string(height) + " figure with supersampling " +
                    std::to_string(ssaa) + " needs about " + gib(figureMemoryBytes(width, height, ssaa, 512)) +
                    " of memory, and " + gib(available) + " are available";
  int lower = ssaa - 1;
  while (lower >= 1 && figureMemoryBytes(width, height, lower, 512) > available) --lower;
  throw RenderError(msg + (lower >= 1 ? "; with --ssaa " + std::to_string(lower) + " it would fit"
                                      : std::string("; make it smaller (--size)")));
}

std::uint64_t availableMemoryBytes() {
  std::uint64_t avail = ~0ull;
  if (FILE* f = std::fopen("/proc/meminfo", "r")) {
    char line[256];
    unsigned long long kb = 0;
    while (std::fgets(line, sizeof line, f))
      if (std::sscanf(line, "MemAvailable: %llu kB", &kb) == 1) avail = kb << 10;
    std::fclose(f);
  }
  struct rlimit rl {};
  if (getrlimit(RLIMIT_AS, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY) {
    unsigned long long pages = 0;
    if (FILE* f = std::fopen("/proc/self/statm", "r")) {
      if (std::fscanf(f, "%llu", &pages) != 1) pages = 0;
      std::fclose(f);
    }
    std::uint64_t used = pages * std::uint64_t(sysconf(_SC_PAGESIZE));
    avail = std::min<std::uint64_t>(avail, rl.rlim_cur > used ? rl.rlim_cur - used : 0);
  }
  return avail;
}

void checkFigureFits(const FigureSettings& figure) {
  chooseFigureTile(figure.width, figure.height, std::clamp(figure.ssaa, 1, 4), 16384, availableMemoryBytes());
}

Image renderFigure(Renderer& r, const Atlas& atlas, const SceneState& scene, const FigureSettings& fig,
                   FigureStats* stats, int tileSize, const PenMarks* pen) {
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
  if (pen) notes.pen = *pen;
  base.annotations = &notes;
  int limit = Renderer::maxOutputSize();
  if (tileSize <= 0) tileSize = chooseFigureTile(w, h, ssaa, limit, availableMemoryBytes());
  if (tileSize <= 0) {
    r.render(atlas, scene, base);
    if (stats) stats->tiles = 1;
    return r.readPixels();
  }
  int tile = std::min(tileSize, limit / ssaa - 2 * kMargin);
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
                  const std::filesystem::path& out, FigureStats* stats, const PenMarks* pen) {
  Image img = renderFigure(r, atlas, scene, state.figure, stats, 0, pen);
  PngMetadata meta;
  if (state.figure.dpi > 0.f) meta.dpi = state.figure.dpi;
  // The exact camera is stored, so a figure made from a named view reopens identically even if the
  // atlas's fitting rules change later.
  ViewState exact = captureViewState(atlas, scene, state.figure);
  exact.atlas = state.atlas;
  exact.pose = state.pose;  // the atlas given is already posed: the state says which pose
  exact.pins = state.pins;  // ...and a posed mesh is not where a pin's point at rest is
  meta.text[kViewStateChunkKey] = serializeViewState(exact);
  meta.text["Software"] = "Psoas Atlas";
  writePng(img, out, meta);
}

}  // namespace psoas
