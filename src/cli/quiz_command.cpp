// psoas-atlas quiz --list [--json] [--set NAME] [--atlas FILE] [--seed N]: the generated self-test questions,
// so a teacher can check them (issue 18). Only the atlas JSON is read; no mesh is loaded.
#include <iostream>

#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "core/atlas.hpp"
#include "core/errors.hpp"
#include "core/file_util.hpp"
#include "core/quiz.hpp"

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
  return j;
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
    if (!a.list)
      throw UsageError("quiz: give --list to print the questions (the interactive quiz is in the viewer's Teach menu)");
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
