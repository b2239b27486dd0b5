// The self-test sitting the Teach > Self-test panel plays (core/quiz_runner.hpp), GL-free with an injected
// clock: flow, score, streak, time, time limits, keys, the review, CSV, the scene each question shows (and the
// user's scene given back), and "missed first the next day" across two sittings. Plus a Find-it question
// answered through the runner by a headless pick.
#include <doctest/doctest.h>

#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include <glm/vector_relational.hpp>

#include "core/annotations.hpp"
#include "core/atlas.hpp"
#include "core/file_util.hpp"
#include "core/quiz_runner.hpp"
#include "core/resources.hpp"
#include "core/view_state.hpp"
#include "render/renderer.hpp"
#include "teaching_support.hpp"
#include "test_support.hpp"

using namespace psoas;

namespace {

constexpr std::int64_t kT0 = 1'800'000'000'000;  // a fixed "now", ms since the epoch

const Atlas& atlas() { return teaching_test::builtin(); }  // meshes: questions must be showable

QuizSetup setupOf(const std::string& set, int n, std::uint64_t seed = 3) {
  QuizSetup s;
  s.set = set;
  s.questions = n;
  s.seed = seed;
  return s;
}

// Answers the current question right or wrong by its choices.
void answer(QuizRunner& r, bool right, std::int64_t now) {
  const QuizQuestion& q = r.question();
  int c = right ? q.correctChoice : (q.correctChoice + 1) % int(q.choices.size());
  REQUIRE(r.choose(c, now));
}

}  // namespace

TEST_CASE("quiz runner: a sitting of ten with score, streak, time and a review of the mistakes") {
  QuizRunner r;
  SceneState user = SceneState::fromAtlas(atlas());
  r.start(atlas(), setupOf("all", 10), {}, user, kT0);
  REQUIRE(r.phase() == QuizRunner::Phase::Asking);
  CHECK(r.size() == 10);
  std::set<std::string> kinds;
  const bool pattern[10] = {true, true, true, false, true, true, false, true, true, true};
  std::int64_t t = kT0;
  for (int i = 0; i < 10; ++i) {
    REQUIRE(r.phase() == QuizRunner::Phase::Asking);
    CHECK(r.position() == std::size_t(i));
    kinds.insert(quizKindName(r.question().kind));
    t += 4000;  // four seconds to answer
    answer(r, pattern[i], t);
    CHECK(r.phase() == QuizRunner::Phase::Answered);
    CHECK(r.lastCheck().correct == pattern[i]);
    CHECK(!r.choose(0, t));  // one answer a question
    t += 30000;  // reading the answer does not count towards the next question's time
    r.next(t);
  }
  CHECK(r.phase() == QuizRunner::Phase::Review);
  CHECK(r.score() == 8);
  CHECK(r.bestStreak() == 3);
  CHECK(r.streak() == 3);
  CHECK(r.elapsedSeconds(t + 99999) == doctest::Approx(10 * 34.0));
  CHECK(kinds.size() >= 3);  // the new questions are mixed, not ten of one kind in data order
  auto results = r.results();
  REQUIRE(results.size() == 10);
  for (const auto& res : results) CHECK(res.ms == 4000);
  auto mistakes = r.mistakes();
  REQUIRE(mistakes.size() == 2);
  CHECK(mistakes[0].key == results[3].key);
  auto mq = r.mistakenQuestions();
  REQUIRE(mq.size() == 2);
  CHECK(mq[1].key == results[6].key);
  // CSV: a header and one row per answer.
  std::string csv = resultsCsv(results);
  CHECK(std::count(csv.begin(), csv.end(), '\n') == 11);
  std::filesystem::path out = test::scratchDir("quiz_runner_csv") / "results.csv";
  writeResultsCsv(results, out);
  CHECK(readTextFile(out) == csv);
  // The progress holds every answer.
  CHECK(r.takeProgressChange());
  CHECK(!r.takeProgressChange());
  CHECK(r.progress().cards.size() == 10);
  r.close();
  CHECK(r.phase() == QuizRunner::Phase::Idle);
  CHECK(r.userScene() == user);
}

