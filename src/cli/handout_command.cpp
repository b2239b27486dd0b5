// psoas-atlas handout: a story's steps (figures at 300 dpi with their captions), the client's symptoms with
// their explanations, the exercises and what the evidence tags mean, as a PDF or a one-page PNG.
#include <iostream>
#include <set>

#include "cli/commands.hpp"
#include "cli/handout_layout.hpp"
#include "cli/story_render.hpp"
#include "core/errors.hpp"
#include "core/file_util.hpp"
#include "render/allocator.hpp"
#include "render/headless_context.hpp"
#include "render/renderer.hpp"

namespace psoas::cli {
namespace fs = std::filesystem;

namespace {
// Figures on paper: 4 x 3 inches at 300 dpi (the aspect of the default figure): two steps to a page.
constexpr double kFigureDpi = 300;
constexpr int kFigureWidth = 1200, kFigureHeight = 900;
constexpr const char* kNote =
    "For education only: this sheet explains, it does not diagnose. See a clinician for pain that persists or worries you.";

std::string evidenceLine(const Atlas& atlas, const std::vector<std::string>& ids, std::set<int>& used) {
  std::string line = "Evidence: ";
  for (std::size_t i = 0; i < ids.size(); ++i) {
    int e = findId(atlas.evidenceLevels, ids[i]);
    used.insert(e);
    line += (i ? "; " : "") + atlas.evidenceLevels[std::size_t(e)].name;
  }
  return line;
}

HandoutSection symptomSection(const Atlas& atlas, const std::vector<std::string>& ids, std::set<int>& used) {
  HandoutSection s{"Your symptoms", {}};
  for (const std::string& id : ids) {
    const Symptom& sym = atlas.symptoms[std::size_t(findId(atlas.symptoms, id))];
    HandoutItem item{(sym.redFlag ? "See a clinician: " : "") + sym.name, sym.explanation, sym.advice, ""};
    if (sym.cite.evidence >= 0) {
      used.insert(sym.cite.evidence);
      item.evidence = "Evidence: " + atlas.evidenceLevels[std::size_t(sym.cite.evidence)].name;
    }
    s.items.push_back(item);
  }
  return s;
}

HandoutSection exerciseSection(const Atlas& atlas, const Story& exercises, std::set<int>& used) {
  HandoutSection s{exercises.title, {}};
  for (const StoryStep& step : exercises.steps) {
    std::string text = expandCaption(atlas, step.caption, effectivePose(atlas.motion, step.scene.pose));
    s.items.push_back({step.title, text, "", evidenceLine(atlas, step.evidence, used)});
  }
  return s;
}

std::vector<std::string> chosenSymptoms(const HandoutArgs& a, const Atlas& atlas, const Story& story) {
  if (a.symptoms.empty()) return story.symptoms;
  for (const std::string& id : a.symptoms)
    if (findId(atlas.symptoms, id) < 0) {
      std::string known;
      for (const auto& s : atlas.symptoms) known += (known.empty() ? "" : ", ") + s.id;
      throw UsageError("unknown --symptom " + quoteValue(id) + " (known: " + known + ")");
    }
  return a.symptoms;
}

void checkHandoutOutput(const fs::path& out) {
  std::string ext = out.extension().string();
  if (ext != ".pdf" && ext != ".png")
    throw UsageError("handout output " + quoteValue(out.string()) + " must end in .pdf or .png");
  std::error_code ec;
  if (fs::is_directory(out, ec)) throw UsageError("output " + quoteValue(out.string()) + " is a directory");
  fs::path dir = out.parent_path().empty() ? fs::path(".") : out.parent_path();
  if (!fs::is_directory(dir, ec)) throw UsageError("output directory " + quoteValue(dir.string()) + " does not exist");
}
}  // namespace

CLI::App* addHandoutCommand(CLI::App& app, HandoutArgs& a) {
  CLI::App* cmd = app.add_subcommand("handout", "A take-home sheet for a client from a story (PDF, or a one-page PNG)");
  cmd->add_option("--story", a.story, "A built-in story id (psoas-atlas story --list) or a story file")
      ->required()->check(fileNameCheck());
  cmd->add_option("--steps", a.steps, "The steps to print, e.g. 1,3,4 (default: all)");
  cmd->add_option("--side", a.side, "Side of the pain areas shown: left, right or both")->capture_default_str();
  cmd->add_option("--symptom", a.symptoms, "Symptom ids to explain (default: the story's own)")->expected(1, -1);
  cmd->add_option("--paper", a.paper, "Paper size: a4 or letter")->capture_default_str();
  cmd->add_option("--atlas", a.atlas, "Atlas JSON file (default: the built-in atlas)")->check(fileNameCheck());
  cmd->add_option("-o,--out", a.out, "FILE.pdf or FILE.png (written atomically)")->required()->check(fileNameCheck());
  cmd->add_flag("-q,--quiet", a.quiet, "Print nothing on success");
  return cmd;
}

std::string makeHandout(const HandoutArgs& a, const Atlas& atlas, Renderer& renderer) {
  checkHandoutOutput(a.out);
  Paper paper = parsePaper(a.paper);
  RenderArgs r;
  r.atlas = a.atlas;
  r.side = a.side;  // checked by the render options' own rules
  Story story = openStory(a.story, atlas);
  std::vector<int> numbers;
  if (!a.steps.empty()) numbers = parseStepList(a.steps, int(story.steps.size()));
  else
    for (std::size_t i = 1; i <= story.steps.size(); ++i) numbers.push_back(int(i));
  std::vector<StepFigure> figures = prepareSteps(r, atlas, story, numbers);
  std::vector<std::string> symptoms = chosenSymptoms(a, atlas, story);
  std::optional<Story> exercises;
  if (!story.exercises.empty() && story.exercises != story.id) {
    // A file named by a story file is relative to it, as a batch file's paths are.
    fs::path ex = story.exercises;
    bool isFile = story.exercises.find('/') != std::string::npos || ex.extension() == ".json";
    exercises = openStory(isFile && ex.is_relative() ? (story.file.parent_path() / ex).string() : story.exercises, atlas);
  }

  HandoutContent content;
  content.title = story.title;
  content.summary = story.summary;
  content.footer = kNote;
  std::set<int> used;
  std::optional<PoseRig> rig;
  for (auto& f : figures) {
    f.job.state.figure.width = kFigureWidth;
    f.job.state.figure.height = kFigureHeight;
    f.job.state.figure.dpi = float(kFigureDpi);
    f.job.state.figure.transparent = false;
    const StoryStep& step = story.steps[std::size_t(f.number - 1)];
    content.figures.push_back({"Step " + std::to_string(f.number) + ". " + step.title, f.caption,
                               evidenceLine(atlas, step.evidence, used), drawFigure(renderer, atlas, rig, f.job),
                               kFigureDpi});
  }
  if (!symptoms.empty()) content.sections.push_back(symptomSection(atlas, symptoms, used));
  if (exercises) content.sections.push_back(exerciseSection(atlas, *exercises, used));
  HandoutSection key{"What the evidence tags mean", {}};
  for (int e : used) {
    const EvidenceLevel& level = atlas.evidenceLevels[std::size_t(e)];
    key.items.push_back({level.name, level.description, "", ""});
  }
  content.sections.push_back(key);
  if (fs::path(a.out).extension() == ".pdf") writeHandoutPdf(content, paper, a.out);
  else writeHandoutPng(content, paper, a.out);
  return story.title + ": " + std::to_string(figures.size()) + " steps, " + std::to_string(symptoms.size()) + " symptoms" +
         (exercises ? ", " + std::to_string(exercises->steps.size()) + " exercises" : "");
}

int runHandout(const HandoutArgs& a) {
  try {
    // What can be checked without the atlas or a GPU first.
    checkHandoutOutput(a.out);
    (void)parsePaper(a.paper);
    RenderArgs r;
    r.atlas = a.atlas;
    Atlas atlas = loadAtlasForFigures(r, "", "");
    returnFreedMemory();
    HeadlessContext context(false);
    Renderer renderer;
    std::string summary = makeHandout(a, atlas, renderer);
    if (!a.quiet) std::cout << "wrote " << a.out << " (" << summary << ")\n";
    return kOk;
  } catch (const std::exception& e) {
    return reportError(e);
  }
}

}  // namespace psoas::cli
