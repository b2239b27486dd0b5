#include "app/story_player.hpp"

#include <algorithm>

#include "core/atlas.hpp"
#include "core/posed_atlas.hpp"

namespace psoas {

void StoryPlayer::start(Story story, const Atlas& atlas, const SceneState& current, double now, float aspect) {
  checkStory(atlas, story);
  std::vector<std::string> captions;
  for (const StoryStep& s : story.steps)
    captions.push_back(expandCaption(atlas, s.caption, effectivePose(atlas.motion, s.scene.pose)));
  story_ = std::move(story);
  captions_ = std::move(captions);
  step_ = 0;
  go(1, atlas, current, now, aspect);
}

void StoryPlayer::stop() {
  story_.reset();
  captions_.clear();
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
