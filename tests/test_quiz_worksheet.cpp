// Worksheets (issue 18): the labels of a figure replaced by numbers through SceneState::labelText, one number per
// answer, the key figure with the same numbers beside the names, no two labels overlapping; and the CLI that
// renders both PNGs headless; and a Find-it question answered by a headless pick.
#include <doctest/doctest.h>

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "core/annotations.hpp"
#include "core/atlas.hpp"
#include "core/errors.hpp"
#include "core/file_util.hpp"
#include "core/image.hpp"
#include "core/quiz.hpp"
#include "core/resources.hpp"
#include "core/view_state.hpp"
#include "render/renderer.hpp"
#include "test_support.hpp"

using namespace psoas;
namespace fs = std::filesystem;

namespace {

const Atlas& builtinWithMeshes() {
  static const Atlas atlas = loadAtlas(builtinAtlasPath());  // anchors need the meshes; no GL
  return atlas;
}

SceneState worksheetScene(const Atlas& atlas, const std::string& set, const std::string& view) {
  WorksheetPlan plan = worksheetPlan(atlas, set);
  ViewState state;
  state.view = view;
  state.labelSets = plan.labelSets;
  state.overlays = plan.overlays;
  state.legend = false;
  return applyViewState(atlas, state, atlas.file);
}

// Text 9 px a character, 16 px high: a stand-in for the renderer's font, enough for layout.
Annotations layout(const Atlas& atlas, const SceneState& scene) {
  return buildAnnotations(atlas, scene, 1600, 1200,
                          [](const std::string& t) { return glm::vec2(9.f * float(t.size()), 16.f); });
}

void checkNoOverlap(const Annotations& a) {
  for (std::size_t i = 0; i < a.labels.size(); ++i)
    for (std::size_t j = i + 1; j < a.labels.size(); ++j) {
      const auto &p = a.labels[i], &q = a.labels[j];
      bool apart = p.boxMax.x <= q.boxMin.x || q.boxMax.x <= p.boxMin.x || p.boxMax.y <= q.boxMin.y ||
                   q.boxMax.y <= p.boxMin.y;
      CHECK_MESSAGE(apart, p.text << " overlaps " << q.text);
    }
}

}  // namespace

TEST_CASE("quiz worksheet: numbered labels match the key and never overlap") {
  const Atlas& atlas = builtinWithMeshes();
  for (const char* set : {"bones", "muscles", "attachments", "landmarks", "all"}) {
    for (const char* view : {"anterior", "left"}) {
      INFO(set << " " << view);
      SceneState scene = worksheetScene(atlas, set, view);
      std::vector<WorksheetLabel> numbered = numberWorksheet(atlas, scene, false);
      REQUIRE(!numbered.empty());
      std::map<int, std::string> answerOf;
      for (std::size_t i = 0; i < numbered.size(); ++i) {
        CHECK(numbered[i].number == int(i) + 1);
        CHECK(!numbered[i].answer.empty());
        answerOf[numbered[i].number] = numbered[i].answer;
      }
      Annotations sheet = layout(atlas, scene);
      REQUIRE(!sheet.labels.empty());
      std::map<std::string, int> numberAt;  // label key -> number on the worksheet
      std::set<int> seen;
      for (const auto& l : sheet.labels) {
        int n = std::stoi(l.text);
        CHECK(std::to_string(n) == l.text);  // a number and nothing else: no name on the sheet
        CHECK(answerOf.count(n));
        CHECK(seen.insert(n).second);  // each number once
        numberAt[l.key] = n;
      }
      checkNoOverlap(sheet);

      numberWorksheet(atlas, scene, true);
      Annotations key = layout(atlas, scene);
      CHECK(key.labels.size() == sheet.labels.size());
      for (const auto& l : key.labels) {
        std::size_t gap = l.text.find("  ");
        REQUIRE(gap != std::string::npos);
        int n = std::stoi(l.text.substr(0, gap));
        CHECK(l.text.substr(gap + 2) == answerOf[n]);
        if (numberAt.count(l.key)) CHECK(numberAt[l.key] == n);  // the same label has the same number
      }
      checkNoOverlap(key);
    }
  }
}

