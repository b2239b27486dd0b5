#pragma once
// What `render --story`, `render --grid` and `handout` share: a story's steps turned into figure jobs
// (the step's scene with the command-line options over it), checked before any GL work, and drawn one
// pose at a time.
#include <optional>
#include <string>
#include <vector>

#include "cli/figure_job.hpp"
#include "core/image.hpp"
#include "core/posed_atlas.hpp"
#include "core/story.hpp"

namespace psoas {
class Renderer;
}

namespace psoas::cli {

struct StepFigure {
  int number = 0;       // from 1
  std::string caption;  // its numbers filled in for the step's pose
  FigureJob job;        // state (pose resolved), scene filled in by drawStep
};

// The story given to --story (an id or a file), read and checked against the atlas.
Story openStory(const std::string& idOrFile, const Atlas& atlas);
// Each step's scene, the options of `a` applied over it (size, side, pose, ...), checked; numbers from 1.
std::vector<StepFigure> prepareSteps(const RenderArgs& a, const Atlas& atlas, const Story& story,
                                     const std::vector<int>& numbers);
// Draws a prepared figure (posing a copy of the atlas when the state is posed; the rig is built at the first
// posed figure). Fills job.scene.
Image drawFigure(Renderer& renderer, const Atlas& atlas, std::optional<PoseRig>& rig, FigureJob& job);

// render --story ID|FILE --step N | --all-steps: NAME.png for one step, NAME-01.png ... for all.
int runStoryRender(const RenderArgs& a);
// render --grid COLSxROWS: several figures (one per --pose, or the story steps chosen) in one PNG.
int runGrid(const RenderArgs& a);

}  // namespace psoas::cli
