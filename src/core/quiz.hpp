#pragma once
// Self-test for students (issue 18): questions generated from an atlas's structures, teaching regions and
// landmarks, answer matching, Leitner scheduling across sessions and a session with score and streak.
// Pure data and logic: no GL, no clock of its own (every time is passed in, milliseconds since the epoch),
// no structure known by name. docs/quiz.md describes the sets and the rules.
#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/atlas.hpp"
#include "core/scene_state.hpp"

namespace psoas {

// Kinds of question. New kinds (Motion, once poses exist) are added at the end; the names written to JSON and
// CSV come from quizKindName, and progress keys start with them, so existing progress stays valid.
enum class QuizKind { NameIt, FindIt, OriginInsertion, WhereItHurts, Landmark, Motion };
inline constexpr QuizKind kQuizKinds[] = {QuizKind::NameIt, QuizKind::FindIt, QuizKind::OriginInsertion,
                                          QuizKind::WhereItHurts, QuizKind::Landmark, QuizKind::Motion};
const char* quizKindName(QuizKind kind);  // "name_it", "find_it", ...

// Question sets, chosen from data (docs/quiz.md): "muscles" are the groups of the structures teaching regions
// belong to, "bones" the other groups attachment regions are painted on, "attachments" and "referral" the
// regions of overlays of that layer, "landmarks" every landmark not flagged construction, "motion" the pose
// questions of every muscle path (quiz_motion.cpp); "all" is all of them plus every other structure.
const std::vector<std::string>& quizSetNames();
bool isQuizSet(std::string_view name);
void requireQuizSet(std::string_view name);  // throws UsageError listing the sets

struct QuizQuestion {
  QuizKind kind = QuizKind::NameIt;
  std::string key;     // stable across runs, for progress: "name_it:psoas_major_l"
  std::string prompt;  // what the student reads
  std::string answer;  // the right answer as shown after answering
  std::string fact;    // one line shown with the answer (fact sheet, region text); may be empty
  std::vector<std::string> structures;  // ids: the structure asked (name/find it) or the muscles that are right
  int structure = -1;  // name_it / find_it: the structure lit or to be clicked
  int region = -1;     // origin_insertion / where_it_hurts: the region lit
  int landmark = -1;   // landmark: the point marked
  // motion: the pose the model takes once answered (the right pose, or the movement asked about), and the
  // muscle path's structure the question is about (also in `structure`, which is then not lit).
  Pose pose;
  bool askSide = false;  // the prompt shows a side, so a typed answer must give it
  std::vector<std::string> choices;  // four (fewer when the atlas has too few names), one right
  int correctChoice = -1;
};

// Questions of a set, in data order; choices drawn deterministically from `seed`. Throws UsageError for an
// unknown set (the message lists the sets).
std::vector<QuizQuestion> generateQuiz(const Atlas& atlas, std::string_view set, std::uint64_t seed = 1);

// Motion questions (quiz_motion.cpp), from the pose presets and the muscle-path lengths: per muscle path,
// "which pose shortens it most?" (only where one pose is clearly shortest) and "what does its moment-arm
// joint at either end of its range do to its length?" (lengthens, shortens, hardly changes). Empty for an
// atlas without muscle paths.
std::vector<QuizQuestion> motionQuestions(const Atlas& atlas, std::uint64_t seed);
// Percent of standing length at which a length counts as changed ("hardly changes it" within it).
inline constexpr double kMotionChangePercent = 2.0;

// ---- worksheets (quiz.cpp)

// The label sets and overlays a worksheet of `set` shows: label sets whose id is the set's name or, for
// attachments and referral, whose layer is that layer ("all": every label set). Throws UsageError when the
// atlas has none for the set.
struct WorksheetPlan {
  std::vector<std::string> labelSets, overlays;
};
WorksheetPlan worksheetPlan(const Atlas& atlas, std::string_view set);

struct WorksheetLabel {
  std::string key;     // label key, as in AnnotationLabel
  int number = 0;      // 1, 2, ...
  std::string answer;  // the label's own text
};
// Numbers the labels the scene shows (scene.labelText): one number per distinct label text, in label order, so
// that the two sides sharing a name share a number as they share a label. withAnswers: "3  Psoas major"
// (the key figure) instead of "3".
std::vector<WorksheetLabel> numberWorksheet(const Atlas& atlas, SceneState& scene, bool withAnswers);

// ---- answers (quiz_match.cpp)

// Lower case, accents folded (é -> e, æ -> ae, ß -> ss), every run of other characters one space, trimmed.
std::string normalizeAnswer(std::string_view text);
// Levenshtein distance between two strings (bytes; both normalized first by the caller).
int editDistance(std::string_view a, std::string_view b);

namespace quiz_detail {
// A normalized name split into its side word ("left", "l", "sinister", ... first or last) and the rest.
struct SideSplit {
  std::string base, side;  // side: "left", "right" or ""
};
SideSplit splitSide(std::string_view normalized);
// "Psoas major (left)" -> "Psoas major", "Left pubic tubercle" -> "Pubic tubercle": a name as a choice
// shows it when the side is not what is asked.
std::string withoutSide(std::string_view name);
// A fixed, portable hash of a seed and two texts (the same choices on every machine).
std::uint64_t hashOf(std::uint64_t seed, std::string_view a, std::string_view b = {});
// Places the right choice among up to three distractors at a seeded position (q.key decides it).
void setChoices(QuizQuestion& q, std::string right, std::vector<std::string> distractors, std::uint64_t seed);
}  // namespace quiz_detail

struct AnswerCheck {
  bool correct = false;
  bool typo = false;     // accepted with a spelling mistake
  std::string feedback;  // why not ("wrong side", "also names ..."), or the accepted spelling
};

// Everything a typed answer is compared with: the names, Latin names, labels and aliases of every structure
// and landmark, and the region style names; built once per atlas.
class AnswerMatcher {
 public:
  explicit AnswerMatcher(const Atlas& atlas);
  AnswerCheck check(const QuizQuestion& q, std::string_view typed) const;
  AnswerCheck checkChoice(const QuizQuestion& q, int choice) const;
  // find_it: the structure the student clicked (a pick's index, -1 for nothing).
  AnswerCheck checkPick(const QuizQuestion& q, int pickedStructure) const;

