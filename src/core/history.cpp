#include "core/history.hpp"

namespace psoas {

namespace {
SceneState restored(const SceneState& snapshot, const SceneState& live) {
  SceneState s = snapshot;
  s.camera.shift = live.camera.shift;  // the shift belongs to the window's layout now, not to the step
  return s;
}
}  // namespace

bool History::same(const SceneState& a, const SceneState& b) {
  if (a.camera.shift == b.camera.shift) return a == b;
  SceneState c = b;
  c.camera.shift = a.camera.shift;
  return a == c;
}

void History::reset(const SceneState& now) {
  undo_.clear();
  redo_.clear();
  current_ = now;
  started_ = true;
}

bool History::commit(const SceneState& now) {
  if (!started_) { reset(now); return false; }
  if (same(current_, now)) return false;
  undo_.push_back(std::move(current_));
  if (undo_.size() > limit_) undo_.pop_front();  // bounded: the oldest steps go first
  current_ = now;
  redo_.clear();
  return true;
}

bool History::canUndo(const SceneState& now) const {
  return !undo_.empty() || (started_ && !same(current_, now));
}

bool History::undo(SceneState& s) {
  commit(s);
  if (undo_.empty()) return false;
  redo_.push_back(std::move(current_));
  current_ = std::move(undo_.back());
  undo_.pop_back();
  s = restored(current_, s);
  return true;
}

bool History::redo(SceneState& s) {
  // A change made after an undo starts a new branch: what was undone cannot come back over it.
  if (!same(current_, s)) { commit(s); return false; }
  if (redo_.empty()) return false;
  undo_.push_back(std::move(current_));
  current_ = std::move(redo_.back());
  redo_.pop_back();
  s = restored(current_, s);
  return true;
}

}  // namespace psoas
