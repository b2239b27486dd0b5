#pragma once
// What the panels read and the requests they make. Panels never touch GLFW or the renderer;
// the viewer carries out the requests after the UI pass.
#include <optional>
#include <string>
#include <vector>

#include "core/atlas.hpp"
#include "core/frame_plan.hpp"
#include "core/scene_state.hpp"
#include "core/view_state.hpp"

namespace psoas {
struct PoseReadout;
}

namespace psoas::ui {

enum class FileDialogMode { None, Open, SaveState };

struct UiContext {
  const Atlas* atlas = nullptr;  // panels never edit the atlas: what the user changes is in *state
  SceneState* state = nullptr;
  float scale = 1.f;  // HiDPI and the user's text size

  // Panel visibility (persisted).
  bool showStructures = true;
  bool showInfo = true;
  bool showToolbar = true;
  bool showHelp = false;
  bool showAbout = false;
  bool darkBackground = true;
  bool showTeaching = true;  // attachments, labels, cutting plane
  bool showSymptoms = false; // pain referral and symptoms
  float labelScale = 1.f;    // labels and legend in the view, on top of `scale` (projectors)
  bool showPose = false;     // presets, joint sliders, the walking cycle, live muscle lengths

  // The Pose panel (ui/pose_panel.cpp). The state holds the pose asked for; the window eases towards it
  // or plays the gait (core/pose_animation.hpp) and says here what it shows this frame.
  const Pose* shownPose = nullptr;
  const PoseReadout* poseReadout = nullptr;  // live lengths of the shown pose (null: none yet)
  bool gaitPlaying = false;
  double gaitPhase = 0;                      // 0..1 of the cycle
  std::optional<bool> requestGait;           // play (true) or pause (false) the first gait cycle
  bool poseWithoutTransition = false;        // the last pose change (a slider drag) is shown at once

  // Right click on a structure in the view: its context menu (labels, hide, isolate).
  int contextStructure = -1;
  Interaction interaction;  // what the pointer is over (a structure, a painted area named in the tooltip)
  bool openContextMenu = false;

  std::string search;
  // Horizontal span of the window not covered by side panels, in window pixels (filled by the panels).
  float freeLeft = 0.f, freeRight = 0.f;
  float freeTop = 0.f, freeBottom = 0.f;  // below the menu bar, above the view buttons
  std::vector<std::string> errors;  // shown one at a time in a modal
  std::string toast;                // a short status message
  double toastUntil = 0;

  // Requests for the viewer.
  std::optional<std::string> requestView;
  bool requestFitVisible = false;
  bool requestFrameSelection = false;
  bool requestScreenshot = false;
  bool requestQuit = false;
  FileDialogMode fileDialog = FileDialogMode::None;
  std::vector<std::string> filesToOpen;  // models, atlases, view states or exported PNGs, chosen or dropped
  std::string saveStateTo;               // a view-state file to write (already confirmed if it existed)
  const std::vector<std::string>* recentFiles = nullptr;

  // Figure export: settings, the dialog, its preview.
  FigureSettings figure;
  bool showExport = false;
  std::string exportPath;
  bool requestExport = false;            // write `figure` to exportPath (already confirmed)
  bool requestPreview = false;           // re-render the preview thumbnail
  unsigned previewTexture = 0;           // GL texture name, drawn with ImGui::Image
  int previewWidth = 0, previewHeight = 0;
};

void drawExportDialog(UiContext& ui);
// "Replace FILE?" asked once per path: true when `path` may be written now.
bool confirmOverwrite(const char* popupId, const std::string& path, bool& asked, float scale);
// First free name like dir/psoas-figure-007.png.
std::string numberedPath(const std::string& dir, const std::string& stem, const std::string& ext);

void drawMainMenu(UiContext& ui);
void drawStructurePanel(UiContext& ui);
void drawInfoPanel(UiContext& ui);
void drawViewToolbar(UiContext& ui);
void drawHoverTooltip(UiContext& ui);
void drawErrorModal(UiContext& ui);
void drawOpenFileDialog(UiContext& ui);
void drawHelpWindows(UiContext& ui);
void drawTeachingPanel(UiContext& ui);
void drawSymptomPanel(UiContext& ui);
void drawPosePanel(UiContext& ui);
void drawContextMenu(UiContext& ui);
// An evidence tag ("Documented referral") coloured by level, with its sources on hover.
void drawEvidenceTag(const Atlas& atlas, const Citation& cite);
// Colour swatches (editable) of the region styles a layer uses, on the current line.
void drawStyleColors(UiContext& ui, Overlay::Layer layer);

// Case-insensitive match against id, English, Latin names and aliases.
bool matchesSearch(const Structure& s, const std::string& query);

}  // namespace psoas::ui
