#pragma once
// What the panels read and the requests they make. Panels never touch GLFW or the renderer;
// the viewer carries out the requests after the UI pass.
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/atlas.hpp"
#include "core/history.hpp"
#include "core/frame_plan.hpp"
#include "core/scene_state.hpp"
#include "core/settings.hpp"
#include "core/view_state.hpp"
#include "ui/layout.hpp"
#include "ui/panel_text.hpp"

#include "core/story_edit.hpp"

namespace psoas {
struct PoseReadout;
}

namespace psoas::ui {

enum class FileDialogMode { None, Open, SaveState, ExportFigure, SaveStory, Handout };

struct UiContext {
  const Atlas* atlas = nullptr;  // panels never edit the atlas: what the user changes is in *state
  SceneState* state = nullptr;
  History* history = nullptr;  // undo / redo over *state (the viewer commits to it between edits)
  bool historyMoved = false;   // an undo or redo replaced *state: the viewer stops any camera animation
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

  // The side columns (ui/layout, ui/columns): widths and folding (persisted), and this frame's layout.
  ColumnSettings columns;
  LayoutInput layoutIn;
  WindowLayout layout;
  Rect drawnPanels[kPanelCount];  // where each panel's window really is this frame (empty: not drawn)

  std::string search;
  NameMode names = NameMode::Both;  // structure list: English, Latin (Terminologia Anatomica) or both
  // The free area (layout.free) as edges, in window pixels: where the view, its labels and legend go.
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

  // Stories: the built-in ones to choose from, the one running (the viewer's StoryPlayer), requests.
  struct StoryEntry { std::string id, title; int steps = 0; };
  std::vector<StoryEntry> stories;
  const Story* story = nullptr;                          // the story running, or null
  const std::vector<std::string>* storyCaptions = nullptr;  // its captions, numbers filled in
  int storyStep = 0;                                     // from 1
  bool showStory = false;
  bool presenting = false;       // presentation mode: full screen, panels hidden, big caption
  std::string requestStory;      // start this story (an id or a file)
  int requestStep = 0;           // go to this step (from 1)
  bool requestStopStory = false;
  bool requestPresent = false;   // toggle presentation mode
  // Making and changing stories (ui/story_editor.cpp; the viewer's StoryPlayer keeps the story).
  bool storyEditing = false;     // the panel shows the editor (caption fields, step buttons)
  bool storyModified = false;    // the story playing has changes not yet saved
  const std::string* storyCaptionError = nullptr;  // the shown step's caption numbers cannot be filled in
  bool requestNewStory = false;
  std::vector<StoryEdit> storyEdits;  // applied by the viewer in order, after the UI pass
  std::string saveStoryTo;            // write the story playing here (already confirmed if it existed)
  // A request that would drop unsaved changes (another story, a new one, Stop, Quit) waits here until the
  // panel's "Discard changes?" is answered; `discardConfirmed` lets the repeated request through.
  enum class Discard { None, Story, New, Stop, Quit };
  Discard pendingDiscard = Discard::None;
  std::string pendingStory;
  bool discardConfirmed = false;
  int confirmDeleteStep = 0;          // "Delete step N?" is being asked (0: not)

  // Pins (ui/pin_editor.cpp): with the pin tool on, a click on the model places a pin (the viewer picks and
  // calls actions::addPin) and a click on a pin opens its note; the note is edited in a small popup.
  bool pinTool = false;
  int editPin = -1;            // index into state->pins whose popup is open (-1: none)
  bool openPinEditor = false;  // open the popup for editPin this frame

  // The pen (core/pen.hpp, app/viewer_pen.cpp): with it on, a left drag draws over the view (an arrow in
  // Arrow mode or with Shift held); the strokes are the viewer's, window-only, gone when the view moves.
  enum class Pen { Off, Draw, Arrow };
  Pen penTool = Pen::Off;
  bool requestClearPen = false;
  bool penHasStrokes = false;  // set by the viewer each frame: "Clear drawing" is enabled

  // File > Handout (ui/handout_dialog.cpp): what `psoas-atlas handout` takes, made by the viewer with the
  // CLI's own code (cli::makeHandout) once the dialog says so.
  struct HandoutChoice {
    std::string story;           // a built-in id or a story file
    std::string steps;           // "1,3,4"; empty: all
    std::string side = "both";   // left, right, both
    std::string paper = "a4";    // a4, letter
    std::string out;             // .pdf or .png
  };
  bool showHandout = false;
  HandoutChoice handout;
  bool requestHandout = false;   // make `handout` now (a file there already was confirmed)

