// Teach > Self-test: choose a set and a difficulty, play a sitting on the model, review the mistakes, export
// the results. The sitting itself (flow, keys, each question's scene) is core/quiz_runner; this file draws it,
// gives it the clock, applies its scene to the window's and saves the progress after every answer.
#include <chrono>
#include <cstdlib>
#include <filesystem>

#include <imgui.h>
#include <imgui_stdlib.h>

#include "core/quiz_runner.hpp"
#include "ui/ui_context.hpp"

namespace psoas::ui {
namespace fs = std::filesystem;

struct QuizUi {
  QuizRunner runner;
  QuizSetup setup;
  int timeLimit = 0;  // index into kTimeLimits
  std::string typed;
  int applied = -1;          // the runner's scene version last put into the window
  bool staged = false;       // the window shows the sitting's scene (the user's comes back when it closes)
  bool focusAnswer = false;  // put the keyboard into the answer field (fewer cues)
  fs::path progressFile;
  // The panels that would name the answer, as the user had them before the sitting.
  bool hadStructures = false, hadInfo = false, hadSymptoms = false, hadTeaching = false;
};

namespace {

constexpr int kTimeLimits[] = {0, 30, 15};
const char* const kTimeNames[] = {"No time limit", "30 s a question", "15 s a question"};

std::int64_t nowMs() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

const char* setTitle(const std::string& set) {
  if (set == "bones") return "Bones";
  if (set == "muscles") return "Muscles";
  if (set == "attachments") return "Origins and insertions";
  if (set == "referral") return "Where does it hurt";
  if (set == "landmarks") return "Landmarks";
  if (set == "motion") return "Motion (poses and lengths)";
  if (set == "all") return "Everything";
  return set.c_str();
}

std::string documentsDirectory() {
  const char* home = std::getenv("HOME");
  if (!home) return fs::current_path().string();
  std::error_code ec;
  fs::path docs = fs::path(home) / "Documents";
  return fs::is_directory(docs, ec) ? docs.string() : home;
}

QuizUi& quizOf(UiContext& ui) {
  if (!ui.quiz) ui.quiz = std::make_shared<QuizUi>();
  return *ui.quiz;
}

void start(UiContext& ui, QuizUi& q) {
  try {
    q.progressFile = progressFileFor(ui.atlas->file);
    std::string warning;
    QuizProgress progress = loadProgress(q.progressFile, warning);
    if (!warning.empty()) ui.errors.push_back(warning);  // reported; what could be read is kept, the file aside
    progress.atlas = ui.atlas->file.string();
    q.setup.secondsPerQuestion = kTimeLimits[q.timeLimit];
    q.setup.seed = std::uint64_t(nowMs());  // another mix of new questions every sitting
    q.runner.start(*ui.atlas, q.setup, std::move(progress), *ui.state, nowMs());
  } catch (const std::exception& e) {
    ui.errors.push_back(std::string("The self-test could not start.\n\n") + e.what());
    return;
  }
  q.hadStructures = ui.showStructures;
  q.hadInfo = ui.showInfo;
  q.hadSymptoms = ui.showSymptoms;
  q.hadTeaching = ui.showTeaching;
  ui.showStructures = ui.showInfo = ui.showSymptoms = ui.showTeaching = false;
  q.typed.clear();
  q.focusAnswer = q.setup.fewerCues;
}

// The runner's scene into the window's when it changed; the user's own back once the sitting has closed.
void syncScene(UiContext& ui, QuizUi& q) {
  if (q.runner.active()) {
    if (q.runner.sceneVersion() != q.applied) {
      bool fresh = q.runner.phase() == QuizRunner::Phase::Asking;
      *ui.state = q.runner.scene(ui.state->camera);
      // A new question frames what it asks (a small area or a landmark would be a few pixels), or the
      // whole model when it asks about a structure.
      if (fresh) {
        Bounds focus = quizFocus(*ui.atlas, q.runner.question());
        int view = quizFocusView(*ui.atlas, q.runner.question());
        if (focus.empty()) ui.requestFitVisible = true;
        else ui.requestFrame = UiContext::FrameRequest{focus, view >= 0 ? std::optional<ViewPreset>(ui.atlas->views[std::size_t(view)]) : std::nullopt};
      }
      // A motion answer in a preset pose: turn to the view the preset suggests (a lying pose seen from the
      // front shows little).
      if (q.runner.phase() == QuizRunner::Phase::Answered && q.runner.answered().kind == QuizKind::Motion)
        if (const PosePreset* p = ui.atlas->motion.findPose(q.runner.answered().pose.preset); p && ui.atlas->findView(p->view))
          ui.requestView = p->view;
    }
    q.applied = q.runner.sceneVersion();
    q.staged = true;
    return;
  }
  if (!q.staged) return;
  q.staged = false;
  glm::vec2 shift = ui.state->camera.shift;
  *ui.state = q.runner.userScene();
  ui.state->camera.shift = shift;
  ui.showStructures = q.hadStructures;
  ui.showInfo = q.hadInfo;
  ui.showSymptoms = q.hadSymptoms;
  ui.showTeaching = q.hadTeaching;
}

void saveProgressNow(UiContext& ui, QuizUi& q) {
  if (!q.runner.takeProgressChange()) return;
  try {
    saveProgress(q.runner.progress(), q.progressFile);
  } catch (const std::exception& e) {
    ui.errors.push_back(std::string("The self-test progress could not be saved.\n\n") + e.what());
  }
}

void statusLine(const QuizUi& q, std::int64_t now) {
  const QuizRunner& r = q.runner;
  int secs = int(r.elapsedSeconds(now));
  // While a question waits it is number position() + 1; once answered the sitting has moved past it.
  std::size_t number = r.phase() == QuizRunner::Phase::Asking ? r.position() + 1 : r.position();
  ImGui::Text("Question %zu of %zu   Score %d   Streak %d   %d:%02d", number, r.size(), r.score(), r.streak(),
              secs / 60, secs % 60);
  double left = r.secondsLeft(now);
  if (left >= 0) {
    float frac = float(left / std::max(1, q.setup.secondsPerQuestion));
    ImGui::ProgressBar(frac, ImVec2(-1, 0), (std::to_string(int(left + 0.99)) + " s left").c_str());
  }
}

void setupView(UiContext& ui, QuizUi& q) {
  ImGui::TextWrapped("Test yourself on the model: each question lights a structure, an area, a zone or a landmark "
                     "with the labels hidden. Missed questions come back first next time.");
  ImGui::Spacing();
  if (ImGui::BeginCombo("Set", setTitle(q.setup.set))) {
    for (const auto& name : quizSetNames())
      if (ImGui::Selectable(setTitle(name), name == q.setup.set)) q.setup.set = name;
    ImGui::EndCombo();
  }
  ImGui::SliderInt("Questions", &q.setup.questions, 5, 30);
  ImGui::Checkbox("Fewer cues: type the answer (no choices)", &q.setup.fewerCues);
  ImGui::Combo("Time", &q.timeLimit, kTimeNames, IM_ARRAYSIZE(kTimeNames));
  ImGui::Spacing();
  if (ImGui::Button("Start  (Enter)")) start(ui, q);
  ImGui::SameLine();
  if (ImGui::Button("Worksheet and key of this set")) ui.requestWorksheet = q.setup.set;
  ImGui::TextDisabled("Keys: 1-4 choose, Enter answer / next, Esc end.");
}

void choicesView(UiContext& ui, QuizUi& q, const QuizQuestion& question) {
  (void)ui;
  for (std::size_t i = 0; i < question.choices.size(); ++i) {
    std::string text = std::to_string(i + 1) + "   " + question.choices[i] + "##choice" + std::to_string(i);
    if (ImGui::Button(text.c_str(), ImVec2(-1, 0))) q.runner.choose(int(i), nowMs());
  }
}

void askingView(UiContext& ui, QuizUi& q, std::int64_t now) {
  const QuizQuestion& question = q.runner.question();
  statusLine(q, now);
  ImGui::Separator();
  ImGui::TextWrapped("%s", question.prompt.c_str());
  if (question.kind == QuizKind::FindIt) ImGui::TextDisabled("Click it on the model (or type its name).");
  if (question.kind == QuizKind::Landmark) ImGui::TextDisabled("The landmark is marked \"?\" on the model.");
  ImGui::Spacing();
  if (q.runner.showChoices() && !question.choices.empty()) choicesView(ui, q, question);
  if (q.focusAnswer) {
    ImGui::SetKeyboardFocusHere();
    q.focusAnswer = false;
  }
  ImGui::SetNextItemWidth(-90 * ui.scale);
  bool enter = ImGui::InputTextWithHint("##answer", "type the answer", &q.typed, ImGuiInputTextFlags_EnterReturnsTrue);
  ImGui::SameLine();
  if ((ImGui::Button("Answer") || enter) && q.runner.submitText(q.typed, nowMs())) q.typed.clear();
  if (ImGui::Button("End the test  (Esc)")) q.runner.end(nowMs());
}

void answeredView(QuizUi& q, std::int64_t now) {
  const QuizQuestion& question = q.runner.answered();
  const AnswerCheck& check = q.runner.lastCheck();
  statusLine(q, now);
  ImGui::Separator();
  ImGui::TextWrapped("%s", question.prompt.c_str());
  if (check.correct) ImGui::TextColored(ImVec4(0.45f, 0.9f, 0.45f, 1.f), check.typo ? "Right (with a typo)" : "Right!");
  else ImGui::TextColored(ImVec4(1.f, 0.45f, 0.4f, 1.f), "Not quite");
  // "it is X" says no more than the answer line below.
  if (!check.feedback.empty() && check.feedback != "it is " + question.answer) ImGui::TextWrapped("%s", check.feedback.c_str());
  if (!q.runner.lastGiven().empty() && !check.correct) ImGui::TextWrapped("Your answer: %s", q.runner.lastGiven().c_str());
  ImGui::TextWrapped("Answer: %s", question.answer.c_str());
  if (!question.fact.empty()) {
    ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(1.f, 0.82f, 0.5f, 1.f));
    ImGui::TextWrapped("%s", question.fact.c_str());
    ImGui::PopStyleColor();
  }
  if (question.kind == QuizKind::Motion) ImGui::TextDisabled("The model shows the pose asked about.");
  ImGui::Spacing();
  bool last = q.runner.position() >= q.runner.size();
  if (ImGui::Button(last ? "See the results  (Enter)" : "Next question  (Enter)")) {
    q.runner.next(nowMs());
    q.focusAnswer = q.setup.fewerCues;
  }
  ImGui::SameLine();
  if (ImGui::Button("End the test  (Esc)")) q.runner.end(nowMs());
}

void exportCsv(UiContext& ui, QuizUi& q) {
  try {
    std::string path = numberedPath(documentsDirectory(), "psoas-quiz-results", ".csv");
    writeResultsCsv(q.runner.results(), path);  // atomic
    ui.toast = "Saved " + path;
  } catch (const std::exception& e) {
    ui.errors.push_back(std::string("The results could not be saved.\n\n") + e.what());
  }
  ui.toastUntil = ImGui::GetTime() + 6.0;
}

void reviewView(UiContext& ui, QuizUi& q, std::int64_t now) {
  const QuizRunner& r = q.runner;
  int secs = int(r.elapsedSeconds(now));
  ImGui::Text("Score %d of %zu   Best streak %d   Time %d:%02d", r.score(), r.results().size(), r.bestStreak(),
              secs / 60, secs % 60);
  auto mistakes = r.mistakes();
  auto questions = r.mistakenQuestions();
  if (mistakes.empty()) ImGui::TextColored(ImVec4(0.45f, 0.9f, 0.45f, 1.f), "No mistakes.");
  else ImGui::Text("To review (asked first next time):");
  ImGui::BeginChild("mistakes", ImVec2(0, std::min(320.f * ui.scale, 90.f * ui.scale * float(mistakes.size()) + 4.f)), false);
  for (std::size_t i = 0; i < mistakes.size(); ++i) {
    ImGui::Separator();
    ImGui::TextWrapped("%s", mistakes[i].prompt.c_str());
    ImGui::TextColored(ImVec4(0.45f, 0.9f, 0.45f, 1.f), "%s", mistakes[i].answer.c_str());
    ImGui::TextDisabled("You: %s", mistakes[i].given.empty() ? "(no answer)" : mistakes[i].given.c_str());
    if (i < questions.size() && !questions[i].fact.empty()) ImGui::TextWrapped("%s", questions[i].fact.c_str());
  }
  ImGui::EndChild();
  if (ImGui::Button("Export results as CSV")) exportCsv(ui, q);
  ImGui::SameLine();
  if (ImGui::Button("Close  (Esc)")) q.runner.close();
}

}  // namespace

