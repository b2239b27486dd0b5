#pragma once
// What render and batch share: resolving the atlas, applying command-line overrides to a view state,
// checking the output path before any work, and rendering.
#include <filesystem>

#include "cli/commands.hpp"
#include "core/atlas.hpp"
#include "core/view_state.hpp"

namespace psoas::cli {

struct FigureJob {
  ViewState state;
  std::filesystem::path stateFile;  // where the state came from, for messages (may be empty)
  std::filesystem::path out;
  SceneState scene;
};

void validateOutputPath(const std::filesystem::path& out);
// --model files make an atlas of their own; otherwise --atlas, the state's atlas, or the built-in one.
Atlas loadAtlasForFigures(const RenderArgs& a, const std::string& stateAtlas, const std::filesystem::path& stateFile);
// Command-line options override what the state says; ids are checked against the atlas.
void applyOverrides(const RenderArgs& a, const Atlas& atlas, ViewState& state);
// --attachments, --labels, --referral, --side, --symptom, --clip, --envelope, --no-legend.
void applyTeachingOverrides(const RenderArgs& a, const Atlas& atlas, ViewState& state);

}  // namespace psoas::cli
