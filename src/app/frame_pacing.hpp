#pragma once
// Frame pacing as a pure function: how the next window frame is drawn (supersampling, size, level of detail)
// from whether the view moves and what the last moving frame cost. No GLFW, no GL: unit-tested.
#include <algorithm>

namespace psoas {

struct FramePace {
  int ssaa = 1;
  float scale = 1.f;      // of the window's size: moving frames are drawn smaller where they cost too much
  float lodPixels = 0.f;  // simplified meshes within this many pixels (0: full detail)
};

struct PacingInput {
  bool moving = false;      // turning, animating, or just stopped (the first frame counts as moving)
  bool firstFrame = false;  // nothing shown yet
  bool lastWasDraft = false;  // the previous frame was a moving one, so lastDraftCost means something
  double lastDraftCost = 0;   // seconds the last moving frame took (UI, scene, swap)
  int quality = 2;            // supersampling when still
};

// Dynamic resolution: three steps (full, 3/4, half size), so the targets are rarely reallocated. Aims for 30
// frames a second: smaller above about 36 ms a frame, larger again only well below 33 (hysteresis, so the
// size does not flip every frame).
inline int nextDraftStep(int step, double cost) {
  if (cost > 0.036) return std::min(step + 1, 2);
  if (cost < 0.022) return std::max(step - 1, 0);
  return step;
}

// `step` is the dynamic-resolution step, kept by the caller between frames (updated here).
inline FramePace paceFrame(const PacingInput& in, int& step) {
  FramePace p;
  if (!in.moving) {
    p.ssaa = in.quality;
    return p;
  }
  if (in.lastWasDraft) step = nextDraftStep(step, in.lastDraftCost);
  // The very first frame is drawn at half size with the quick simplified meshes however coarse: something to
  // look at sooner, replaced a moment later.
  const int s = in.firstFrame ? 2 : step;
  p.scale = s == 0 ? 1.f : s == 1 ? 0.75f : 0.5f;
  // Otherwise simplified meshes wherever they stay within half a pixel of the full surface: a whole pixel
  // shows where surfaces cross (discs between vertebrae), and costs about as much.
  p.lodPixels = in.firstFrame ? 1e9f : 0.5f;
  return p;
}

}  // namespace psoas
