// The window's pose clock and scenes (app/pose_view): while the skeleton moves, the next frame's pose is
// made on a worker, so the drawn scene is one frame behind the clock; once it stops, it shows exactly the
// pose reached, with the same vertices as a pose made on the calling thread.
#include <doctest/doctest.h>

#include <chrono>
#include <thread>

#include "app/pose_view.hpp"
#include "core/view_state.hpp"
#include "teaching_support.hpp"

using namespace psoas;

namespace {
const Atlas& rest() { return teaching_test::builtin(); }
void settle() { std::this_thread::sleep_for(std::chrono::milliseconds(400)); }  // a worker's pose finishes
}  // namespace

TEST_CASE("pose view: while the gait plays the drawn pose is the clock's pose of the frame before") {
  REQUIRE_FALSE(rest().motion.gaits.empty());
  SceneState state = applyViewState(rest(), ViewState{}, "");
  PoseView view;
  view.reset(rest(), state.pose);
  view.play(rest(), state, 0.0);
  view.update(rest(), state, 0.05, false);  // the first posed frame is made at once
  REQUIRE(view.playing());
  Pose previous = view.shown();
  CHECK(view.drawn() == previous);
  int taken = 0;
  for (int k = 2; k <= 5; ++k) {
    settle();
    if (view.update(rest(), state, 0.05 * k, false)) ++taken;
    CHECK(view.drawn() == previous);  // made by the worker while frame k-1 was drawn
    CHECK_FALSE(view.drawn() == view.shown());
    previous = view.shown();
  }
  CHECK(taken >= 3);
  REQUIRE(view.readout());
  // Paused: the frame reached is drawn exactly, as a pose made on this thread draws it.
  state.pose = view.pause(rest(), 0.3);  // as the window does: the frame reached becomes the state's pose
  view.update(rest(), state, 0.3, false);
  CHECK_FALSE(view.moving());
  CHECK(view.drawn() == view.shown());
  PoseView direct;
  direct.reset(rest(), state.pose);
  SceneState at = state;
  at.pose = view.shown();
  direct.update(rest(), at, 0.0, true, false);
  REQUIRE(direct.geometry());
  REQUIRE(view.geometry());
  const int psoas = rest().findStructure("psoas_major_l");
  const Mesh* a = view.geometry()->deformed[std::size_t(psoas)];
  const Mesh* b = direct.geometry()->deformed[std::size_t(psoas)];
  REQUIRE(a);
  REQUIRE(b);
  CHECK(a->positions == b->positions);
}

TEST_CASE("pose view: a jump or a slider is drawn at once, and reset waits for a pose being made") {
  SceneState state = applyViewState(rest(), ViewState{}, "");
  PoseView view;
  view.reset(rest(), state.pose);
  state.pose = effectivePose(rest().motion, Pose{"sitting", {}});
  CHECK(view.update(rest(), state, 0.0, true));
  CHECK(view.drawn() == state.pose);
  // A transition starts (a worker poses its next frame), then the atlas is replaced: no crash, no wait forever.
  state.pose = effectivePose(rest().motion, Pose{"standing", {}});
  view.update(rest(), state, 0.1, false);
  view.update(rest(), state, 0.2, false);
  view.reset(rest(), state.pose);
  CHECK(view.geometry() == nullptr);
}
