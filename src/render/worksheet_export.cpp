#include "render/worksheet_export.hpp"

#include "core/errors.hpp"
#include "core/file_util.hpp"
#include "render/figure_export.hpp"

namespace psoas {

std::filesystem::path worksheetKeyFile(const std::filesystem::path& out) {
  std::filesystem::path key = out;
  key.replace_filename(out.stem().string() + "-key" + out.extension().string());
  return key;
}

ViewState worksheetState(const Atlas& atlas, const std::string& set, const std::string& view,
                         const FigureSettings& figure, const std::string& atlasArg) {
  requireQuizSet(set);
  if (!atlas.findView(view))
    throw UsageError("unknown view " + quoteValue(view) + " (expected one of: " + atlas.viewIds() + ")");
  WorksheetPlan plan = worksheetPlan(atlas, set);
  ViewState state;
  state.figure = figure;
  if (!atlasArg.empty()) state.atlas = std::filesystem::absolute(atlasArg).string();
  state.view = view;
  state.labelSets = plan.labelSets;
  state.overlays = plan.overlays;
  state.legend = false;  // the legend would name what the numbers ask
  return state;
}

std::vector<WorksheetLabel> exportWorksheet(Renderer& renderer, const Atlas& atlas, const ViewState& state,
                                            const std::filesystem::path& atlasFile, const std::filesystem::path& out) {
  SceneState scene = applyViewState(atlas, state, atlasFile);
  std::vector<WorksheetLabel> labels = numberWorksheet(atlas, scene, false);
  if (labels.empty())
    throw UsageError("nothing to number: the worksheet's labels are all hidden in view " + quoteValue(state.view));
  exportFigure(renderer, atlas, scene, state, out);
  numberWorksheet(atlas, scene, true);
  exportFigure(renderer, atlas, scene, state, worksheetKeyFile(out));
  return labels;
}

}  // namespace psoas
