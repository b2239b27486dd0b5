#include "core/story_edit.hpp"

#include <algorithm>
#include <cctype>
#include <utility>

#include "core/atlas.hpp"
#include "core/errors.hpp"
#include "core/file_util.hpp"

namespace psoas {

namespace {
// The index of step `n` (from 1), or UsageError saying what the story has.
std::size_t indexOf(const Story& story, int n, const char* what) {
  if (n < 1 || std::size_t(n) > story.steps.size())
    throw UsageError(std::string("cannot ") + what + " step " + std::to_string(n) + ": the story has steps 1.." +
                     std::to_string(story.steps.size()));
  return std::size_t(n - 1);
}
}  // namespace

std::string oneLine(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    out += c < 0x20 || c == 0x7f ? ' ' : ch;
  }
  return out;
}

StoryStep stepFromScene(const Atlas& atlas, const SceneState& scene, std::vector<std::string> evidence) {
  StoryStep step;
  step.evidence = std::move(evidence);
  // Through the file format once: the clip offset is kept in whole micrometres, angles as written; what
  // the step holds is then exactly what a saved file gives back.
  ViewState vs = captureViewState(atlas, scene, FigureSettings{});
  step.scene = parseViewState(serializeViewState(vs), "(new step)");
  step.scene.pose = scene.pose;  // a preset by name alone survives (serializeViewState drops it)
  return step;
}

std::vector<std::string> defaultEvidence(const Atlas& atlas, const Story& story, int after) {
  if (after >= 1 && std::size_t(after) <= story.steps.size() && !story.steps[std::size_t(after - 1)].evidence.empty())
    return story.steps[std::size_t(after - 1)].evidence;
  if (findId(atlas.evidenceLevels, "illustrative") >= 0) return {"illustrative"};
  if (!atlas.evidenceLevels.empty()) return {atlas.evidenceLevels.front().id};
  return {};
}

Story newStory(const Atlas& atlas, const SceneState& scene) {
  Story s;
  s.title = "New story";
  s.id = storyIdFor(s.title);
  s.steps.push_back(stepFromScene(atlas, scene, defaultEvidence(atlas, s, 0)));
  return s;
}

int insertStep(Story& story, int after, StoryStep step) {
  if (after < 0 || std::size_t(after) > story.steps.size())
    throw UsageError("cannot add a step after step " + std::to_string(after) + ": the story has steps 1.." +
                     std::to_string(story.steps.size()) + " (0 adds it first)");
  story.steps.insert(story.steps.begin() + after, std::move(step));
  return after + 1;
}

void setCaption(Story& story, int step, std::string_view caption) {
  story.steps[indexOf(story, step, "write the caption of")].caption = oneLine(caption);
}

void setStepTitle(Story& story, int step, std::string_view title) {
  story.steps[indexOf(story, step, "rename")].title = oneLine(title);
}

void setTransition(Story& story, int step, double seconds) {
  StoryStep& st = story.steps[indexOf(story, step, "set the transition of")];
  if (!(seconds >= 0.0 && seconds <= kMaxTransitionS))  // NaN too
    throw UsageError("a transition takes 0 to " + std::to_string(int(kMaxTransitionS)) + " seconds");
  st.transitionS = seconds;
}

std::filesystem::path storySaveTarget(const Story& story) {
  if (story.file.empty()) return {};
  std::error_code ec;
  for (const auto& builtin : builtinStoryFiles())
    if (std::filesystem::equivalent(builtin, story.file, ec)) return {};
  return story.file;
}

void setEvidence(Story& story, int step, std::vector<std::string> evidence) {
  story.steps[indexOf(story, step, "set the evidence of")].evidence = std::move(evidence);
}

int moveStep(Story& story, int step, int delta) {
  std::size_t i = indexOf(story, step, "move");
  if (delta != -1 && delta != 1) throw UsageError("a step moves up or down one place at a time");
  int to = step + delta;
  if (to < 1 || std::size_t(to) > story.steps.size())
    throw UsageError("step " + std::to_string(step) + " is already the " + (delta < 0 ? "first" : "last"));
  std::swap(story.steps[i], story.steps[std::size_t(to - 1)]);
  return to;
}

void deleteStep(Story& story, int step) {
  std::size_t i = indexOf(story, step, "delete");
  if (story.steps.size() == 1) throw UsageError("cannot delete the only step: a story needs at least one");
  story.steps.erase(story.steps.begin() + std::ptrdiff_t(i));
}

std::string storyIdFor(std::string_view title) {
  std::string id;
  for (char ch : title) {
    const auto c = static_cast<unsigned char>(ch);
    if (std::isalnum(c) && c < 0x80) id += char(std::tolower(c));
    else if (!id.empty() && id.back() != '_') id += '_';
    if (id.size() >= 40) break;
  }
  while (!id.empty() && id.back() == '_') id.pop_back();
  return id.empty() ? "story" : id;
}

void renameStory(Story& story, std::string_view title) {
  std::string t = oneLine(title);
  if (t.find_first_not_of(' ') == std::string::npos) throw UsageError("a story needs a title");
  if (t.size() > Story::kMaxTitle)
    throw UsageError("the title is " + std::to_string(t.size()) + " bytes long; at most " + std::to_string(Story::kMaxTitle));
  story.title = t;
  story.id = storyIdFor(t);
}

int applyStoryEdit(const Atlas& atlas, Story& story, const StoryEdit& e, const SceneState& scene) {
  using K = StoryEdit::Kind;
  switch (e.kind) {
    case K::AddView:
      return insertStep(story, e.step, stepFromScene(atlas, scene, defaultEvidence(atlas, story, e.step)));
    case K::Caption: setCaption(story, e.step, e.text); return e.step;
    case K::StepTitle: setStepTitle(story, e.step, e.text); return e.step;
    case K::Evidence: setEvidence(story, e.step, e.evidence); return e.step;
    case K::MoveUp: return moveStep(story, e.step, -1);
    case K::MoveDown: return moveStep(story, e.step, +1);
    case K::Delete:
      deleteStep(story, e.step);
      return std::min(e.step, int(story.steps.size()));  // the step that took its place, or the new last
    case K::Rename: renameStory(story, e.text); return e.step;
    case K::Transition: setTransition(story, e.step, e.seconds); return e.step;
  }
  throw UsageError("unknown story edit");
}

}  // namespace psoas