  struct Item {
    std::string identity;            // same for the left and right copy of a structure
    std::string side;                // "left", "right" or ""
    std::vector<std::string> forms;  // normalized, side words removed
    std::string display;             // the name as shown
  };
  const std::vector<Item>& items() const { return items_; }

 private:
  struct Match {
    int item = -1;
    int distance = 1 << 20;
    bool ambiguous = false;
    std::string side;  // the side the answer gave, "" if none
  };
  Match matchName(std::string_view normalized, const std::vector<int>& targets) const;
  AnswerCheck checkNamed(const std::vector<int>& targets, bool askSide, std::string_view typed) const;
  AnswerCheck checkRegion(const QuizQuestion& q, std::string_view typed) const;
  const Atlas& atlas_;
  std::vector<Item> items_;  // structures first (same index), then landmarks
};

// ---- progress across sessions (quiz_progress.cpp)

// Leitner boxes: a right answer moves a card up one box, a wrong one back to box 1 and marks it missed;
// box b is due kLeitnerDays[b] days after its last answer.
inline constexpr int kLeitnerBoxes = 5;
inline constexpr int kLeitnerDays[kLeitnerBoxes + 1] = {0, 1, 3, 7, 14, 30};
inline constexpr std::int64_t kDayMs = 24ll * 3600 * 1000;

struct CardState {
  int box = 0;  // 0: never answered
  std::int64_t dueMs = 0, lastMs = 0;
  int seen = 0, right = 0;
  bool missed = false;  // the last answer was wrong
};

struct QuizProgress {
  std::string atlas;  // the atlas file it belongs to, as given when created
  std::map<std::string, CardState> cards;
  std::string loadedJson;  // what was read, so keys of a newer version survive a save
};

void recordAnswer(QuizProgress& p, const std::string& key, bool correct, std::int64_t nowMs);
// Indices of `questions` for a session of at most n: missed ones first (oldest first), then due ones (most
// overdue first), then never asked (data order), then the rest (soonest due first).
std::vector<int> sessionOrder(const std::vector<QuizQuestion>& questions, const QuizProgress& p, std::size_t n,
                              std::int64_t nowMs);

// $XDG_DATA_HOME/psoas-atlas (default ~/.local/share/psoas-atlas), and the progress file of an atlas there:
// "progress-<atlas file stem>-<hash of its absolute path>.json", so two atlases never share one.
std::filesystem::path userDataDirectory();
std::filesystem::path progressFileFor(const std::filesystem::path& atlasFile);
// A missing file is empty progress. A damaged one (or damaged entries) is reported in `warning` and copied to
// FILE.bad before anything overwrites it; what could be read is kept.
QuizProgress loadProgress(const std::filesystem::path& file, std::string& warning);
std::string progressJson(const QuizProgress& p);
void saveProgress(const QuizProgress& p, const std::filesystem::path& file);  // atomic; throws OutputError

// ---- one sitting

struct QuizResult {
  std::string key, kind, prompt, answer, given;
  bool correct = false, typo = false;
  std::int64_t ms = 0;  // time taken to answer
};

class QuizSession {
 public:
  // `order` indexes `questions` (see sessionOrder); the clock starts at startMs.
  QuizSession(std::vector<QuizQuestion> questions, std::vector<int> order, std::int64_t startMs);
  bool finished() const { return pos_ >= order_.size(); }
  const QuizQuestion& current() const;  // requires !finished()
  std::size_t position() const { return pos_; }
  std::size_t size() const { return order_.size(); }
  // Records the check of the current question, updates `progress` and moves on.
  void answer(const AnswerCheck& check, std::string_view given, std::int64_t nowMs, QuizProgress& progress);
  void skip(std::int64_t nowMs, QuizProgress& progress);  // counts as wrong
  // The current question is shown from now on: its time counts from here, not from the last answer (a
  // window shows the right answer in between).
  void restartClock(std::int64_t nowMs) { askedMs_ = nowMs; }
  int score() const { return score_; }
  int streak() const { return streak_; }
  int bestStreak() const { return best_; }
  std::int64_t elapsedMs(std::int64_t nowMs) const { return (endMs_ ? endMs_ : nowMs) - startMs_; }
  const std::vector<QuizResult>& results() const { return results_; }
  std::vector<QuizResult> mistakes() const;

 private:
  std::vector<QuizQuestion> questions_;
  std::vector<int> order_;
  std::size_t pos_ = 0;
  int score_ = 0, streak_ = 0, best_ = 0;
  std::int64_t startMs_ = 0, askedMs_ = 0, endMs_ = 0;
  std::vector<QuizResult> results_;
};

// key,kind,prompt,answer,given,correct,typo,seconds; RFC 4180 quoting, and cells a spreadsheet would run as a
// formula (=, +, -, @ first) prefixed with an apostrophe.
std::string resultsCsv(const std::vector<QuizResult>& results);
void writeResultsCsv(const std::vector<QuizResult>& results, const std::filesystem::path& file);  // OutputError

}  // namespace psoas
