#pragma once
// Figures of any size up to the format's limit, whatever the window or GPU limit: large images are
// rendered in overlapping tiles and stitched, so screen-space effects have no seams.
#include <cstdint>
#include <filesystem>

#include "core/image.hpp"
#include "core/view_state.hpp"

namespace psoas {

class Renderer;
struct Atlas;
struct SceneState;
struct PenMarks;

struct FigureStats {
  int tiles = 1;
};

// Memory a figure takes at its peak (bytes): the render targets of one tile (or of the whole image when
// tile is 0), the stitched image and its PNG encoding. A GL-free estimate, within about 20 %.
std::uint64_t figureMemoryBytes(int width, int height, int ssaa, int tile);
// The tile size to draw a figure with (0: in one piece) so that it fits in `available` bytes; smaller tiles
// only cost a little time. Throws RenderError naming the figure, what it needs and what would fit.
int chooseFigureTile(int width, int height, int ssaa, int gpuLimit, std::uint64_t available);
// What this process can still allocate: the kernel's MemAvailable, and the address-space limit (ulimit -v).
std::uint64_t availableMemoryBytes();
// Checks a figure against the memory before any GL work, assuming a GPU limit of 16384.
void checkFigureFits(const FigureSettings& figure);

// tileSize 0: tile only when the image is too large to render at once (or too large for the memory).
// `pen`: the window's pen strokes, already in the figure's pixels (an F12 screenshot taken while drawn).
Image renderFigure(Renderer& renderer, const Atlas& atlas, const SceneState& scene, const FigureSettings& figure,
                   FigureStats* stats = nullptr, int tileSize = 0, const PenMarks* pen = nullptr);

// Renders and writes a PNG (atomically) with its dpi and the view state that reproduces it.
void exportFigure(Renderer& renderer, const Atlas& atlas, const SceneState& scene, const ViewState& state,
                  const std::filesystem::path& out, FigureStats* stats = nullptr, const PenMarks* pen = nullptr);

}  // namespace psoas
