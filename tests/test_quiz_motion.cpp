// Motion questions (issue 18): generated from the pose presets and the muscle-path lengths of the data, answered
// by the same length computation as `measure`, typed answers matched against the choices, and listed by the CLI.
#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/atlas.hpp"
#include "core/file_util.hpp"
#include "core/quiz.hpp"
#include "core/resources.hpp"
#include "test_support.hpp"

using namespace psoas;

namespace {
const Atlas& jsonOnly() {  // lengths need no meshes
  static const Atlas atlas = parseAtlas(readTextFile(builtinAtlasPath()), builtinAtlasPath());
  return atlas;
}
const QuizQuestion& byKey(const std::vector<QuizQuestion>& qs, const std::string& key) {
  auto it = std::find_if(qs.begin(), qs.end(), [&](const QuizQuestion& q) { return q.key == key; });
  REQUIRE_MESSAGE(it != qs.end(), key);
  return *it;
}
double percentIn(const Atlas& a, const std::string& muscle, const Pose& pose) {
  for (const auto& row : measureMuscles(a.motion, pose))
    if (row.id == muscle) return row.percentOfStanding;
  FAIL("no path for " << muscle);
  return 0;
}
}  // namespace

TEST_CASE("quiz motion: every muscle path is asked about, answered by its measured lengths") {
  const Atlas& a = jsonOnly();
  auto qs = generateQuiz(a, "motion");
  REQUIRE(!qs.empty());
  for (const auto& q : qs) {
    CHECK(q.kind == QuizKind::Motion);
    CHECK(q.key.rfind("motion:", 0) == 0);
    REQUIRE(q.correctChoice >= 0);
    REQUIRE(std::size_t(q.correctChoice) < q.choices.size());
    CHECK(q.choices[std::size_t(q.correctChoice)] == q.answer);
    CHECK(q.choices.size() >= 3);
    CHECK(!q.pose.isStanding());  // the model always has a pose to show
    CHECK(!q.fact.empty());
  }
  for (const auto& path : a.motion.muscles) {
    const std::string& m = path.muscle;
    // Which pose shortens it most: the measured minimum over the presets, asked only where that minimum is
    // clear, and every distractor clearly longer.
    std::vector<std::pair<double, const PosePreset*>> ranked;
    for (const auto& p : a.motion.poses) ranked.push_back({percentIn(a, m, p.pose), &p});
    std::sort(ranked.begin(), ranked.end(), [](const auto& x, const auto& y) { return x.first < y.first; });
    REQUIRE(ranked.size() >= 2);
    bool clear = ranked[1].first - ranked[0].first >= kMotionChangePercent;
    auto it = std::find_if(qs.begin(), qs.end(), [&](const QuizQuestion& q) { return q.key == "motion:shortest_pose:" + m; });
    CHECK_MESSAGE((it != qs.end()) == clear, m);
    if (it != qs.end()) {
      const QuizQuestion& shortest = *it;
      const PosePreset* best = ranked[0].second;
      double bestPercent = ranked[0].first;
      CHECK(shortest.answer == best->name);
      CHECK(shortest.pose == best->pose);
      CHECK(shortest.structures == std::vector<std::string>{m});
      CHECK(shortest.choices.size() == 4);
      for (const auto& c : shortest.choices) {
        if (c == best->name) continue;
        auto p = std::find_if(a.motion.poses.begin(), a.motion.poses.end(), [&](const PosePreset& x) { return x.name == c; });
        REQUIRE(p != a.motion.poses.end());
        CHECK(percentIn(a, m, p->pose) >= bestPercent + kMotionChangePercent);
      }
    }
    // Its moment-arm joint both ways: the answer is what the measured length does.
    const Coordinate& c = a.motion.skeleton.coordinates[std::size_t(path.momentArmCoordinate)];
    for (const char* dir : {":minus:", ":plus:"}) {
      const QuizQuestion& q = byKey(qs, "motion:" + c.id + dir + m);
      double change = percentIn(a, m, q.pose) - 100.0;
      std::string expect = change >= kMotionChangePercent ? "It lengthens it" : change <= -kMotionChangePercent ? "It shortens it" : "It hardly changes it";
      CHECK(q.answer == expect);
      CHECK((q.pose.angle(c.id) < 0) == (std::string(dir) == ":minus:"));
    }
  }
  // The anatomy the data should teach: extending the hip lengthens the psoas, flexing it shortens it, and
  // the prompt says "extension" (from the joint's name in the data, not from code).
  const QuizQuestion& ext = byKey(qs, "motion:hip_flexion_l:minus:psoas_major_l");
  CHECK(ext.answer == "It lengthens it");
  CHECK(ext.prompt.find("extension") != std::string::npos);
  CHECK(ext.prompt.find("psoas major") != std::string::npos);
  CHECK(byKey(qs, "motion:hip_flexion_l:plus:psoas_major_l").answer == "It shortens it");
  // Deterministic, and in "all" too.
  auto again = generateQuiz(a, "motion");
  REQUIRE(again.size() == qs.size());
  for (std::size_t i = 0; i < qs.size(); ++i) CHECK(again[i].choices == qs[i].choices);
  auto all = generateQuiz(a, "all");
  CHECK(std::count_if(all.begin(), all.end(), [](const QuizQuestion& q) { return q.kind == QuizKind::Motion; }) ==
        std::ptrdiff_t(qs.size()));
}

TEST_CASE("quiz motion: typed answers match the right choice, typos only while nearest") {
  const Atlas& a = jsonOnly();
  AnswerMatcher matcher(a);
  auto qs = generateQuiz(a, "motion");
  const QuizQuestion& ext = byKey(qs, "motion:hip_flexion_l:minus:psoas_major_l");
  CHECK(matcher.check(ext, "It lengthens it").correct);
  CHECK(matcher.check(ext, "lengthens").correct);
  auto typo = matcher.check(ext, "lenghtens");
  CHECK(typo.correct);
  CHECK(typo.typo);
  CHECK(!matcher.check(ext, "shortens").correct);
  CHECK(!matcher.check(ext, "hardly changes").correct);
  CHECK(!matcher.check(ext, "").correct);
  const QuizQuestion& shortest = byKey(qs, "motion:shortest_pose:psoas_major_l");
  CHECK(matcher.check(shortest, shortest.answer).correct);
  for (std::size_t k = 0; k < shortest.choices.size(); ++k) {
    CHECK(matcher.checkChoice(shortest, int(k)).correct == (int(k) == shortest.correctChoice));
    if (int(k) != shortest.correctChoice) CHECK(!matcher.check(shortest, shortest.choices[k]).correct);
  }
}

TEST_CASE("quiz motion: an atlas without muscle paths has none, and the CLI lists them with their pose") {
  auto second = parseAtlas(readTextFile(test::sourceDir() / "tests/data/teaching_atlas.json"),
                           test::sourceDir() / "tests/data/teaching_atlas.json");
  CHECK(motionQuestions(second, 1).empty());
  CHECK(generateQuiz(second, "motion").empty());
  std::string out;
  REQUIRE(test::runCli("quiz --list --json --set motion", out) == 0);
  auto j = nlohmann::json::parse(out);
  REQUIRE(!j.empty());
  for (const auto& q : j) {
    CHECK(q["kind"] == "motion");
    REQUIRE(q.contains("pose"));
    CHECK(q["pose"]["joints"].is_object());
    CHECK(!q["pose"]["joints"].empty());
  }
}
