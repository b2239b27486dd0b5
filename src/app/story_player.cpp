#include "app/story_player.hpp"

#include <algorithm>

#include "core/atlas.hpp"
#include "core/errors.hpp"
#include "core/posed_atlas.hpp"

namespace psoas {

void StoryPlayer::start(Story story, const Atlas& atlas, const SceneState& current, double now, float aspect) {
  checkStory(atlas, story);  // a bad placeholder too: a file is checked whole before it plays
  story_ = std::move(story);
  fillCaptions(atlas);
  modified_ = false;
  step_ = 0;
  go(1, atlas, current, now, aspect);
}

void StoryPlayer::stop() {
  story_.reset();
  captions_.clear();
  captionErrors_.clear();
  modified_ = false;
  step_ = 0;
  moving_ = false;
}

SceneState StoryPlayer::target(const Atlas& atlas, int n, const SceneState& current, float aspect) const {
  ViewState vs = story_->steps[std::size_t(n - 1)].scene;
  // A named view is fitted to the window's free area, as a figure's is to its size.
  vs.figure.width = 1000;
  vs.figure.height = std::max(16, int(1000.f / std::max(aspect, 0.05f)));
  vs.pose = effectivePose(atlas.motion, vs.pose);
  SceneState s = applyViewState(atlas, vs, story_->file);
  s.camera.shift = current.camera.shift;  // the lens shift belongs to the window's panel layout
  s.labelText = current.labelText;
  return s;
}

bool StoryPlayer::go(int n, const Atlas& atlas, const SceneState& current, double now, float aspect) {
  if (!story_) return false;
  n = std::clamp(n, 1, stepCount());
  if (n == step_) return false;
  from_ = current;
  to_ = target(atlas, n, current, aspect);
  duration_ = story_->steps[std::size_t(n - 1)].transitionS;
  start_ = now;
  step_ = n;
  moving_ = true;
  return true;
}

std::optional<SceneState> StoryPlayer::update(double now) {
  if (!moving_) return std::nullopt;
  double t = duration_ > 0 ? (now - start_) / duration_ : 1.0;
  if (t >= 1.0) moving_ = false;
  return interpolateScene(from_, to_, t);
}

}  // namespace psoas

namespace psoas {

void StoryPlayer::fillCaptions(const Atlas& atlas) {
  captions_.clear();
  captionErrors_.clear();
  for (const StoryStep& s : story_->steps) {
    try {
      captions_.push_back(expandCaption(atlas, s.caption, effectivePose(atlas.motion, s.scene.pose)));
      captionErrors_.emplace_back();
    } catch (const UsageError& e) {
      captions_.push_back(s.caption);
      captionErrors_.emplace_back(e.what());
    }
  }
}

const std::string& StoryPlayer::captionError(int n) const {
  static const std::string none;
  return n >= 1 && std::size_t(n) <= captionErrors_.size() ? captionErrors_[std::size_t(n - 1)] : none;
}

void StoryPlayer::startNew(const Atlas& atlas, const SceneState& current, double now, float aspect) {
  start(newStory(atlas, current), atlas, current, now, aspect);
  modified_ = true;  // nothing of it is on disk yet
}

void StoryPlayer::edit(const StoryEdit& e, const Atlas& atlas, const SceneState& current, double now, float aspect) {
  if (!story_) throw UsageError("no story to edit: choose one or make a new one");
  Story changed = *story_;
  const int show = applyStoryEdit(atlas, changed, e, current);  // throws before anything changes
  story_ = std::move(changed);
  fillCaptions(atlas);
  modified_ = true;
  if (e.kind == StoryEdit::Kind::Delete) {
    step_ = 0;  // the step shown is gone: move to the one that took its place
    go(show, atlas, current, now, aspect);
  } else {
    if (e.kind == StoryEdit::Kind::AddView) moving_ = false;  // the new step is the view on screen
    step_ = show;  // a moved or retitled step shows what it showed
  }
}

void StoryPlayer::markSaved(const std::filesystem::path& file) {
  if (!story_) return;
  story_->file = file;
  modified_ = false;
}

}  // namespace psoas
