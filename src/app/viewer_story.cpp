// The viewer's part of stories and presentation mode: starting a story, the step keys (only while a story
// runs: otherwise the arrows and Page keys turn and zoom the model), the animated step change, and full
// screen with the panels hidden. Kept apart from viewer.cpp, which only calls these.
#include <GLFW/glfw3.h>

#include "app/viewer.hpp"
#include "core/errors.hpp"
#include "core/story.hpp"
#include "ui/layout.hpp"

namespace psoas {

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
  if (key == GLFW_KEY_ESCAPE && ui_.presenting) {
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

void Viewer::applyStoryRequests() {
  if (!storiesListed_) listStories();
  double now = glfwGetTime();
  if (!ui_.requestStory.empty()) {
    std::string id = std::move(ui_.requestStory);
    ui_.requestStory.clear();
    try {
      story_.start(loadStory(findStory(id)), atlas_, state_, now, viewAspect());
    } catch (const Error& e) {
      showError(e.what());
    }
  }
  if (ui_.requestStep > 0) story_.go(ui_.requestStep, atlas_, state_, now, viewAspect());
  ui_.requestStep = 0;
  if (ui_.requestStopStory) story_.stop();
  ui_.requestStopStory = false;
  if (ui_.requestPresent) setPresenting(!ui_.presenting);
  ui_.requestPresent = false;
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
}

}  // namespace psoas