  // Figure export: settings, the dialog, its preview.
  FigureSettings figure;
  bool showExport = false;
  bool figureFit = true;                 // refit the model to the figure's shape (else: the window's framing)
  std::string exportPath;
  bool requestExport = false;            // write `figure` to exportPath (already confirmed)
  bool requestPreview = false;           // re-render the preview thumbnail
  unsigned previewTexture = 0;           // GL texture name, drawn with ImGui::Image (labels included)
  int previewWidth = 0, previewHeight = 0;

  // Teach > Self-test (ui/quiz_panel.cpp): the panel's sitting and settings, made when first shown.
  bool showQuiz = false;
  std::shared_ptr<struct QuizUi> quiz;
  std::string requestWorksheet;  // a quiz set: export its worksheet and key in the current view ("": none)
  // Frame these bounds, looking from `view` (else keeping the camera's direction).
  struct FrameRequest { Bounds bounds; std::optional<ViewPreset> view; };
  std::optional<FrameRequest> requestFrame;
};

// The column layout, once a frame before the panels: computes ui.layout and the free area.
void beginLayout(UiContext& ui);
// Which panels are shown and the columns' widths, from the settings file (the window and screenshot --window).
void applyPanelSettings(UiContext& ui, const AppSettings& s);
// The other way, when the window closes: what the user left shown and how wide, for the next start.
void storePanelSettings(const UiContext& ui, AppSettings& s);
// Before a column panel's Begin: its place this frame (false: its column is folded, do not draw it).
bool placePanel(UiContext& ui, Panel p);
// After its Begin: whether ImGui has it collapsed to its title bar (the next layout stacks it so).
void notePanel(UiContext& ui, Panel p);
int panelFlags();  // ImGuiWindowFlags of a column panel (fixed place and size)
void drawColumnControls(UiContext& ui);  // splitters and folded-column strips

// One frame of the window's UI: layout, menu, panels, dialogs, in order (the viewer and screenshot --window).
void drawWindowUi(UiContext& ui);

void drawExportDialog(UiContext& ui);
void drawHandoutDialog(UiContext& ui);
// "Replace FILE?" asked once per path: true when `path` may be written now.
bool confirmOverwrite(const char* popupId, const std::string& path, bool& asked, float scale);
// First free name like dir/psoas-figure-007.png.
std::string numberedPath(const std::string& dir, const std::string& stem, const std::string& ext);

void drawMainMenu(UiContext& ui);
void drawStructurePanel(UiContext& ui);
void drawInfoPanel(UiContext& ui);
void drawViewToolbar(UiContext& ui);
int viewToolbarRows(const UiContext& ui);  // the view buttons wrap in a narrow window
void drawHoverTooltip(UiContext& ui);
void drawErrorModal(UiContext& ui);
void drawOpenFileDialog(UiContext& ui);
void drawHelpWindows(UiContext& ui);
void drawTeachingPanel(UiContext& ui);
void drawSymptomPanel(UiContext& ui);
void drawPosePanel(UiContext& ui);
void drawContextMenu(UiContext& ui);
void drawPinEditor(UiContext& ui);  // the note of pin ui.editPin: text, delete, done
void drawQuizPanel(UiContext& ui);
// While a self-test runs its keys come before the view's ("1".."9", "Enter", "Esc"; the command table's
// names): true when the quiz used the key. Clicks on the model are its answers (Find it), and names stay
// hidden (hover tooltip) while a question waits.
bool quizKey(UiContext& ui, const std::string& key, bool typing);
bool quizWantsClicks(const UiContext& ui);
void quizPick(UiContext& ui, int structure);
bool quizHidesNames(const UiContext& ui);
bool quizActive(const UiContext& ui);  // a sitting is under way (its panel shows even when closed from the menu)
// A sitting hides the panels that would name the answer: the settings keep them as the user had them, so
// quitting in the middle of a self-test does not leave them hidden at the next start.
void keepPanelsHiddenByQuiz(const UiContext& ui, AppSettings& s);
// The Story panel (choose, step, captions) or, in presentation mode, the caption bar and step dots.
void drawStoryPanel(UiContext& ui);
// Inside the Story panel while "Edit" is on: the story's title, the shown step's title, caption and evidence,
// add / move / delete, save (ui/story_editor.cpp).
void drawStoryEditor(UiContext& ui);
// "Discard changes?" for a held request, and "Delete step?" (top level, outside any panel).
void drawStoryModals(UiContext& ui);
// SameLine() when a button labelled `label` still fits on the line, so a row of buttons wraps in a narrow panel.
void sameLineIfFits(const char* label);
// An evidence tag ("Documented referral") coloured by level, with its sources on hover.
void drawEvidenceTag(const Atlas& atlas, const Citation& cite);
// Colour swatches (editable) of the region styles a layer uses, on the current line.
void drawStyleColors(UiContext& ui, Overlay::Layer layer);


}  // namespace psoas::ui
