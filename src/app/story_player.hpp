#pragma once
// Playing a story in the window: which step is shown and the animated move to it (camera, pose, fades:
// core/story's interpolateScene). GLFW- and ImGui-free, so stepping is unit-tested; the viewer feeds it
// the clock and the view's aspect, and draws what update() returns.
#include <optional>
#include <string>
#include <vector>

#include "core/scene_state.hpp"
#include "core/story.hpp"
#include "core/story_edit.hpp"

namespace psoas {

class StoryPlayer {
 public:
  bool active() const { return story_.has_value(); }
  const Story* story() const { return story_ ? &*story_ : nullptr; }
  int step() const { return step_; }  // from 1; 0 when no story runs
  int stepCount() const { return story_ ? int(story_->steps.size()) : 0; }
  // Captions with their numbers filled in, index as the steps.
  const std::vector<std::string>& captions() const { return captions_; }

  // Checks the story against the atlas (StateError names the file and the step) and moves to step 1.
  void start(Story story, const Atlas& atlas, const SceneState& current, double now, float aspect);
  void stop();
  // Moves to step n (kept within 1..stepCount), animated from `current` over the step's transition_s.
  // False when there is no story or n is the step already shown.
  bool go(int n, const Atlas& atlas, const SceneState& current, double now, float aspect);
  // While a move runs: the scene at `now`; nullopt once it has ended (the last call returns the target).
  std::optional<SceneState> update(double now);
  bool moving() const { return moving_; }

  // Editing the story that plays (the Story panel's editor). A story made or changed here is `modified`
  // until saved; its captions are filled in again after every edit, and one whose numbers cannot be
  // (a typo in {length_mm:...} while typing) shows as typed, its problem in captionError.
  bool modified() const { return modified_; }
  const std::string& captionError(int n) const;  // "" when step n's caption is fine
  // A new story of one step, the scene shown now.
  void startNew(const Atlas& atlas, const SceneState& current, double now, float aspect);
  // Applies the edit (UsageError, and nothing changes, for a step out of range); the step it gives is
  // shown: at once where the scene is the one on screen, animated after a delete.
  void edit(const StoryEdit& e, const Atlas& atlas, const SceneState& current, double now, float aspect);
  // After the story was written to `file`: no longer modified, messages name the file.
  void markSaved(const std::filesystem::path& file);

 private:
  SceneState target(const Atlas& atlas, int n, const SceneState& current, float aspect) const;
  void fillCaptions(const Atlas& atlas);
  std::optional<Story> story_;
  std::vector<std::string> captions_, captionErrors_;
  bool modified_ = false;
  int step_ = 0;
  SceneState from_, to_;
  double start_ = 0, duration_ = 0;
  bool moving_ = false;
};

}  // namespace psoas
