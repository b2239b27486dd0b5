// psoas-atlas story --list, and render --story: a story's steps as figures.
#include <cstdio>
#include <iostream>

#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "cli/story_render.hpp"
#include "core/errors.hpp"
#include "core/file_util.hpp"
#include "render/allocator.hpp"
#include "render/figure_export.hpp"
#include "render/headless_context.hpp"
#include "render/renderer.hpp"

namespace psoas::cli {
namespace fs = std::filesystem;

CLI::App* addStoryCommand(CLI::App& app, StoryArgs& a) {
  CLI::App* cmd = app.add_subcommand("story", "List the built-in stories (render them with render --story ID)");
  cmd->add_flag("--list", a.list, "List the built-in stories: id, title, number of steps");
  cmd->add_flag("--json", a.json, "Print JSON instead of a table");
  return cmd;
}

int runStory(const StoryArgs& a) {
  try {
    if (!a.list) throw UsageError("give --list (psoas-atlas story --list [--json])");
    nlohmann::json list = nlohmann::json::array();
    for (const fs::path& file : builtinStoryFiles()) {
      Story s = loadStory(file);  // a damaged built-in story is reported, not skipped
      if (a.json) {
        nlohmann::json steps = nlohmann::json::array();
        for (const auto& st : s.steps) steps.push_back(st.title);
        list.push_back({{"id", s.id}, {"title", s.title}, {"steps", s.steps.size()}, {"step_titles", steps},
                        {"summary", s.summary}, {"file", file.string()}});
      } else {
        std::printf("  %-18s %-34s %zu steps\n", s.id.c_str(), s.title.c_str(), s.steps.size());
      }
    }
    if (a.json) std::cout << list.dump(2) << "\n";
    return kOk;
  } catch (const std::exception& e) {
    return reportError(e);
  }
}

Story openStory(const std::string& idOrFile, const Atlas& atlas) {
  Story story = loadStory(findStory(idOrFile));
  checkStory(atlas, story);
  return story;
}

std::vector<StepFigure> prepareSteps(const RenderArgs& a, const Atlas& atlas, const Story& story,
                                     const std::vector<int>& numbers) {
  std::vector<StepFigure> out;
  for (int n : numbers) {
    if (n < 1 || n > int(story.steps.size()))
      throw UsageError("step " + std::to_string(n) + " is out of range: " + quoteValue(story.id) + " has steps 1.." +
                       std::to_string(story.steps.size()));
    const StoryStep& step = story.steps[std::size_t(n - 1)];
    StepFigure f;
    f.number = n;
    f.job.stateFile = story.file;
    f.job.state = step.scene;
    if (!a.atlas.empty()) f.job.state.atlas = fs::absolute(a.atlas).string();
    applyOverrides(a, atlas, f.job.state);
    (void)applyViewState(atlas, f.job.state, story.file);
    f.job.state.pose = effectivePose(atlas.motion, f.job.state.pose);
    f.caption = expandCaption(atlas, step.caption, f.job.state.pose);
    checkFigureFits(f.job.state.figure);
    out.push_back(std::move(f));
  }
  return out;
}

Image drawFigure(Renderer& renderer, const Atlas& atlas, std::optional<PoseRig>& rig, FigureJob& job) {
  if (job.state.pose.isStanding()) {
    job.scene = applyViewState(atlas, job.state, job.stateFile);
    return renderFigure(renderer, atlas, job.scene, job.state.figure);
  }
  if (!rig) rig = commandPoseRig(atlas);
  Atlas posed = posedAtlas(atlas, *rig, job.state.pose);
  job.scene = applyViewState(atlas, posed, job.state, job.stateFile);  // the view fitted to the posed model
  return renderFigure(renderer, posed, job.scene, job.state.figure);
}

namespace {
// out/NAME.png -> out/NAME-07.png
fs::path numberedOutput(const fs::path& out, int n) {
  char num[16];
  std::snprintf(num, sizeof num, "-%02d", n);
  return out.parent_path() / (out.stem().string() + num + out.extension().string());
}
}  // namespace

int runStoryRender(const RenderArgs& a) {
  try {
    if (!a.state.empty() || !a.batch.empty())
      throw UsageError("--story takes its scenes from the story; drop --state/--batch");
    if (a.allSteps == (a.step > 0)) throw UsageError("--story needs either --step N (from 1) or --all-steps");
    if (!a.steps.empty()) throw UsageError("--steps is for --grid and handout; use --step N or --all-steps");
    validateOutputPath(a.out);
    Atlas atlas = loadAtlasForFigures(a, "", "");
    returnFreedMemory();
    Story story = openStory(a.story, atlas);
    std::vector<int> numbers;
    if (a.allSteps)
      for (std::size_t i = 1; i <= story.steps.size(); ++i) numbers.push_back(int(i));
    else
      numbers.push_back(a.step);
    std::vector<StepFigure> figures = prepareSteps(a, atlas, story, numbers);
    for (auto& f : figures) f.job.out = a.allSteps ? numberedOutput(a.out, f.number) : fs::path(a.out);

    HeadlessContext context(a.glDebug);
    Renderer renderer;
    std::optional<PoseRig> rig;
    for (auto& f : figures) {
      if (f.job.state.pose.isStanding()) {
        f.job.scene = applyViewState(atlas, f.job.state, f.job.stateFile);
        exportFigure(renderer, atlas, f.job.scene, f.job.state, f.job.out);
      } else {
        if (!rig) rig = commandPoseRig(atlas);
        Atlas posed = posedAtlas(atlas, *rig, f.job.state.pose);
        f.job.scene = applyViewState(atlas, posed, f.job.state, f.job.stateFile);
        exportFigure(renderer, posed, f.job.scene, f.job.state, f.job.out);
      }
      if (!a.quiet)
        std::printf("wrote %s (step %d of %zu, %s%s%s)\n", f.job.out.c_str(), f.number, story.steps.size(),
                    story.steps[std::size_t(f.number - 1)].title.c_str(),  // a step made in the window may have none
                    story.steps[std::size_t(f.number - 1)].title.empty() ? "" : ": ", f.caption.c_str());
    }
    return kOk;
  } catch (const std::exception& e) {
    return reportError(e);
  }
}

}  // namespace psoas::cli
