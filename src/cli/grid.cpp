// render --grid COLSxROWS: several figures side by side in one PNG (standing vs sitting for an article),
// each cell rendered exactly as a single figure of --size would be.
#include <algorithm>
#include <cstdio>
#include <cstring>
#include <iostream>

#include "cli/story_render.hpp"
#include "core/errors.hpp"
#include "core/file_util.hpp"
#include "core/png_metadata.hpp"
#include "render/allocator.hpp"
#include "render/figure_export.hpp"
#include "render/headless_context.hpp"
#include "render/renderer.hpp"

namespace psoas::cli {
namespace fs = std::filesystem;

namespace {
std::pair<int, int> parseGrid(const std::string& text) {
  int cols = 0, rows = 0;
  char x = 0, extra = 0;
  if (std::sscanf(text.c_str(), "%d%c%d%c", &cols, &x, &rows, &extra) != 3 || x != 'x' || cols < 1 || rows < 1 ||
      cols > 16 || rows > 16)
    throw UsageError("invalid --grid " + quoteValue(text) + ": expected COLSxROWS such as 2x1, each 1..16");
  return {cols, rows};
}

// The cells' figure jobs: one per --pose, or one per chosen story step.
std::vector<FigureJob> gridCells(const RenderArgs& a, const Atlas& atlas) {
  std::vector<FigureJob> cells;
  if (!a.story.empty()) {
    if (a.poses.size() > 1) throw UsageError("--grid takes its cells from --story or from --pose, not both");
    Story story = openStory(a.story, atlas);
    std::vector<int> numbers;
    if (!a.steps.empty()) numbers = parseStepList(a.steps, int(story.steps.size()));
    else if (a.step > 0) numbers.push_back(a.step);
    else
      for (std::size_t i = 1; i <= story.steps.size(); ++i) numbers.push_back(int(i));
    for (auto& f : prepareSteps(a, atlas, story, numbers)) cells.push_back(std::move(f.job));
    return cells;
  }
  if (a.poses.size() < 2) throw UsageError("--grid needs its cells: two or more --pose, or --story ID [--steps 1,2]");
  ViewState base;
  fs::path stateFile;
  if (!a.state.empty()) {
    stateFile = a.state;
    base = loadViewState(a.state);
  }
  for (const std::string& pose : a.poses) {
    RenderArgs one = a;
    one.pose.preset = pose;
    FigureJob job;
    job.stateFile = stateFile;
    job.state = base;
    if (!a.atlas.empty()) job.state.atlas = fs::absolute(a.atlas).string();
    applyOverrides(one, atlas, job.state);
    (void)applyViewState(atlas, job.state, stateFile);
    job.state.pose = effectivePose(atlas.motion, job.state.pose);
    cells.push_back(std::move(job));
  }
  return cells;
}
}  // namespace

int runGrid(const RenderArgs& a) {
  try {
    if (!a.batch.empty()) throw UsageError("--grid and --batch do not go together");
    if (a.allSteps && !a.steps.empty()) throw UsageError("give --steps or --all-steps, not both");
    auto [cols, rows] = parseGrid(a.grid);
    validateOutputPath(a.out);
    if (a.sizeOpt && a.sizeOpt->count()) parseSize(a.size, 16384);
    Atlas atlas = loadAtlasForFigures(a, "", "");
    returnFreedMemory();
    std::vector<FigureJob> cells = gridCells(a, atlas);
    if (int(cells.size()) > cols * rows)
      throw UsageError(std::to_string(cells.size()) + " figures do not fit in a --grid of " + a.grid + " (" +
                       std::to_string(cols * rows) + " cells)");
    const FigureSettings& cell = cells.front().state.figure;
    if (long(cell.width) * cols > 16384 || long(cell.height) * rows > 16384)
      throw UsageError("the grid would be " + std::to_string(cell.width * cols) + "x" + std::to_string(cell.height * rows) +
                       " pixels; at most 16384 per side: choose a smaller --size (it is each cell's)");
    for (const auto& c : cells) checkFigureFits(c.state.figure);

    HeadlessContext context(a.glDebug);
    Renderer renderer;
    std::optional<PoseRig> rig;
    // Unfilled cells show the background, as the space around a figure does.
    Image grid(cell.width * cols, cell.height * rows);
    glm::vec4 bg = cell.clearColor();
    for (std::size_t p = 0; p < grid.rgba.size(); p += 4)
      for (int k = 0; k < 4; ++k) grid.rgba[p + std::size_t(k)] = std::uint8_t(std::clamp(bg[k], 0.f, 1.f) * 255.f + 0.5f);
    for (std::size_t i = 0; i < cells.size(); ++i) {
      Image img = drawFigure(renderer, atlas, rig, cells[i]);
      int x0 = int(i % std::size_t(cols)) * cell.width, y0 = int(i / std::size_t(cols)) * cell.height;
      for (int y = 0; y < img.height && y < cell.height; ++y)
        std::memcpy(grid.pixel(x0, y0 + y), img.pixel(0, y), std::size_t(std::min(img.width, cell.width)) * 4);
    }
    PngMetadata meta;
    if (cell.dpi > 0.f) meta.dpi = cell.dpi;
    meta.text["Software"] = "Psoas Atlas";
    writePng(grid, a.out, meta);
    if (!a.quiet)
      std::cout << "wrote " << a.out << " (" << grid.width << "x" << grid.height << ", " << cells.size() << " figures in "
                << cols << "x" << rows << ")\n";
    return kOk;
  } catch (const std::exception& e) {
    return reportError(e);
  }
}

}  // namespace psoas::cli
