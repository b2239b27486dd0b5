// Self-test progress and sessions: Leitner scheduling with an injected clock, the missed ones first the next
// day, the progress file (XDG data folder, atomic, damaged files kept aside as .bad), score and streak, CSV,
// and the `quiz --list` command.
#include <doctest/doctest.h>

#include <cstdlib>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/atlas.hpp"
#include "core/errors.hpp"
#include "core/file_util.hpp"
#include "core/quiz.hpp"
#include "core/resources.hpp"
#include "test_support.hpp"

using namespace psoas;
namespace fs = std::filesystem;

namespace {

constexpr std::int64_t kT0 = 1'800'000'000'000;  // a fixed "now", milliseconds since the epoch

std::vector<QuizQuestion> fiveQuestions() {
  std::vector<QuizQuestion> qs(5);
  for (int i = 0; i < 5; ++i) {
    qs[std::size_t(i)].key = "name_it:s" + std::to_string(i);
    qs[std::size_t(i)].prompt = "Name it";
    qs[std::size_t(i)].answer = "S" + std::to_string(i);
  }
  return qs;
}

// Restores an environment variable when the test ends.
struct EnvGuard {
  std::string name, old;
  bool had;
  EnvGuard(const char* n, const std::string& value) : name(n) {
    const char* o = std::getenv(n);
    had = o != nullptr;
    if (o) old = o;
    setenv(n, value.c_str(), 1);
  }
  ~EnvGuard() { had ? setenv(name.c_str(), old.c_str(), 1) : unsetenv(name.c_str()); }
};

}  // namespace

TEST_CASE("quiz progress: Leitner boxes with an injected clock") {
  QuizProgress p;
  recordAnswer(p, "k", true, kT0);
  CHECK(p.cards["k"].box == 1);
  CHECK(p.cards["k"].dueMs == kT0 + kLeitnerDays[1] * kDayMs);
  recordAnswer(p, "k", true, kT0 + kDayMs);
  CHECK(p.cards["k"].box == 2);
  CHECK(p.cards["k"].dueMs == kT0 + kDayMs + 3 * kDayMs);
  for (int i = 0; i < 10; ++i) recordAnswer(p, "k", true, kT0);
  CHECK(p.cards["k"].box == kLeitnerBoxes);  // capped
  recordAnswer(p, "k", false, kT0 + 5);
  CHECK(p.cards["k"].box == 1);
  CHECK(p.cards["k"].missed);
  CHECK(p.cards["k"].dueMs == kT0 + 5);
  CHECK(p.cards["k"].seen == 13);
  CHECK(p.cards["k"].right == 12);
}

TEST_CASE("quiz progress: missed first, then due, then new, then the rest") {
  auto qs = fiveQuestions();
  QuizProgress p;
  recordAnswer(p, qs[0].key, true, kT0);                // due in a day
  recordAnswer(p, qs[1].key, true, kT0 - 2 * kDayMs);   // due a day ago
  recordAnswer(p, qs[2].key, false, kT0 - kDayMs);      // missed yesterday
  recordAnswer(p, qs[4].key, false, kT0 - 2 * kDayMs);  // missed before that
  auto order = sessionOrder(qs, p, 10, kT0 + kDayMs / 2);
  CHECK(order == std::vector<int>{4, 2, 1, 3, 0});
  CHECK(sessionOrder(qs, p, 2, kT0) == std::vector<int>{4, 2});
  CHECK(sessionOrder(qs, QuizProgress{}, 3, kT0) == std::vector<int>{0, 1, 2});
}