TEST_CASE("quiz runner: the time limit counts an unanswered question as wrong") {
  QuizRunner r;
  QuizSetup s = setupOf("bones", 3);
  s.secondsPerQuestion = 5;
  r.start(atlas(), s, {}, SceneState::fromAtlas(atlas()), kT0);
  CHECK(r.secondsLeft(kT0 + 1500) == doctest::Approx(3.5));
  CHECK(!r.tick(kT0 + 4999));
  CHECK(r.phase() == QuizRunner::Phase::Asking);
  CHECK(r.tick(kT0 + 5000));
  CHECK(r.phase() == QuizRunner::Phase::Answered);
  CHECK(!r.lastCheck().correct);
  CHECK(r.lastCheck().feedback.find("time is up") != std::string::npos);
  CHECK(r.streak() == 0);
  CHECK(!r.tick(kT0 + 20000));  // nothing more happens while the answer is shown
  r.next(kT0 + 20000);
  CHECK(!r.tick(kT0 + 24000));  // the next question's clock starts when it is shown
  CHECK(r.tick(kT0 + 25000));
  // Without a limit nothing ever runs out.
  QuizRunner free;
  free.start(atlas(), setupOf("bones", 3), {}, SceneState::fromAtlas(atlas()), kT0);
  CHECK(free.secondsLeft(kT0 + 1000) < 0);
  CHECK(!free.tick(kT0 + 1'000'000'000));
}

TEST_CASE("quiz runner: keys 1-4 choose, Enter submits and goes on, Esc ends, not while typing") {
  QuizRunner r;
  r.start(atlas(), setupOf("muscles", 4), {}, SceneState::fromAtlas(atlas()), kT0);
  CHECK(!r.key("2", true, "", kT0));  // typing in the answer field: the field has the digit
  CHECK(!r.key("Enter", true, "", kT0));  // and Enter with nothing typed does nothing
  CHECK(r.phase() == QuizRunner::Phase::Asking);
  CHECK(!r.key("Enter", false, "", kT0));  // nothing typed: nothing to submit
  std::string second = r.question().choices.at(1);
  CHECK(r.key("2", false, "", kT0 + 100));
  CHECK(r.phase() == QuizRunner::Phase::Answered);
  CHECK(r.lastGiven() == second);
  CHECK(r.lastCheck().correct == (r.answered().correctChoice == 1));
  CHECK(!r.key("3", false, "", kT0 + 200));  // answered: digits are view keys again
  CHECK(r.key("Enter", false, "", kT0 + 300));
  CHECK(r.phase() == QuizRunner::Phase::Asking);
  CHECK(r.position() == 1);
  // Enter with a typed answer submits it through the answer matcher.
  std::string name = r.question().kind == QuizKind::FindIt ? r.question().answer : r.question().choices.at(std::size_t(r.question().correctChoice));
  CHECK(r.key("Enter", false, name, kT0 + 400));
  CHECK(r.lastCheck().correct);
  CHECK(r.lastGiven() == name);
  CHECK(r.key("Esc", false, "", kT0 + 500));
  CHECK(r.phase() == QuizRunner::Phase::Review);
  CHECK(r.results().size() == 2);  // what was not asked is not counted
  CHECK(r.key("Esc", false, "", kT0 + 600));
  CHECK(r.phase() == QuizRunner::Phase::Idle);
  CHECK(!r.key("Esc", false, "", kT0 + 700));  // idle: Esc is the view's again

  // Fewer cues: no choices to press, the answer is typed.
  QuizSetup hard = setupOf("landmarks", 2);
  hard.fewerCues = true;
  r.start(atlas(), hard, {}, SceneState::fromAtlas(atlas()), kT0);
  CHECK(!r.showChoices());
  CHECK(!r.key("1", false, "", kT0));
  CHECK(r.phase() == QuizRunner::Phase::Asking);
  CHECK(r.key("Enter", true, "not a landmark at all", kT0 + 10));  // Enter in the answer field submits
  CHECK(!r.lastCheck().correct);
  CHECK(r.lastGiven() == "not a landmark at all");
  r.next(kT0 + 20);
  CHECK(r.key("Esc", true, "", kT0 + 30));  // Esc ends the sitting even from the field
  CHECK(r.phase() == QuizRunner::Phase::Review);
}

TEST_CASE("quiz runner: the next day the missed ones come first") {
  QuizRunner r;
  r.start(atlas(), setupOf("all", 10, 11), {}, SceneState::fromAtlas(atlas()), kT0);
  std::vector<std::string> missed, right;
  for (int i = 0; i < 10; ++i) {
    bool ok = i % 4 != 1;  // questions 2, 6 and 10 wrong
    (ok ? right : missed).push_back(r.question().key);
    answer(r, ok, kT0 + i * 1000 + 500);
    r.next(kT0 + i * 1000 + 900);
  }
  REQUIRE(missed.size() == 3);
  // Saved and read back as the window does, then a sitting the next day with another seed.
  std::filesystem::path file = test::scratchDir("quiz_runner_progress") / "progress.json";
  saveProgress(r.progress(), file);
  std::string warning;
  QuizProgress back = loadProgress(file, warning);
  CHECK(warning.empty());
  QuizRunner tomorrow;
  tomorrow.start(atlas(), setupOf("all", 10, 99), back, SceneState::fromAtlas(atlas()), kT0 + kDayMs);
  std::vector<std::string> first;
  for (int i = 0; i < 3; ++i) {
    first.push_back(tomorrow.question().key);
    answer(tomorrow, true, kT0 + kDayMs + i * 10 + 5);
    tomorrow.next(kT0 + kDayMs + i * 10 + 9);
  }
  CHECK(first == missed);  // oldest miss first
  // The ones answered right yesterday (box 2, due in a day) come after every new question of "all".
  for (int i = 3; i < 10; ++i) {
    CHECK(std::find(right.begin(), right.end(), tomorrow.question().key) == right.end());
    answer(tomorrow, true, kT0 + kDayMs + 100 + i);
    tomorrow.next(kT0 + kDayMs + 200 + i);
  }
}

TEST_CASE("quiz runner: each question's scene hides the names and shows the answer afterwards") {
  const Atlas& a = atlas();
  SceneState user = SceneState::fromAtlas(a);
  user.labelSets = {"muscles"};
  user.clip.enabled = true;
  auto all = generateQuiz(a, "all");
  auto find = [&](QuizKind kind) {
    auto it = std::find_if(all.begin(), all.end(), [&](const QuizQuestion& q) { return q.kind == kind; });
    REQUIRE(it != all.end());
    return *it;
  };
  auto texts = [&](const SceneState& s) {
    std::vector<std::string> out;
    for (const auto& t : labelTargets(a, s)) out.push_back(t.text);
    return out;
  };
  // Name it: lit (selected, the rest ghosted), no label, no legend, no cut; then its label.
  QuizQuestion name = find(QuizKind::NameIt);
  SceneState s = quizScene(a, user, name, false, false);
  CHECK(s.selected == name.structure);
  CHECK(s.ghost);
  CHECK(texts(s).empty());
  CHECK(!s.legend);
  CHECK(!s.clip.enabled);
  CHECK(!quizScene(a, user, name, false, true).ghost);  // fewer cues
  s = quizScene(a, user, name, true, false);
  CHECK(texts(s) == std::vector<std::string>{a.structures[std::size_t(name.structure)].labelText()});
  // Find it: nothing selected until answered.
  QuizQuestion findIt = find(QuizKind::FindIt);
  CHECK(quizScene(a, user, findIt, false, false).selected == -1);
  CHECK(quizScene(a, user, findIt, true, false).selected == findIt.structure);
  // Origin or insertion: the area lit in one colour for every style, the atlas's colours once answered.
  QuizQuestion area = find(QuizKind::OriginInsertion);
  s = quizScene(a, user, area, false, false);
  const Region& reg = a.regions[std::size_t(area.region)];
  CHECK(s.overlayOn(reg.overlay));
  CHECK(s.highlighted == std::vector<int>{area.region});
  std::set<std::vector<float>> colours;
  for (int st : layerStyles(a, Overlay::Layer::Attachments)) {
    glm::vec3 c = s.styleColor(a, st);
    colours.insert({c.x, c.y, c.z});
  }
  CHECK(colours.size() == 1);
  // The camera frames the area with room around it; a structure question frames the whole model.
  Bounds focus = quizFocus(a, area);
  REQUIRE(!focus.empty());
  for (const Shape& sh : reg.shapes) {
    CHECK(glm::all(glm::greaterThanEqual(sh.a, focus.min)));
    CHECK(glm::all(glm::lessThanEqual(sh.a, focus.max)));
  }
  CHECK(focus.size().x >= kQuizFocusMetres - 1e-5f);
  CHECK(quizFocus(a, name).empty());
  CHECK(quizFocusView(a, name) == -1);
  CHECK(s.ghost);  // everything but the bone it is painted on faint
  CHECK(s.selected == reg.on.front());
  // The view turns to the side a landmark faces: the pubic tubercle from the front, the PSIS from behind.
  auto landmarkQuestion = [&](const std::string& id) {
    auto it = std::find_if(all.begin(), all.end(), [&](const QuizQuestion& q) { return q.key == "landmark:" + id; });
    REQUIRE(it != all.end());
    return *it;
  };
  int front = quizFocusView(a, landmarkQuestion("pubic_tubercle_l")), back = quizFocusView(a, landmarkQuestion("psis_l"));
  REQUIRE(front >= 0);
  REQUIRE(back >= 0);
  CHECK(a.views[std::size_t(front)].direction.z > 0.f);
  CHECK(a.views[std::size_t(back)].direction.z < 0.f);
  s = quizScene(a, user, area, true, false);
  CHECK(s.styleColors == user.styleColors);
  CHECK(texts(s).size() == reg.structures.size());
  // Landmark: marked "?" (even where no label set holds it), named once answered.
  for (const auto& q : all) {
    if (q.kind != QuizKind::Landmark) continue;
    CHECK(texts(quizScene(a, user, q, false, false)) == std::vector<std::string>{"?"});
    CHECK(texts(quizScene(a, user, q, true, false)) == std::vector<std::string>{a.landmarks[std::size_t(q.landmark)].name});
  }
  // Motion: standing while asked, the pose asked about once answered.
  QuizQuestion motion = find(QuizKind::Motion);
  CHECK(quizScene(a, user, motion, false, false).pose.isStanding());
  CHECK(quizScene(a, user, motion, true, false).pose == motion.pose);
  CHECK(!motion.pose.isStanding());

  // The runner: its scene follows the phase and keeps the camera it is given; the user's comes back.
  QuizRunner r;
  r.start(a, setupOf("landmarks", 2), {}, user, kT0);
  Camera turned = user.camera;
  turned.distance *= 1.3f;
  int v = r.sceneVersion();
  CHECK(r.scene(turned).camera == turned);
  CHECK(texts(r.scene(turned)) == std::vector<std::string>{"?"});
  CHECK(r.hidesNames());
  r.choose(0, kT0 + 1);
  CHECK(r.sceneVersion() != v);
  CHECK(!r.hidesNames());
  CHECK(texts(r.scene(turned)) != std::vector<std::string>{"?"});
  r.end(kT0 + 2);
  r.close();
  CHECK(r.userScene() == user);
}

TEST_CASE("quiz runner: a Find-it question answered by a headless pick") {
  test::ensureGlContext();
  Atlas a = loadAtlas(test::testAtlas());
  ViewState spec;
  spec.view = "anterior";
  SceneState user = applyViewState(a, spec, "");
  QuizRunner r;
  r.start(a, setupOf("all", 100), {}, user, kT0);
  // Through the sitting to the question that asks for the cube.
  std::int64_t t = kT0;
  while (r.phase() == QuizRunner::Phase::Asking && r.question().key != "find_it:cube") {
    answer(r, true, ++t);
    r.next(++t);
  }
  REQUIRE(r.phase() == QuizRunner::Phase::Asking);
  SceneState shown = r.scene(user.camera);
  int cube = a.findStructure("cube");
  glm::vec3 p = projectToPixel(shown.camera, a.structures[std::size_t(cube)].mesh->bounds.center(), 320, 240);
  Renderer renderer;
  int picked = renderer.pick(a, shown, 320, 240, {p.x, p.y});
  REQUIRE(picked == cube);
  CHECK(r.pick(picked, ++t));
  CHECK(r.lastCheck().correct);
  CHECK(r.lastGiven().find(a.structures[std::size_t(cube)].name) != std::string::npos);
  CHECK(!r.pick(picked, ++t));  // answered already
}