TEST_CASE("quiz worksheet: label sets are chosen from data, and a set without one is refused") {
  const Atlas& atlas = builtinWithMeshes();
  CHECK(worksheetPlan(atlas, "muscles").labelSets == std::vector<std::string>{"muscles"});
  WorksheetPlan att = worksheetPlan(atlas, "attachments");
  CHECK(att.labelSets == std::vector<std::string>{"attachments"});
  CHECK(att.overlays.size() == 3);
  CHECK_THROWS_WITH_AS(worksheetPlan(atlas, "referral"), doctest::Contains("no label set for a worksheet"), UsageError);
  CHECK_THROWS_AS(worksheetPlan(atlas, "nerves"), UsageError);

  fs::path file = test::sourceDir() / "tests/data/teaching_atlas.json";
  Atlas second = loadAtlas(file);
  CHECK(worksheetPlan(second, "attachments").labelSets == std::vector<std::string>{"areas"});
  SceneState scene = worksheetScene(second, "all", "anterior");
  auto numbered = numberWorksheet(second, scene, false);
  CHECK(numbered.size() >= 3);
  CHECK_THROWS_AS(worksheetPlan(second, "bones"), UsageError);
}

TEST_CASE("quiz worksheet: the CLI renders the sheet and its key") {
  fs::path dir = test::scratchDir("quiz_worksheet");
  fs::path out = dir / "muscles.png";
  std::string log;
  int rc = test::runCli("quiz --worksheet --set muscles --view anterior --size 480x360 --out " + out.string(), log);
  INFO(log);
  REQUIRE(rc == 0);
  CHECK(log.find("1\t") != std::string::npos);
  Image sheet = readPng(out), key = readPng(dir / "muscles-key.png");
  CHECK(sheet.width == 480);
  CHECK(key.height == 360);
  CHECK(sheet.rgba != key.rgba);  // the key has names where the sheet has numbers

  CHECK(test::runCli("quiz --worksheet --set muscles", log) == 2);
  CHECK(log.find("--out") != std::string::npos);
  CHECK(test::runCli("quiz --worksheet --set muscles --view sideways --out " + out.string(), log) == 2);
  CHECK(log.find("unknown view") != std::string::npos);
  CHECK(test::runCli("quiz --worksheet --set referral --out " + out.string(), log) == 2);
  CHECK(test::runCli("quiz --list --worksheet", log) == 2);
}

TEST_CASE("quiz find it: a headless pick answers the question") {
  test::ensureGlContext();
  Atlas atlas = loadAtlas(test::testAtlas());
  ViewState spec;
  spec.view = "anterior";
  spec.figure.width = 320;
  spec.figure.height = 240;
  SceneState scene = applyViewState(atlas, spec, "");
  auto qs = generateQuiz(atlas, "all");
  AnswerMatcher matcher(atlas);
  auto question = [&](const std::string& key) {
    auto it = std::find_if(qs.begin(), qs.end(), [&](const QuizQuestion& q) { return q.key == key; });
    REQUIRE(it != qs.end());
    return *it;
  };
  // The click: the middle of the cube on screen (as the picking test of the renderer does).
  glm::vec3 c = atlas.structures[std::size_t(atlas.findStructure("cube"))].mesh->bounds.center();
  glm::vec3 p = projectToPixel(scene.camera, c, 320, 240);
  Renderer r;
  int picked = r.pick(atlas, scene, 320, 240, {p.x, p.y});
  REQUIRE(picked == atlas.findStructure("cube"));
  CHECK(matcher.checkPick(question("find_it:cube"), picked).correct);
  auto wrong = matcher.checkPick(question("find_it:diamond"), picked);
  CHECK(!wrong.correct);
  CHECK(wrong.feedback.find(atlas.structures[std::size_t(picked)].name) != std::string::npos);
  CHECK(!matcher.checkPick(question("find_it:cube"), r.pick(atlas, scene, 320, 240, {1.f, 1.f})).correct);
}
