#pragma once
// `psoas-atlas screenshot --window`: the whole window, panels included, drawn headless through EGL. The same
// UI code as the viewer (ui::drawWindowUi) runs for a few frames at the given size and scale; its ImGui draw
// data is drawn by the same backend over the scene the same renderer drew, and read back as a PNG. With
// --geometry it also writes where the panels, the free area, the labels and the legend ended up, so tests can
// check that nothing the view draws goes under a panel.
#include <string>

#include <CLI/CLI.hpp>

namespace psoas {

struct WindowShotArgs {
  bool window = false;
  std::string atlas, state, layout, out, geometry;
  std::string size = "1600x1000";
  float uiScale = 1.f, labelScale = 1.f;
  bool symptoms = false;  // open the Pain and symptoms panel too
};

CLI::App* addScreenshotCommand(CLI::App& app, WindowShotArgs& args);
int runWindowShot(const WindowShotArgs& args);

}  // namespace psoas