void drawQuizPanel(UiContext& ui) {
  if (!ui.showQuiz && !quizActive(ui)) return;
  QuizUi& q = quizOf(ui);
  const std::int64_t now = nowMs();
  q.runner.tick(now);
  // In the right column like the other panels, so the question never covers the model it asks about. A
  // folded column hides the panel, not the sitting: its scene and progress are kept up below.
  if (placePanel(ui, Panel::Quiz)) {
    bool open = true;
    bool drawn = ImGui::Begin("Self-test", &open, panelFlags());
    notePanel(ui, Panel::Quiz);
    if (drawn) {
      switch (q.runner.phase()) {
        case QuizRunner::Phase::Idle: setupView(ui, q); break;
        case QuizRunner::Phase::Asking: askingView(ui, q, now); break;
        case QuizRunner::Phase::Answered: answeredView(q, now); break;
        case QuizRunner::Phase::Review: reviewView(ui, q, now); break;
      }
    }
    ImGui::End();
    if (!open) {  // the window's close button ends and closes the sitting
      q.runner.end(now);
      q.runner.close();
      ui.showQuiz = false;
    }
  }
  saveProgressNow(ui, q);
  syncScene(ui, q);
}

bool quizKey(UiContext& ui, const std::string& key, bool typing) {
  if (!ui.quiz) return false;
  QuizUi& q = *ui.quiz;
  if (!q.runner.active()) {
    if (ui.showQuiz && key == "Enter" && !typing) { start(ui, q); return true; }
    return false;
  }
  bool wasAsking = q.runner.phase() == QuizRunner::Phase::Asking;
  bool used = q.runner.key(key, typing, q.typed, nowMs());
  if (used && wasAsking && q.runner.phase() != QuizRunner::Phase::Asking) q.typed.clear();
  if (used && q.runner.phase() == QuizRunner::Phase::Asking) q.focusAnswer = q.setup.fewerCues;
  if (used && !q.runner.active()) ui.showQuiz = true;  // back to the setup
  return used;
}

bool quizWantsClicks(const UiContext& ui) { return ui.quiz && ui.quiz->runner.wantsClicks(); }

void quizPick(UiContext& ui, int structure) {
  if (ui.quiz) ui.quiz->runner.pick(structure, nowMs());
}

bool quizHidesNames(const UiContext& ui) { return ui.quiz && ui.quiz->runner.hidesNames(); }

bool quizActive(const UiContext& ui) { return ui.quiz && ui.quiz->runner.active(); }

void keepPanelsHiddenByQuiz(const UiContext& ui, AppSettings& s) {
  if (!ui.quiz || !ui.quiz->staged) return;
  s.showStructures = ui.quiz->hadStructures;
  s.showInfo = ui.quiz->hadInfo;
  s.showSymptoms = ui.quiz->hadSymptoms;
  s.showTeaching = ui.quiz->hadTeaching;
}

}  // namespace psoas::ui
