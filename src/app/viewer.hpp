#pragma once
// The interactive window: owns the atlas, the scene state and the renderer, feeds input to the
// camera, runs the panels and carries out what they ask for.
#include <csignal>
#include <filesystem>
#include <future>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "app/camera_input.hpp"
#include "app/frame_stats.hpp"
#include "app/label_animation.hpp"
#include "app/lod_builder.hpp"
#include "app/pose_view.hpp"
#include "app/story_player.hpp"
#include "core/settings.hpp"
#include "core/atlas.hpp"
#include "core/history.hpp"
#include "core/pen.hpp"
#include "core/scene_state.hpp"
#include "core/view_state.hpp"
#include "render/renderer.hpp"
#include "ui/ui_context.hpp"

struct GLFWwindow;

namespace psoas {

// An atlas read ahead while the window comes up, with quickly simplified meshes for the first frame.
struct PreloadedAtlas {
  Atlas atlas;
  LodTable lods;
};

class Viewer {
 public:
  Viewer(GLFWwindow* window, AppSettings& settings);
  ~Viewer();
  // On failure shows the error and keeps the current atlas. `preloaded`: the same file, already being read.
  bool openAtlas(const std::string& path, std::future<PreloadedAtlas>* preloaded = nullptr);
  // How model files opened in this session become atlas coordinates (--unit-scale, --axes).
  void setModelTransform(const MeshTransform& t) { modelTransform_ = t; }
  void openFiles(const std::vector<std::string>& paths);
  void showError(const std::string& message) { ui_.errors.push_back(message); }
  // Runs until the window closes or *quit becomes true (set from a signal handler).
  void run();
  void setQuitFlag(const volatile std::sig_atomic_t* quit) { quitRequested_ = quit; }

  void onScroll(double dx, double dy) { input_.addScroll(dx, dy); noteActivity(); }
  void onKey(int key, int mods) { keys_.push_back({key, mods}); noteActivity(); }
  void onMouseButton(int button, bool pressed, bool panModifier, glm::vec2 at) {
    input_.addButton(button, pressed, panModifier, at);
    noteActivity();
  }
  void onDrop(int count, const char** paths);
  // Any input: draw a few more frames so ImGui can settle (auto-sized windows take a frame to size).
  void noteActivity() { settleFrames_ = 3; }

 private:
  void frame();
  void handleKeys();
  void applyRequests();
  void commitHistory();
  void updateHover(const PointerResult& p);
  void renderScene();
  void selectAt(glm::vec2 windowPos);  // click: trigger-point marker, region, or structure
  void pinClick(glm::vec2 windowPos);  // click with the pin tool on: a new pin, or the pin's note (app/viewer_pins.cpp)
  // The pen (app/viewer_pen.cpp): this frame's stroke input, the clearing rule, the strokes drawn.
  void penFrame(const PointerResult& p);
  float penWidth() const;  // window pixels
  PenSketch pen_;
  void saveScreenshot();
  void openOne(const std::string& path);
  void applyState(const ViewState& vs, const std::string& source);
  void saveState(const std::string& path);
  ViewState currentViewState() const;  // what the window shows, with the export settings
  SceneState figureScene(const FigureSettings& figure) const;  // the window's view, as a figure
  void exportCurrentFigure();
  void renderPreview();
  void goToView(const std::string& id, bool animate = true);
  void frameBounds(const Bounds& b, bool animate = true);
  void startAnimation(const Camera& to);
  void rebuildFonts();
  float uiScale() const;
  glm::vec4 windowBackground() const;
  void updateFreeArea();
  float viewAspect() const;  // of the free area between panels
  glm::vec2 windowSize() const;  // in window (ImGui) pixels
  ui::Rect freeArea() const;     // the part of the window the view has (ui/layout)

  GLFWwindow* window_;
  AppSettings& settings_;
  Atlas atlas_;
  SceneState state_;
  History history_;
  std::unique_ptr<Renderer> renderer_;
  CameraInput input_;
  ui::UiContext ui_;
  std::string currentView_ = "anterior";

  struct Key { int key, mods; };
  std::vector<Key> keys_;
  bool dirty_ = true;
  // What the last frame was drawn from: a frame is redrawn when any of it changes.
  MeshTransform modelTransform_;
  struct Drawn { SceneState state; Interaction interaction; float labelScale = -1.f; glm::vec4 background{-1.f}; } drawn_;
  int settleFrames_ = 3;
  bool refitAfterLayout_ = false;
  const volatile std::sig_atomic_t* quitRequested_ = nullptr;
  bool draftShown_ = false;     // the last render was the fast one; refine when still
  double lastMotion_ = 0;
  double lastHoverPick_ = 0;
  glm::vec2 lastHoverPos_{-1.f};
  float fontScale_ = 0.f;
  LabelAnimation labels_;
  int draftStep_ = 0;          // 0: full size while moving, 1: 3/4, 2: half
  double lastDraftCost_ = 0;  // seconds spent in the last frame() that drew a moving view
  bool drewDraft_ = false;
  bool frameStats_ = false;  // PSOAS_FRAME_STATS: moving frames timed (by phase unless it is "frames")
  MovingFrame phases_{};
  FrameStats movingFrames_;
  gl::Texture previewTexture_;
  std::unique_ptr<Renderer> previewRenderer_;  // its own targets: the window's frame stays intact
  int fullRenders_ = 0, previewAtRender_ = -1, framesShown_ = 0;
  LodBuilder lodBuilder_;
  LodTable lods_;  // the atlas's simplified meshes, as far as they are built
  PoseView pose_;  // what the skeleton shows this frame; drawing, labels and picking go through it
  void updatePose(double now);
  FrameOptions pickOptions(int w, int h) const;  // a whole-view plan of the shown (posed) scene
  struct Animation { Camera from, to; double start = 0, duration = 0.45; bool active = false; } anim_;
  // Stories and presentation mode (app/viewer_story.cpp).
  StoryPlayer story_;
  bool storiesListed_ = false;
  struct { int x = 0, y = 0, w = 0, h = 0; } windowed_;  // the window before presentation mode
  void listStories();
  bool storyKey(int key);  // a step key while a story runs, Esc in presentation mode: consumed
  void setPresenting(bool on);
  void applyStoryRequests();
  void applyStoryEdits(double now);  // new story, the panel's edits, save
  void saveStory(const std::string& path);
  void makeHandout();  // File > Handout: cli::makeHandout with the dialog's choices
  // A request that would drop unsaved story changes: held (true) until the panel's question is answered.
  bool holdForDiscard(ui::UiContext::Discard what, const std::string& story = "");
  bool holdCloseForStory();  // the window's close button with unsaved story changes
  void updateStory(double now);
};

}  // namespace psoas