TEST_CASE("quiz progress: a session, and the next day the missed ones come first") {
  auto qs = fiveQuestions();
  QuizProgress p;
  QuizSession s(qs, sessionOrder(qs, p, 4, kT0), kT0);
  CHECK(s.size() == 4);
  std::vector<bool> right{true, false, true, true};
  for (std::size_t i = 0; i < right.size(); ++i) {
    REQUIRE(!s.finished());
    CHECK(s.current().key == qs[i].key);
    s.answer({right[i], false, ""}, right[i] ? qs[i].answer : "wrong", kT0 + std::int64_t(i + 1) * 2000, p);
  }
  CHECK(s.finished());
  CHECK_THROWS_AS(s.current(), UsageError);
  CHECK(s.score() == 3);
  CHECK(s.streak() == 2);
  CHECK(s.bestStreak() == 2);
  CHECK(s.elapsedMs(kT0 + 99999) == 8000);
  REQUIRE(s.mistakes().size() == 1);
  CHECK(s.mistakes()[0].key == qs[1].key);
  CHECK(s.mistakes()[0].given == "wrong");
  CHECK(s.results()[2].ms == 2000);

  fs::path file = test::scratchDir("quiz_progress_day") / "progress.json";
  saveProgress(p, file);
  std::string warning;
  QuizProgress next = loadProgress(file, warning);
  CHECK(warning.empty());
  auto tomorrow = sessionOrder(qs, next, 3, kT0 + kDayMs + 60'000);
  CHECK(tomorrow.front() == 1);  // the one missed
  CHECK(tomorrow[1] == 0);       // due again after a day
}

TEST_CASE("quiz progress: the file round-trips, keeps unknown keys, and damage is kept aside") {
  fs::path dir = test::scratchDir("quiz_progress_file");
  fs::path file = dir / "progress.json";
  std::string warning;
  CHECK(loadProgress(file, warning).cards.empty());  // none yet: no warning
  CHECK(warning.empty());

  QuizProgress p;
  p.atlas = "/x/atlas.json";
  recordAnswer(p, "name_it:a", true, kT0);
  recordAnswer(p, "landmark:b", false, kT0);
  saveProgress(p, file);
  QuizProgress back = loadProgress(file, warning);
  CHECK(warning.empty());
  CHECK(back.atlas == p.atlas);
  REQUIRE(back.cards.size() == 2);
  CHECK(back.cards["name_it:a"].box == 1);
  CHECK(back.cards["landmark:b"].missed);
  CHECK(back.cards["name_it:a"].dueMs == p.cards["name_it:a"].dueMs);

  // A key from a newer version survives a save.
  auto j = nlohmann::json::parse(readTextFile(file));
  j["future"] = 42;
  test::writeText(file, j.dump());
  saveProgress(loadProgress(file, warning), file);
  CHECK(nlohmann::json::parse(readTextFile(file))["future"] == 42);

  // One damaged card: reported with the file and JSON path, the others kept, the file copied aside.
  j = nlohmann::json::parse(readTextFile(file));
  j["cards"]["name_it:a"]["box"] = 99;
  test::writeText(file, j.dump());
  std::string damaged = readTextFile(file);
  warning.clear();
  back = loadProgress(file, warning);
  CHECK(warning.find(file.string()) != std::string::npos);
  CHECK(warning.find("cards.\"name_it:a\".box: must be between 0 and 5") != std::string::npos);
  CHECK(back.cards.size() == 1);
  CHECK(back.cards.count("landmark:b"));
  CHECK(readTextFile(fs::path(file.string() + ".bad")) == damaged);

  // Not JSON at all: reported and copied aside, never silently lost.
  test::writeText(file, "{\"cards\": {");
  warning.clear();
  back = loadProgress(file, warning);
  CHECK(back.cards.empty());
  CHECK(warning.find("progress file damaged") != std::string::npos);
  CHECK(warning.find(".bad") != std::string::npos);
  CHECK(readTextFile(fs::path(file.string() + ".bad")) == "{\"cards\": {");

  // A directory where the file should be: reported, nothing to copy.
  fs::path dirAsFile = dir / "is_a_dir.json";
  fs::create_directories(dirAsFile);
  warning.clear();
  CHECK(loadProgress(dirAsFile, warning).cards.empty());
  CHECK(!warning.empty());
  CHECK_THROWS_AS(saveProgress(p, dirAsFile), OutputError);
}

TEST_CASE("quiz progress: the XDG data folder, one file per atlas") {
  {
    EnvGuard x("XDG_DATA_HOME", "/tmp/quiz-xdg");
    CHECK(userDataDirectory() == fs::path("/tmp/quiz-xdg/psoas-atlas"));
  }
  {
    EnvGuard x("XDG_DATA_HOME", "relative/not/allowed");
    EnvGuard h("HOME", "/home/student");
    CHECK(userDataDirectory() == fs::path("/home/student/.local/share/psoas-atlas"));
  }
  EnvGuard x("XDG_DATA_HOME", "/tmp/quiz-xdg");
  fs::path a = progressFileFor("/atlases/a/atlas.json"), b = progressFileFor("/atlases/b/atlas.json");
  CHECK(a != b);
  CHECK(a.parent_path() == fs::path("/tmp/quiz-xdg/psoas-atlas"));
  CHECK(a.filename().string().starts_with("progress-atlas-"));
  CHECK(progressFileFor("/atlases/a/atlas.json") == a);
  CHECK(progressFileFor("/x/we\nird name.json").filename().string().starts_with("progress-we_ird_name-"));
}

TEST_CASE("quiz progress: CSV export quotes and defuses formulas") {
  std::vector<QuizResult> r{{"name_it:a", "name_it", "Name it, please", "Psoas \"major\"", "=HYPERLINK(1)", true, false, 1500},
                            {"landmark:b", "landmark", "Name it", "B", "", false, false, 260}};
  std::string csv = resultsCsv(r);
  CHECK(csv == "key,kind,prompt,answer,given,correct,typo,seconds\r\n"
               "name_it:a,name_it,\"Name it, please\",\"Psoas \"\"major\"\"\",'=HYPERLINK(1),1,0,1.5\r\n"
               "landmark:b,landmark,Name it,B,,0,0,0.3\r\n");
  fs::path out = test::scratchDir("quiz_csv") / "results.csv";
  writeResultsCsv(r, out);
  CHECK(readTextFile(out) == csv);
  CHECK_THROWS_AS(writeResultsCsv(r, test::scratchDir("quiz_csv")), OutputError);  // a directory
}

TEST_CASE("quiz cli: --list --json prints the questions of a set") {
  std::string out;
  REQUIRE(test::runCli("quiz --list --json --set muscles", out) == 0);
  auto j = nlohmann::json::parse(out);
  REQUIRE(j.is_array());
  REQUIRE(!j.empty());
  bool psoas = false;
  for (const auto& q : j) {
    for (const char* k : {"kind", "prompt", "answer", "structures"}) CHECK_MESSAGE(q.contains(k), k);
    CHECK((q["kind"] == "name_it" || q["kind"] == "find_it"));
    psoas = psoas || q["structures"] == nlohmann::json::array({"psoas_major_l"});
  }
  CHECK(psoas);

  REQUIRE(test::runCli("quiz --list --json", out) == 0);  // default: every set
  std::set<std::string> kinds;
  for (const auto& q : nlohmann::json::parse(out)) kinds.insert(q["kind"].get<std::string>());
  CHECK(kinds == std::set<std::string>{"name_it", "find_it", "origin_insertion", "where_it_hurts", "landmark", "motion"});

  fs::path second = test::sourceDir() / "tests/data/teaching_atlas.json";
  REQUIRE(test::runCli("quiz --list --json --set landmarks --atlas " + second.string(), out) == 0);
  CHECK(nlohmann::json::parse(out).size() == 2);
  REQUIRE(test::runCli("quiz --list --set referral", out) == 0);
  CHECK(out.find("where_it_hurts\t") != std::string::npos);
}

TEST_CASE("quiz cli: bad input gives a clear message and exit 2 or 3") {
  std::string out;
  CHECK(test::runCli("quiz --list --set nerves", out) == 2);
  CHECK(out.find("unknown quiz set \"nerves\" (expected one of: bones, muscles") != std::string::npos);
  CHECK(test::runCli("quiz --json", out) == 2);
  CHECK(out.find("give --list") != std::string::npos);
  CHECK(test::runCli("quiz --list --atlas /nonexistent/atlas.json", out) == 3);
  CHECK(out.find("/nonexistent/atlas.json") != std::string::npos);
  // The second atlas, valid but for one flag (questions need no meshes, so it may live anywhere).
  auto j = nlohmann::json::parse(readTextFile(test::sourceDir() / "tests/data/teaching_atlas.json"));
  j["landmarks"][0]["construction"] = "yes";
  fs::path bad = test::scratchDir("quiz_cli_bad") / "atlas.json";
  test::writeText(bad, j.dump());
  CHECK(test::runCli("quiz --list --atlas " + bad.string(), out) == 3);
  CHECK(out.find("landmarks[0].construction: expected true or false") != std::string::npos);
  CHECK(test::runCli("quiz --list --atlas ''", out) == 2);
}
