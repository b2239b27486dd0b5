#pragma once
// Undo and redo over the scene state. Every scene action (visibility, opacity, selection, overlays, labels,
// cut, camera jumps, pose) edits SceneState, so the history keeps whole snapshots of it instead of a list of
// inverse operations: an action added later (a pose action, a new panel's checkbox) is undoable without
// anything written for it. A snapshot is a few kilobytes and comparing two is cheap, so the window commits
// once a frame when no edit is in progress (no drag, no slider held, no camera animation). No GL, no ImGui.
#include <cstddef>
#include <deque>

#include "core/scene_state.hpp"

namespace psoas {

class History {
 public:
  explicit History(std::size_t limit = 100) : limit_(limit < 1 ? 1 : limit) {}

  // Forgets everything; `now` is the state undo cannot go behind (a new atlas, a freshly opened state).
  void reset(const SceneState& now);
  // Records `now` as a new step when it differs from the last recorded state (the lens shift, which follows
  // the window's panels, does not count). Clears what could be redone. Returns true when a step was added.
  bool commit(const SceneState& now);
  bool canUndo(const SceneState& now) const;
  bool canRedo() const { return !redo_.empty(); }
  // Puts the previous (next) recorded state into `s`, keeping its lens shift. An uncommitted change in `s` is
  // committed first, so undo never loses it for good. False when there is nothing to go back (forward) to.
  bool undo(SceneState& s);
  bool redo(SceneState& s);
  std::size_t undoSteps() const { return undo_.size(); }
  std::size_t limit() const { return limit_; }

  // Equal for the history: everything but the camera's lens shift.
  static bool same(const SceneState& a, const SceneState& b);

 private:
  std::size_t limit_;
  bool started_ = false;
  SceneState current_;             // the last recorded state
  std::deque<SceneState> undo_;    // older states, oldest first
  std::deque<SceneState> redo_;    // undone states, the next one to redo last
};

}  // namespace psoas
