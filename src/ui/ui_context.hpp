#pragma once
// What the panels read and the requests they make. Panels never touch GLFW or the renderer;
// the viewer carries out the requests after the UI pass.
#include <optional>
#include <string>
#include <vector>

#include "core/atlas.hpp"
#include "core/scene_state.hpp"

namespace psoas::ui {

enum class FileDialogMode { None, OpenModel, OpenAtlas };

struct UiContext {
  Atlas* atlas = nullptr;
  SceneState* state = nullptr;
  float scale = 1.f;  // HiDPI and the user's text size

  // Panel visibility (persisted).
  bool showStructures = true;
  bool showInfo = true;
  bool showToolbar = true;
  bool showHelp = false;
  bool showAbout = false;
  bool darkBackground = true;

  std::string search;
  // Horizontal span of the window not covered by side panels, in window pixels (filled by the panels).
  float freeLeft = 0.f, freeRight = 0.f;
  std::vector<std::string> errors;  // shown one at a time in a modal
  std::string toast;                // a short status message
  double toastUntil = 0;

  // Requests for the viewer.
  std::optional<std::string> requestView;
  bool requestFitVisible = false;
  bool requestFrameSelection = false;
  bool requestScreenshot = false;
  bool requestQuit = false;
  bool sceneChanged = false;  // visibility, opacity or selection changed: re-render
  FileDialogMode fileDialog = FileDialogMode::None;
  std::vector<std::string> filesToOpen;  // model files (or atlas .json) chosen or dropped
};

void drawMainMenu(UiContext& ui);
void drawStructurePanel(UiContext& ui);
void drawInfoPanel(UiContext& ui);
void drawViewToolbar(UiContext& ui);
void drawHoverTooltip(UiContext& ui);
void drawErrorModal(UiContext& ui);
void drawOpenFileDialog(UiContext& ui);
void drawHelpWindows(UiContext& ui);

// Case-insensitive match against id, English, Latin names and aliases.
bool matchesSearch(const Structure& s, const std::string& query);

}  // namespace psoas::ui
