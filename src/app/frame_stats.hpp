#pragma once
// What the viewer's moving frames cost, for bench/viewer_fps.sh (PSOAS_FRAME_STATS=1): each frame's phases
// are recorded while the view moves and summarised on exit. No GLFW, no GL: the viewer does the timing.
// PSOAS_FRAME_STATS=frames times whole frames only: finishing the GL work of each phase before timing the
// next (what the phases need) keeps llvmpipe's threads from drawing while the next phase is built, so
// frames timed by phase cost more than they do in use.
#include <string>
#include <vector>

#include "core/frame_plan.hpp"

namespace psoas {

// Where one moving frame's time went (seconds); the viewer finishes the GL work of each phase before
// timing the next only while statistics are on.
struct MovingFrame {
  double cost = 0;  // the whole frame
  int step = 0;     // draft size: 0 full, 1 three quarters, 2 half
  double uiBuild = 0, scene = 0, uiDraw = 0, swap = 0;
  PassTimes passes;
};

class FrameStats {
 public:
  explicit FrameStats(bool byPhase = true) : byPhase_(byPhase) {}
  bool byPhase() const { return byPhase_; }
  void record(const MovingFrame& f) { frames_.push_back(f); }
  std::size_t count() const { return frames_.size(); }
  // Three lines: frames, median and 90th percentile with the draft sizes; the phases' medians; the scene
  // passes' medians (the first only when not timed by phase). "moving frames: none" when nothing moved.
  std::string summary(int windowWidth, int windowHeight) const;

 private:
  bool byPhase_ = true;
  std::vector<MovingFrame> frames_;
};

}  // namespace psoas
