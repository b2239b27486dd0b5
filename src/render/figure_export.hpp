#pragma once
// Figures of any size up to the format's limit, whatever the window or GPU limit: large images are
// rendered in overlapping tiles and stitched, so screen-space effects have no seams.
#include <filesystem>

#include "core/image.hpp"
#include "core/view_state.hpp"

namespace psoas {

class Renderer;
struct Atlas;
struct SceneState;

struct FigureStats {
  int tiles = 1;
};

// tileSize 0: tile only when the image is too large to render at once.
Image renderFigure(Renderer& renderer, const Atlas& atlas, const SceneState& scene, const FigureSettings& figure,
                   FigureStats* stats = nullptr, int tileSize = 0);

// Renders and writes a PNG (atomically) with its dpi and the view state that reproduces it.
void exportFigure(Renderer& renderer, const Atlas& atlas, const SceneState& scene, const ViewState& state,
                  const std::filesystem::path& out, FigureStats* stats = nullptr);

}  // namespace psoas
