#pragma once
// One self-test sitting as the window plays it (issue 18), without GL or ImGui: the setup (set, number of
// questions, fewer cues, time limit), the flow (asking -> answered -> ... -> review), keys, the scene each
// question shows (staged from the user's own scene, which comes back afterwards), progress and CSV. The panel
// (ui/quiz_panel.cpp) only draws it and passes in the clock; tests drive it with an injected one.
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/quiz.hpp"

namespace psoas {

struct QuizSetup {
  std::string set = "all";
  int questions = 10;
  bool fewerCues = false;       // no four choices (type the answer), and the lit structure not ghosted around
  int secondsPerQuestion = 0;   // 0: no time limit; else an unanswered question counts as wrong when it runs out
  std::uint64_t seed = 1;       // mixes the order of the new questions and the choices
};

// The scene a question shows, from the user's scene: labels and legend off, the structure lit (name it),
// nothing lit (find it), the area or zone lit in one neutral colour so its colour does not tell origin from
// insertion, the landmark marked "?" (landmark), standing (motion). `revealed`: the right answer shown (its
// label, the region colours, the pose the motion question is about).
SceneState quizScene(const Atlas& atlas, const SceneState& user, const QuizQuestion& q, bool revealed, bool fewerCues);
// What the camera should frame for a question: an area, a zone or a landmark with room around it (at least
// kQuizFocusMetres across, so the student still sees where on the body it is); empty for the others (the
// whole visible model).
inline constexpr float kQuizFocusMetres = 0.16f;
Bounds quizFocus(const Atlas& atlas, const QuizQuestion& q);
// The atlas view that looks most squarely at that area or landmark (from the surface normals nearest it),
// or -1: an attachment on the inner side of a bone is hidden from the front.
int quizFocusView(const Atlas& atlas, const QuizQuestion& q);
// Whether the window can show a question at all (a structure without a mesh cannot be lit or clicked).
bool quizQuestionShowable(const Atlas& atlas, const QuizQuestion& q);

class QuizRunner {
 public:
  enum class Phase { Idle, Asking, Answered, Review };

  // Generates the set's questions (those the window can show), orders them by `progress` (missed first, then
  // due, then new ones in an order mixed by setup.seed) and asks the first. Throws UsageError for an unknown
  // set or one without questions on this atlas.
  void start(const Atlas& atlas, const QuizSetup& setup, QuizProgress progress, const SceneState& user,
             std::int64_t nowMs);
  Phase phase() const { return phase_; }
  bool active() const { return phase_ != Phase::Idle; }
  const QuizSetup& setup() const { return setup_; }
  const QuizQuestion& question() const { return session_->current(); }  // Asking only
  const QuizQuestion& answered() const { return last_; }                // Answered: the question just answered
  const AnswerCheck& lastCheck() const { return check_; }
  const std::string& lastGiven() const { return given_; }
  bool showChoices() const { return !setup_.fewerCues; }

  // Answers (only while Asking; false otherwise, or for a choice out of range or an empty text).
  bool submitText(std::string_view typed, std::int64_t nowMs);
  bool choose(int choice, std::int64_t nowMs);
  bool pick(int structure, std::int64_t nowMs);  // find it: the structure clicked (-1: nothing)
  // Counts an unanswered question as wrong when its time has run out; true when it did.
  bool tick(std::int64_t nowMs);
  double secondsLeft(std::int64_t nowMs) const;  // < 0: no limit
  void next(std::int64_t nowMs);  // Answered -> the next question, or the review after the last
  void end(std::int64_t nowMs);   // stop early: the review of what was answered
  // Review -> Idle: the scene the caller should restore is userScene().
  void close();

  // Keys while a sitting runs, before any view key: "1".."9" choose (not while typing), "Enter" submits the
  // typed text or goes on, "Esc" ends the sitting (and closes the review), also from the answer field. The
  // window passes its keys here before ImGui sees them (ImGui 1.86 misses a key pressed and released between
  // two slow frames), so the answer field's own Enter is this one. True when the key was used.
  bool key(std::string_view key, bool typing, std::string_view typed, std::int64_t nowMs);
  // Clicks on the model belong to the quiz while it runs (a click must not change the lit structure).
  bool wantsClicks() const { return active(); }
  // Names must not show while a question waits (hover tooltip, information panel).
  bool hidesNames() const { return phase_ == Phase::Asking; }

  // The scene to show now (with the camera given, so the student can keep turning the model), and a number
  // that changes whenever that scene does.
  SceneState scene(const Camera& camera) const;
  int sceneVersion() const { return version_; }
  const SceneState& userScene() const { return user_; }

  std::size_t position() const { return session_ ? session_->position() : 0; }
  std::size_t size() const { return session_ ? session_->size() : 0; }
  int score() const { return session_ ? session_->score() : 0; }
  int streak() const { return session_ ? session_->streak() : 0; }
  int bestStreak() const { return session_ ? session_->bestStreak() : 0; }
  double elapsedSeconds(std::int64_t nowMs) const;
  std::vector<QuizResult> results() const { return session_ ? session_->results() : std::vector<QuizResult>{}; }
  std::vector<QuizResult> mistakes() const { return session_ ? session_->mistakes() : std::vector<QuizResult>{}; }
  // The mistakes' questions (for the review: the fact line of each).
  std::vector<QuizQuestion> mistakenQuestions() const;

  QuizProgress& progress() { return progress_; }
  // Progress changed since the last call (the caller saves it, so a failed write is reported where the
  // user sees it).
  bool takeProgressChange() { bool c = progressChanged_; progressChanged_ = false; return c; }

 private:
  void record(const AnswerCheck& check, std::string_view given, std::int64_t nowMs);
  const Atlas* atlas_ = nullptr;
  QuizSetup setup_;
  std::unique_ptr<AnswerMatcher> matcher_;
  std::optional<QuizSession> session_;
  std::vector<QuizQuestion> asked_;  // in session order, for the review
  QuizProgress progress_;
  SceneState user_;
  Phase phase_ = Phase::Idle;
  QuizQuestion last_;
  AnswerCheck check_;
  std::string given_;
  std::int64_t askedAt_ = 0, startMs_ = 0, endMs_ = 0;
  int version_ = 0;
  bool progressChanged_ = false;
};

}  // namespace psoas
