// psoas-atlas quiz --list [--json] [--set NAME] [--atlas FILE] [--seed N]: the generated self-test questions,
// so a teacher can check them (issue 18); only the atlas JSON is read, no mesh. And
// quiz --worksheet --set NAME [--view V] [--size WxH] --out FILE.png: a figure whose labels are numbers, plus
// FILE-key.png with the answers beside the same numbers.
#include <iostream>

#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "cli/figure_job.hpp"
#include "core/atlas.hpp"
#include "core/errors.hpp"
#include "core/file_util.hpp"
#include "core/quiz.hpp"
#include "core/view_state.hpp"
#include "render/figure_export.hpp"
#include "render/headless_context.hpp"
#include "render/renderer.hpp"
#include "render/worksheet_export.hpp"

namespace psoas::cli {

namespace {
nlohmann::ordered_json questionJson(const Atlas& atlas, const QuizQuestion& q) {
  // Ordered: kind, prompt and answer first, as a teacher reads them.
  nlohmann::ordered_json j{{"kind", quizKindName(q.kind)},
                           {"prompt", q.prompt},
                           {"answer", q.answer},
                           {"structures", q.structures},
                           {"key", q.key},
                           {"choices", q.choices},
                           {"correct_choice", q.correctChoice},
                           {"ask_side", q.askSide}};
  if (q.region >= 0) j["region"] = atlas.regions[std::size_t(q.region)].id;
  if (q.landmark >= 0) j["landmark"] = atlas.landmarks[std::size_t(q.landmark)].id;
  if (!q.fact.empty()) j["fact"] = q.fact;
  if (q.kind == QuizKind::Motion) {  // the pose the model shows with the answer
    nlohmann::ordered_json pose{{"preset", q.pose.preset}, {"joints", nlohmann::ordered_json::object()}};
    for (const auto& [id, deg] : q.pose.joints) pose["joints"][id] = deg;
    j["pose"] = pose;
  }
  return j;
}

int runWorksheet(const QuizArgs& a) {
  // Everything that can be checked without a GPU first: set, output, size, atlas, view, label sets.
  requireQuizSet(a.set);
  std::filesystem::path out = a.out, key = worksheetKeyFile(out);
  validateOutputPath(out);
  FigureSettings figure;
  std::tie(figure.width, figure.height) = parseSize(a.size, 16384);
  std::filesystem::path file = atlasPathOrDefault(a.atlas);
  Atlas atlas = loadAtlas(file);
  printAtlasWarnings(atlas);
  ViewState state = worksheetState(atlas, a.set, a.view, figure, a.atlas);
  checkFigureFits(state.figure);
  HeadlessContext context(false);
  Renderer renderer;
  std::vector<WorksheetLabel> labels = exportWorksheet(renderer, atlas, state, file, out);
  if (!a.quiet) {
    for (const auto& l : labels) std::cout << l.number << "\t" << l.answer << "\n";
    std::cout << "wrote " << out.string() << " and " << key.string() << "\n";
  }
  return kOk;
}

}  // namespace

CLI::App* addQuizCommand(CLI::App& app, QuizArgs& a) {
  CLI::App* cmd = app.add_subcommand("quiz", "Self-test questions generated from the atlas (--list to print them)");
  cmd->add_flag("--list", a.list, "Print the generated questions");
  cmd->add_flag("--json", a.json, "With --list: one JSON array of {kind, key, prompt, answer, structures, choices, ...}");
  std::string sets;
  for (const auto& n : quizSetNames()) sets += (sets.empty() ? "" : ", ") + n;
  cmd->add_option("--set", a.set, "Question set: " + sets + " (default: all)");
  cmd->add_option("--seed", a.seed, "Seed for the order of the multiple-choice answers (default 1)");
  cmd->add_flag("--worksheet", a.worksheet, "Render a worksheet: numbered labels, and FILE-key.png with the answers");
  cmd->add_option("--view", a.view, "With --worksheet: the view (default anterior)");
  cmd->add_option("--size", a.size, "With --worksheet: image size WxH (default 1600x1200)");
  cmd->add_option("--out", a.out, "With --worksheet: the PNG to write (the key goes beside it)")->check(fileNameCheck());
  cmd->add_flag("--quiet", a.quiet, "With --worksheet: print nothing on success");
  cmd->add_option("--atlas", a.atlas, "Atlas JSON file (default: the built-in atlas)")
      ->check(CLI::Validator(
          [](std::string& v) -> std::string {
            if (v.empty()) return "an empty file name";
            if (hasControlChars(v)) return "the file name " + quoteValue(v) + " contains control characters";
            return {};
          },
          "FILE"));
  return cmd;
}

int runQuiz(const QuizArgs& a) {
  try {
    if (a.list == a.worksheet)
      throw UsageError("quiz: give --list to print the questions or --worksheet to render a worksheet (the "
                       "interactive quiz is in the viewer's Teach menu)");
    if (a.worksheet) return runWorksheet(a);
    requireQuizSet(a.set);  // an unknown set is a usage error, reported before any file is read
    std::filesystem::path file = atlasPathOrDefault(a.atlas);
    Atlas atlas = parseAtlas(readTextFile(file), file);
    std::vector<QuizQuestion> qs = generateQuiz(atlas, a.set, a.seed);
    if (a.json) {
      nlohmann::ordered_json out = nlohmann::ordered_json::array();
      for (const auto& q : qs) out.push_back(questionJson(atlas, q));
      std::cout << out.dump(2) << "\n";
    } else {
      for (const auto& q : qs)
        std::cout << quizKindName(q.kind) << "\t" << q.prompt << "\t" << q.answer << "\n";
      std::cout << qs.size() << " questions in set " << a.set << "\n";
    }
    std::cout.flush();
    if (!std::cout) throw OutputError("standard output", "could not be written");
    return kOk;
  } catch (const std::exception& e) {
    return reportError(e);
  }
}

}  // namespace psoas::cli
