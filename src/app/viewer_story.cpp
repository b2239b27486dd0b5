// The viewer's part of stories and presentation mode: starting a story, the step keys (only while a story
// runs: otherwise the arrows and Page keys turn and zoom the model), the animated step change, and full
// screen with the panels hidden. Kept apart from viewer.cpp, which only calls these.
#include <GLFW/glfw3.h>

#include "app/viewer.hpp"
#include "cli/commands.hpp"
#include "core/errors.hpp"
#include "core/story.hpp"
#include "core/story_edit.hpp"
#include "core/file_util.hpp"
#include "ui/error_text.hpp"
#include "ui/layout.hpp"

namespace psoas {
namespace fs = std::filesystem;

void Viewer::listStories() {
  storiesListed_ = true;
  for (const auto& file : builtinStoryFiles()) {
    try {
      Story s = loadStory(file);
      ui_.stories.push_back({s.id, s.title, int(s.steps.size())});
    } catch (const Error& e) {
      showError(e.what());  // a damaged built-in story is reported, the others stay usable
    }
  }
}

bool Viewer::storyKey(int key) {
  // Esc leaves the pin tool or the pen first (the command table's Esc), presentation mode at the next press.
  const bool toolOn = ui_.pinTool || ui_.penTool != ui::UiContext::Pen::Off;
  if (key == GLFW_KEY_ESCAPE && ui_.presenting && !toolOn) {
    setPresenting(false);
    return true;
  }
  if (!story_.active()) return false;
  int step = story_.step();
  if (key == GLFW_KEY_RIGHT || key == GLFW_KEY_DOWN || key == GLFW_KEY_PAGE_DOWN || key == GLFW_KEY_SPACE) ++step;
  else if (key == GLFW_KEY_LEFT || key == GLFW_KEY_UP || key == GLFW_KEY_PAGE_UP || key == GLFW_KEY_BACKSPACE) --step;
  else if (key == GLFW_KEY_HOME) step = 1;
  else if (key == GLFW_KEY_END) step = story_.stepCount();
  else return false;
  story_.go(step, atlas_, state_, glfwGetTime(), viewAspect());
  return true;
}

void Viewer::setPresenting(bool on) {
  if (on == ui_.presenting) return;
  ui_.presenting = on;
  GLFWmonitor* monitor = glfwGetPrimaryMonitor();
  const GLFWvidmode* mode = monitor ? glfwGetVideoMode(monitor) : nullptr;
  if (on && mode) {
    glfwGetWindowPos(window_, &windowed_.x, &windowed_.y);
    glfwGetWindowSize(window_, &windowed_.w, &windowed_.h);
    glfwSetWindowMonitor(window_, monitor, 0, 0, mode->width, mode->height, mode->refreshRate);
  } else if (!on && windowed_.w > 0) {
    glfwSetWindowMonitor(window_, nullptr, windowed_.x, windowed_.y, windowed_.w, windowed_.h, 0);
  }
  refitAfterLayout_ = true;
  dirty_ = true;
}

bool Viewer::holdForDiscard(ui::UiContext::Discard what, const std::string& story) {
  if (!story_.modified() || ui_.discardConfirmed) return false;
  ui_.pendingDiscard = what;  // the Story panel asks; "Discard" sends the request again, confirmed
  ui_.pendingStory = story;
  return true;
}

bool Viewer::holdCloseForStory() {
  if (!holdForDiscard(ui::UiContext::Discard::Quit)) return false;
  noteActivity();
  return true;
}

void Viewer::saveStory(const std::string& path) {
  try {
    if (!story_.story()) throw UsageError("there is no story to save");
    Story s = *story_.story();
    s.file = path;            // messages name the file being written
    checkStory(atlas_, s);    // a file that would not play (a wrong {number}) is not written
    writeStoryFile(s, path);  // nor an incomplete one (no caption): the parser's message names the step
    story_.markSaved(path);
    rememberRecent(settings_, fs::absolute(path).lexically_normal().string());
    ui_.toast = "Saved " + path;
  } catch (const std::exception& e) {
    ui_.errors.push_back(ui::explainError(std::string("The story could not be saved."), e));
  }
  ui_.toastUntil = glfwGetTime() + 5.0;
}

void Viewer::applyStoryEdits(double now) {
  using D = ui::UiContext::Discard;
  if (ui_.requestNewStory && !holdForDiscard(D::New)) {
    story_.startNew(atlas_, state_, now, viewAspect());
    ui_.storyEditing = true;
  }
  ui_.requestNewStory = false;
  for (const StoryEdit& e : ui_.storyEdits) {
    try {
      story_.edit(e, atlas_, state_, now, viewAspect());
    } catch (const Error& err) {
      showError(std::string("The story could not be changed: ") + err.what());
      break;  // the edits after it were made on what the panel showed before
    }
  }
  ui_.storyEdits.clear();
  if (!ui_.saveStoryTo.empty()) saveStory(ui_.saveStoryTo);
  ui_.saveStoryTo.clear();
}

void Viewer::applyStoryRequests() {
  if (!storiesListed_) listStories();
  double now = glfwGetTime();
  using D = ui::UiContext::Discard;
  if (!ui_.requestStory.empty()) {
    std::string id = std::move(ui_.requestStory);
    ui_.requestStory.clear();
    try {
      if (!holdForDiscard(D::Story, id)) story_.start(loadStory(findStory(id)), atlas_, state_, now, viewAspect());
    } catch (const Error& e) {
      showError(e.what());
    }
  }
  applyStoryEdits(now);
  if (ui_.requestStep > 0) story_.go(ui_.requestStep, atlas_, state_, now, viewAspect());
  ui_.requestStep = 0;
  if (ui_.requestStopStory && !holdForDiscard(D::Stop)) {
    story_.stop();
    ui_.storyEditing = false;
  }
  ui_.requestStopStory = false;
  if (ui_.requestQuit && holdForDiscard(D::Quit)) ui_.requestQuit = false;
  ui_.discardConfirmed = false;  // it let one answered request through, no later one
  if (ui_.requestPresent) setPresenting(!ui_.presenting);
  ui_.requestPresent = false;
  if (ui_.requestHandout) {
    ui_.requestHandout = false;
    makeHandout();
  }
}

void Viewer::makeHandout() {
  // The CLI's handout, with the window's atlas and renderer (its GL context is current here).
  cli::HandoutArgs a;
  a.story = ui_.handout.story;
  a.steps = ui_.handout.steps;
  a.side = ui_.handout.side;
  a.paper = ui_.handout.paper;
  a.out = ui_.handout.out;
  try {
    std::string summary = cli::makeHandout(a, atlas_, *renderer_);
    ui_.toast = "Wrote " + a.out + " (" + summary + ")";
    ui_.showHandout = false;
  } catch (const std::exception& e) {
    ui_.errors.push_back(ui::explainError(std::string("The handout could not be made."), e));
  }
  ui_.toastUntil = glfwGetTime() + 6.0;
  dirty_ = true;
}

void Viewer::updateStory(double now) {
  if (auto s = story_.update(now)) {
    state_ = *s;
    // The step's view fitted into what the panels or the caption bar leave free (a step is written for a
    // figure's shape, the window has its own).
    state_.camera = ui::refitInFreeArea(state_.camera, pose_.visibleBounds(atlas_, state_), freeArea(), windowSize());
    anim_.active = false;
    lastMotion_ = now;
    dirty_ = true;
  }
  ui_.story = story_.story();
  ui_.storyCaptions = &story_.captions();
  ui_.storyStep = story_.step();
  ui_.storyModified = story_.modified();
  ui_.storyCaptionError = &story_.captionError(story_.step());
  if (!story_.active()) ui_.storyEditing = false;
}

}  // namespace psoas
