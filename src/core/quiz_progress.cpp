// Progress across sessions (Leitner boxes), its file in the XDG data folder, one sitting, CSV of its results.
#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstdlib>

#include "core/errors.hpp"
#include "core/file_util.hpp"
#include "core/json_cursor.hpp"
#include "core/quiz.hpp"

namespace psoas {
namespace fs = std::filesystem;

void recordAnswer(QuizProgress& p, const std::string& key, bool correct, std::int64_t nowMs) {
  CardState& c = p.cards[key];
  c.seen++;
  c.lastMs = nowMs;
  c.missed = !correct;
  if (correct) c.right++;
  // A wrong answer starts the card over and makes it due now: the next session asks it first.
  c.box = correct ? std::min(c.box + 1, kLeitnerBoxes) : 1;
  c.dueMs = correct ? nowMs + kLeitnerDays[c.box] * kDayMs : nowMs;
}

std::vector<int> sessionOrder(const std::vector<QuizQuestion>& questions, const QuizProgress& p, std::size_t n,
                              std::int64_t nowMs) {
  // Rank: 0 missed, 1 due, 2 new, 3 not yet due; within a rank the order named in quiz.hpp.
  struct Entry { int rank; std::int64_t order; int index; };
  std::vector<Entry> e;
  for (std::size_t i = 0; i < questions.size(); ++i) {
    auto it = p.cards.find(questions[i].key);
    if (it == p.cards.end() || it->second.seen == 0) { e.push_back({2, 0, int(i)}); continue; }
    const CardState& c = it->second;
    if (c.missed) e.push_back({0, c.lastMs, int(i)});
    else if (c.dueMs <= nowMs) e.push_back({1, c.dueMs, int(i)});
    else e.push_back({3, c.dueMs, int(i)});
  }
  std::stable_sort(e.begin(), e.end(), [](const Entry& a, const Entry& b) {
    return a.rank != b.rank ? a.rank < b.rank : a.order < b.order;
  });
  std::vector<int> out;
  for (std::size_t i = 0; i < e.size() && out.size() < n; ++i) out.push_back(e[i].index);
  return out;
}

fs::path userDataDirectory() {
  if (const char* x = std::getenv("XDG_DATA_HOME"); x && *x && fs::path(x).is_absolute())
    return fs::path(x) / "psoas-atlas";
  if (const char* h = std::getenv("HOME"); h && *h) return fs::path(h) / ".local" / "share" / "psoas-atlas";
  return fs::temp_directory_path() / "psoas-atlas";
}

fs::path progressFileFor(const fs::path& atlasFile) {
  std::error_code ec;
  fs::path abs = fs::weakly_canonical(fs::absolute(atlasFile, ec), ec);
  std::uint64_t h = 1469598103934665603ull;
  for (char c : abs.string()) h = (h ^ std::uint8_t(c)) * 1099511628211ull;
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", (unsigned long long)h);
  std::string stem;
  for (char c : atlasFile.stem().string())  // only safe characters in the name
    stem += (std::isalnum(std::uint8_t(c)) || c == '-' || c == '_') ? c : '_';
  return userDataDirectory() / ("progress-" + stem.substr(0, 64) + "-" + std::string(hex, 8) + ".json");
}

namespace {
[[noreturn]] void throwState(const fs::path& f, const std::string& w) { throw StateError(f, w); }

// Each card read on its own: a damaged entry is reported and dropped, the others are kept.
void readCards(const JsonCursor<StateError>& root, const fs::path& file, QuizProgress& p,
               std::vector<std::string>& problems) {
  auto cards = root.find("cards");
  if (!cards) return;
  cards->expectObject();
  for (auto it = cards->json().begin(); it != cards->json().end(); ++it) {
    try {
      JsonCursor<StateError> c(it.value(), file, "cards." + quoteValue(it.key()));
      if (hasControlChars(it.key())) c.fail("contains a control character");
      c.allowOnly({"box", "due_ms", "last_ms", "seen", "right", "missed"});
      CardState s;
      s.box = int(c.at("box").integer(0, kLeitnerBoxes));
      s.dueMs = c.at("due_ms").integer(0, 1ll << 52);
      s.lastMs = c.at("last_ms").integer(0, 1ll << 52);
      s.seen = int(c.at("seen").integer(0, 1 << 30));
      s.right = int(c.at("right").integer(0, s.seen));
      s.missed = c.at("missed").boolean();
      p.cards[it.key()] = s;
    } catch (const StateError& e) {
      problems.push_back(e.reason);
    }
  }
}
}  // namespace

QuizProgress loadProgress(const fs::path& file, std::string& warning) {
  QuizProgress p;
  std::error_code ec;
  if (!fs::exists(fs::symlink_status(file, ec))) return p;
  std::string text;
  std::vector<std::string> problems;
  try {
    text = readTextFile(file, 16u << 20);
    nlohmann::json j = parseJsonText(text, file, throwState);
    JsonCursor<StateError> root(j, file);
    root.expectObject();
    if (auto a = root.find("atlas")) p.atlas = a->str();
    readCards(root, file, p, problems);
    p.loadedJson = text;
  } catch (const FileError& e) {
    problems.push_back(e.reason);
  }
  if (problems.empty()) return p;
  warning = file.string() + ": progress file damaged:\n";
  for (const auto& m : problems) warning += "  " + m + "\n";
  if (text.empty()) return p;
  // Never lose a student's history: the file as it was goes beside it before the next save replaces it.
  warning += keepAside(file, text) + " What could be read is kept.";
  return p;
}

std::string progressJson(const QuizProgress& p) {
  nlohmann::json j = p.loadedJson.empty() ? nlohmann::json::object() : nlohmann::json::parse(p.loadedJson, nullptr, false);
  if (!j.is_object()) j = nlohmann::json::object();
  j["schema"] = 1;
  j["atlas"] = p.atlas;
  nlohmann::json cards = nlohmann::json::object();
  for (const auto& [key, c] : p.cards)
    cards[key] = {{"box", c.box}, {"due_ms", c.dueMs}, {"last_ms", c.lastMs},
                  {"seen", c.seen}, {"right", c.right}, {"missed", c.missed}};
  j["cards"] = cards;
  return j.dump(1) + "\n";
}

void saveProgress(const QuizProgress& p, const fs::path& file) {
  std::error_code ec;
  fs::create_directories(file.parent_path(), ec);
  writeFileAtomic(file, progressJson(p));
}

QuizSession::QuizSession(std::vector<QuizQuestion> questions, std::vector<int> order, std::int64_t startMs)
    : questions_(std::move(questions)), order_(std::move(order)), startMs_(startMs), askedMs_(startMs) {
  std::erase_if(order_, [&](int i) { return i < 0 || std::size_t(i) >= questions_.size(); });
  if (order_.empty()) endMs_ = startMs;
}

const QuizQuestion& QuizSession::current() const {
  if (finished()) throw UsageError("the quiz session is over");
  return questions_[std::size_t(order_[pos_])];
}

void QuizSession::answer(const AnswerCheck& check, std::string_view given, std::int64_t nowMs, QuizProgress& progress) {
  const QuizQuestion& q = current();
  results_.push_back({q.key, quizKindName(q.kind), q.prompt, q.answer, std::string(given), check.correct, check.typo,
                      std::max<std::int64_t>(0, nowMs - askedMs_)});
  recordAnswer(progress, q.key, check.correct, nowMs);
  score_ += check.correct ? 1 : 0;
  streak_ = check.correct ? streak_ + 1 : 0;
  best_ = std::max(best_, streak_);
  askedMs_ = nowMs;
  if (++pos_ >= order_.size()) endMs_ = nowMs;
}

void QuizSession::skip(std::int64_t nowMs, QuizProgress& progress) {
  answer({false, false, "skipped"}, "", nowMs, progress);
}

std::vector<QuizResult> QuizSession::mistakes() const {
  std::vector<QuizResult> m;
  for (const auto& r : results_)
    if (!r.correct) m.push_back(r);
  return m;
}

namespace {
std::string csvCell(std::string s) {
  if (!s.empty() && (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@')) s.insert(0, "'");
  if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
  std::string q = "\"";
  for (char c : s) q += c == '"' ? std::string("\"\"") : std::string(1, c);
  return q + "\"";
}
}  // namespace

std::string resultsCsv(const std::vector<QuizResult>& results) {
  std::string out = "key,kind,prompt,answer,given,correct,typo,seconds\r\n";
  for (const auto& r : results) {
    char secs[32];
    std::snprintf(secs, sizeof secs, "%.1f", double(r.ms) / 1000.0);
    out += csvCell(r.key) + "," + csvCell(r.kind) + "," + csvCell(r.prompt) + "," + csvCell(r.answer) + "," +
           csvCell(r.given) + "," + (r.correct ? "1" : "0") + "," + (r.typo ? "1" : "0") + "," + secs + "\r\n";
  }
  return out;
}

void writeResultsCsv(const std::vector<QuizResult>& results, const fs::path& file) {
  writeFileAtomic(file, resultsCsv(results));
}

}  // namespace psoas
