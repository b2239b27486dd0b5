#include "app/viewer.hpp"

#include "core/actions.hpp"
#include "core/annotations.hpp"

#include <algorithm>
#include <iostream>
#include <cctype>
#include <fstream>
#include <string_view>

#include <unistd.h>
#include <cstdio>

#include <GLFW/glfw3.h>
#include <imgui.h>
#include <imgui_impl_glfw.h>
#include <imgui_impl_opengl3.h>

#include "app/fonts.hpp"
#include "app/frame_pacing.hpp"
#include "app/lod_builder.hpp"
#include "app/quiz_worksheet.hpp"
#include "app/session.hpp"
#include "core/errors.hpp"
#include "core/file_util.hpp"
#include "core/frame_plan.hpp"
#include "core/image.hpp"
#include "core/resources.hpp"
#include "core/user_dirs.hpp"
#include "render/figure_export.hpp"
#include "render/gl.hpp"
#include "ui/commands.hpp"
#include "ui/error_text.hpp"

namespace psoas {
namespace fs = std::filesystem;

namespace {
double processMilliseconds() {
  // Process start time from /proc, so the figure includes loading the program itself.
  std::ifstream stat("/proc/self/stat");
  std::string field;
  for (int i = 0; i < 22 && stat >> field; ++i) {}
  double startTicks = std::atof(field.c_str());
  std::ifstream up("/proc/uptime");
  double uptime = 0;
  up >> uptime;
  return (uptime - startTicks / double(sysconf(_SC_CLK_TCK))) * 1000.0;
}

constexpr glm::vec4 kDarkBackground{0.15f, 0.165f, 0.19f, 1.f};
constexpr glm::vec4 kLightBackground{0.955f, 0.95f, 0.935f, 1.f};

}  // namespace

Viewer::Viewer(GLFWwindow* window, AppSettings& settings) : window_(window), settings_(settings) {
  renderer_ = std::make_unique<Renderer>();
  renderer_->warmUp();  // while run_viewer's preload reads the atlas
  ui::applyPanelSettings(ui_, settings);
  ui_.atlas = &atlas_;
  ui_.state = &state_;
  ui_.history = &history_;
  ui_.recentFiles = &settings_.recentFiles;
  // Until an atlas loads (or if it fails to), the window still has its views and a title.
  atlas_.title = "No atlas loaded: use File > Open atlas, or open or drop model files";
  atlas_.views = standardViews();
}

Viewer::~Viewer() { storePanelSettings(ui_, settings_); }

glm::vec4 Viewer::windowBackground() const { return ui_.darkBackground ? kDarkBackground : kLightBackground; }

float Viewer::uiScale() const {
  float xs = 1.f, ys = 1.f;
  glfwGetWindowContentScale(window_, &xs, &ys);
  // --ui-scale wins (Xvfb and some desktops report no content scale); else the monitor's, times the setting.
  if (settings_.uiScaleOverride > 0.f) return settings_.uiScaleOverride;
  return std::max(xs, 1.f) * settings_.textScale;
}

void Viewer::rebuildFonts() {
  float scale = uiScale();
  if (scale == fontScale_) return;
  fontScale_ = scale;
  ui_.scale = scale;
  setupFonts(17.f * scale);  // larger than ImGui's default: the screen is often seen from a couch or a treatment table
  ImGui_ImplOpenGL3_DestroyFontsTexture();
  ImGui_ImplOpenGL3_CreateFontsTexture();
  setupStyle(scale);
}

bool Viewer::openAtlas(const std::string& path, std::future<PreloadedAtlas>* preloaded) {
  try {
    PreloadedAtlas loaded = preloaded && preloaded->valid() ? preloaded->get() : PreloadedAtlas{loadAtlas(path), {}};
    atlas_ = std::move(loaded.atlas);
    lods_ = std::move(loaded.lods);
    for (const auto& w : atlas_.warnings) std::cerr << "psoas-atlas: warning: " << w << "\n";
    if (!atlas_.warnings.empty()) ui_.errors.push_back(session::warningsMessage("The atlas opened", atlas_.warnings));
    state_ = SceneState::fromAtlas(atlas_);
    history_ = History();  // undo does not reach into another atlas (its structures are others)
    renderer_->forgetMeshes();
    if (previewRenderer_) previewRenderer_->forgetMeshes();
    refitAfterLayout_ = true;
    // The simplified meshes (better than the preload's quick ones) are made once this atlas's first frame
    // is on screen: building them would slow that frame.
    lodBuilder_.reset();
    pose_.reset(atlas_, state_.pose);
    goToView(atlas_.findView("anterior") ? "anterior" : atlas_.views.front().id, false);
    dirty_ = true;
    return true;
  } catch (const std::exception& e) {
    ui_.errors.push_back(ui::explainError(std::string("The atlas could not be opened."), e));
    return false;
  }
}

void Viewer::openFiles(const std::vector<std::string>& paths) {
  for (const auto& p : paths) openOne(p);
  dirty_ = true;
}

void Viewer::openOne(const std::string& path) {
  try {
    switch (session::classify(path)) {
      case session::FileKind::Figure:
      case session::FileKind::ViewState: applyState(loadViewState(path), path); break;
      case session::FileKind::Story:  // started (and checked) by the story player, like a built-in story
        ui_.requestStory = path;
        ui_.showStory = true;
        break;
      case session::FileKind::Atlas:
        if (!openAtlas(path)) return;
        break;
      case session::FileKind::Model: {
        // The next atlas is built beside the live one (sharing its meshes), then replaces it.
        session::Added next = session::withModel(atlas_, path, modelTransform_);
        for (const auto& w : next.warnings) std::cerr << "psoas-atlas: warning: " << w << "\n";
        if (!next.warnings.empty()) ui_.errors.push_back(session::warningsMessage("The model opened", next.warnings));
        atlas_ = std::move(next.atlas);
        lodBuilder_.request();
        state_.syncWith(atlas_);
        pose_.reset(atlas_, state_.pose);
        state_.selected = next.structure;
        frameBounds(state_.visibleBounds(atlas_));
        break;
      }
    }
    rememberRecent(settings_, fs::absolute(path).lexically_normal().string());
    ui_.toast = "Opened " + fs::path(path).filename().string();
    ui_.toastUntil = glfwGetTime() + 4.0;
  } catch (const std::exception& e) {
    ui_.errors.push_back(ui::explainError("\"" + fs::path(path).filename().string() + "\" could not be opened.", e));
  }
  dirty_ = true;
}

void Viewer::applyState(const ViewState& vs, const std::string& source) {
  // A state made with another atlas brings that atlas along (paths are relative to the state file).
  if (auto other = session::atlasFor(vs, source, atlas_.file); other && !openAtlas(other->string())) return;
  Camera to;
  state_ = session::sceneFor(atlas_, vs, source, state_, viewAspect(), to);  // throws before anything changes
  if (const ViewPreset* v = vs.camera ? nullptr : atlas_.findView(vs.view))
    to = ui::fitInFreeArea(*v, state_.visibleBounds(atlas_), freeArea(), windowSize());  // between the columns
  ui_.figure = vs.figure;
  // Show the panel that controls what the state switched on.
  for (std::size_t o = 0; o < atlas_.overlays.size(); ++o)
    if (state_.overlayOn(int(o)))
      (atlas_.overlays[o].layer == Overlay::Layer::Referral ? ui_.showSymptoms : ui_.showTeaching) = true;
  if (state_.selectedSymptom >= 0) ui_.showSymptoms = true;
  startAnimation(to);
}

void Viewer::onDrop(int count, const char** paths) {
  for (int i = 0; i < count; ++i) ui_.filesToOpen.emplace_back(paths[i]);
}

void Viewer::applyRequests() {
  if (ui_.requestView) { goToView(*ui_.requestView); ui_.requestView.reset(); }
  if (ui_.requestFitVisible) { frameBounds(pose_.visibleBounds(atlas_, state_)); ui_.requestFitVisible = false; }
  if (ui_.requestFrame) {
    if (ui_.requestFrame->view) {
      Camera to = fitCamera(*ui_.requestFrame->view, ui_.requestFrame->bounds, viewAspect());
      to.shift = state_.camera.shift;
      startAnimation(to);
    } else {
      frameBounds(ui_.requestFrame->bounds);
    }
    ui_.requestFrame.reset();
  }
  if (ui_.requestFrameSelection) {
    if (state_.selected >= 0 && atlas_.structures[state_.selected].mesh)
      frameBounds(atlas_.structures[state_.selected].mesh->bounds);
    ui_.requestFrameSelection = false;
  }
  if (!ui_.filesToOpen.empty()) {
    auto files = std::move(ui_.filesToOpen);
    ui_.filesToOpen.clear();
    openFiles(files);
  }
  if (ui_.requestScreenshot) { ui_.requestScreenshot = false; saveScreenshot(); }
  if (!ui_.saveStateTo.empty()) { saveState(ui_.saveStateTo); ui_.saveStateTo.clear(); }
  if (ui_.requestExport) { ui_.requestExport = false; exportCurrentFigure(); }
  if (ui_.showExport && (ui_.requestPreview || previewAtRender_ != fullRenders_)) { ui_.requestPreview = false; renderPreview(); }
  if (!ui_.requestWorksheet.empty()) {
    exportQuizWorksheet(*renderer_, atlas_, ui_.requestWorksheet, currentView_, ui_);
    ui_.requestWorksheet.clear();
    dirty_ = true;
  }
  applyStoryRequests();
  if (ui_.requestQuit) glfwSetWindowShouldClose(window_, GLFW_TRUE);
  if (ui_.historyMoved) { ui_.historyMoved = false; anim_.active = false; dirty_ = true; }
}

void Viewer::commitHistory() {
  // One undo step per finished edit: not while a camera glides, the view is dragged, a slider is held or the
  // wheel and arrow keys are still moving it (a burst of zoom is one step).
  if (anim_.active || input_.dragging() || ImGui::IsAnyItemActive() || glfwGetTime() - lastMotion_ < 0.3) return;
  history_.commit(state_);
}

void Viewer::updatePose(double now) {
  if (ui_.requestGait) {
    if (*ui_.requestGait) pose_.play(atlas_, state_, now);
    else actions::setPose(atlas_, state_, pose_.pause(atlas_, now));  // the frame reached is the state's pose
    ui_.requestGait.reset();
  }
  try {
    // While the skeleton moves, frames are drawn like those of a turning view (drafts, simplified meshes).
    if (pose_.update(atlas_, state_, now, ui_.poseWithoutTransition)) {
      pen_.clear();  // the skeleton moved out from under the strokes, as when the view turns
      dirty_ = true;
      lastMotion_ = now;
    }
  } catch (const std::exception& e) {
    ui_.errors.push_back(std::string("The pose could not be shown.\n\n") + e.what());
    actions::resetPose(state_);
  }
}

void Viewer::renderScene() {
  int w = 0, h = 0;
  glfwGetFramebufferSize(window_, &w, &h);
  if (w <= 0 || h <= 0) return;
  double now = glfwGetTime();
  // The very first frame is drawn fast too: something to look at at once, refined a moment later.
  bool moving = anim_.active || input_.dragging() || now - lastMotion_ < 0.25 || framesShown_ == 0;
  // While the view moves, draw without supersampling, smaller where frames cost too much, with simplified
  // meshes; refine once it is still. The last moving frame's own cost counts (UI, scene, swap), not the time
  // since it: that includes waiting for the next mouse event.
  const FramePace pace = paceFrame({moving, framesShown_ == 0, draftShown_, lastDraftCost_, settings_.quality}, draftStep_);
  const int ssaa = pace.ssaa;
  const float draft = pace.scale;
  const int rw = std::max(1, int(float(w) * draft)), rh = std::max(1, int(float(h) * draft));
  if (!moving && (renderer_->outputWidth() != w || renderer_->outputHeight() != h)) dirty_ = true;
  // A changed frame is found by comparing what it is drawn from, not by flags set wherever something changes.
  if (state_ != drawn_.state || ui_.interaction != drawn_.interaction || ui_.labelScale != drawn_.labelScale ||
      windowBackground() != drawn_.background)
    dirty_ = true;
  if (dirty_ || (draftShown_ && !moving)) {
    bool fading = false;
    try {
      FrameOptions opt{rw, rh, ssaa, uiScale() * draft};
      opt.background = windowBackground();
      opt.lodPixels = pace.lodPixels;
      opt.lods = &lods_;
      opt.posed = pose_.geometry();
      const Atlas& shown = pose_.atlas(atlas_);
      if (frameStats_ && movingFrames_.byPhase()) opt.passTimes = &phases_.passes;
      AnnotationOptions ao = labels_.begin(now, uiScale() * ui_.labelScale * draft);
      ao.posed = opt.posed;  // pins sit on the surfaces as drawn this frame
      float toFb = float(rw) / std::max(ImGui::GetIO().DisplaySize.x, 1.f);
      ao.spanLeft = ui_.freeLeft * toFb;
      ao.spanRight = ui_.freeRight * toFb;
      ao.spanTop = ui_.freeTop * toFb;
      ao.spanBottom = ui_.freeBottom * toFb;
      Annotations notes = buildAnnotations(shown, state_, rw, rh, [&](const std::string& t) {
        return renderer_->measureText(t, 16.f * ao.scale);
      }, ao);
      fading = labels_.fading(notes);
      opt.annotations = &notes;
      renderer_->render(buildFramePlan(shown, state_, ui_.interaction, opt), opt);
      drawn_ = {state_, ui_.interaction, ui_.labelScale, opt.background};
    } catch (const std::exception& e) {
      ui_.errors.push_back(ui::explainError(std::string("Rendering failed."), e));
      settings_.quality = 1;
    }
    draftShown_ = moving;
    drewDraft_ = moving;
    if (!moving) ++fullRenders_;
    ++framesShown_;
    dirty_ = fading;  // keep drawing while labels fade
  }
  glBindFramebuffer(GL_READ_FRAMEBUFFER, renderer_->outputFramebuffer());
  glBindFramebuffer(GL_DRAW_FRAMEBUFFER, 0);
  bool scaled = renderer_->outputWidth() != w || renderer_->outputHeight() != h;
  glBlitFramebuffer(0, 0, renderer_->outputWidth(), renderer_->outputHeight(), 0, 0, w, h, GL_COLOR_BUFFER_BIT,
                    scaled ? GL_LINEAR : GL_NEAREST);
  glBindFramebuffer(GL_FRAMEBUFFER, 0);
}

void Viewer::frame() {
  const double frameStart = glfwGetTime();
  rebuildFonts();
  ImGui_ImplOpenGL3_NewFrame();
  ImGui_ImplGlfw_NewFrame();
  ImGui::NewFrame();

  static double last = glfwGetTime();
  double now = glfwGetTime();
  float dt = float(std::min(now - last, 0.1));
  last = now;

  lodBuilder_.collect(lods_);
  if (framesShown_ > 0) lodBuilder_.startIfWanted(atlas_);
  if (framesShown_ > 0) pose_.prepare(atlas_);
  handleKeys();
  ImGuiIO& io = ImGui::GetIO();
  input_.setDrawing(ui_.penTool != ui::UiContext::Pen::Off);  // left drags draw, not turn
  PointerResult p = input_.update(window_, state_.camera, io.WantCaptureMouse,
                                io.WantCaptureKeyboard || story_.active(), dt);  // the step keys are the story's
  if (p.cameraChanged) { anim_.active = false; lastMotion_ = now; dirty_ = true; }
  if (p.clicked && !io.WantCaptureMouse) {
    if (ui::quizWantsClicks(ui_)) {  // a click is a Find-it answer, and never changes what the quiz lit
      int w = 1, h = 1;
      glfwGetWindowSize(window_, &w, &h);
      ui::quizPick(ui_, renderer_->pickHit(buildFramePlan(pose_.atlas(atlas_), state_, Interaction{}, pickOptions(w, h)),
                                          w, h, p.clickPos).structure);
    } else if (ui_.pinTool) {
      pinClick(p.clickPos);
    } else {
      selectAt(p.clickPos);
    }
    dirty_ = true;
  }
  if (p.rightClicked && !io.WantCaptureMouse && !ui::quizWantsClicks(ui_)) {
    int w = 1, h = 1;
    glfwGetWindowSize(window_, &w, &h);
    ui_.contextStructure = renderer_->pickHit(buildFramePlan(pose_.atlas(atlas_), state_, Interaction{}, pickOptions(w, h)),
                                              w, h, p.clickPos).structure;
    ui_.openContextMenu = ui_.contextStructure >= 0;
  }
  updateHover(p);
  if (anim_.active) {
    float t = float((now - anim_.start) / anim_.duration);
    state_.camera = interpolate(anim_.from, anim_.to, easeInOut(t));
    if (t >= 1.f) anim_.active = false;
    lastMotion_ = now;
    dirty_ = true;
  }
  updateStory(now);
  penFrame(p);

  ui_.shownPose = &pose_.shown();
  ui_.poseReadout = pose_.readout();
  ui_.gaitPlaying = pose_.playing();
  ui_.gaitPhase = pose_.gaitPhase(atlas_, now);
  ui::drawWindowUi(ui_);  // layout, menu, columns, dialogs (shared with screenshot --window)
  updateFreeArea();
  applyRequests();
  updatePose(now);
  commitHistory();
  ImGui::Render();
  // With PSOAS_FRAME_STATS each phase finishes its GL work before the next is timed.
  auto mark = [this, t = frameStart](double& phase) mutable {
    if (!frameStats_ || !movingFrames_.byPhase()) return;
    glFinish();
    double now = glfwGetTime();
    phase = now - t;
    t = now;
  };
  mark(phases_.uiBuild);
  renderScene();
  mark(phases_.scene);
  ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
  mark(phases_.uiDraw);
  glfwSwapBuffers(window_);
  mark(phases_.swap);
}

void Viewer::run() {
  // For the cold-start benchmark: PSOAS_EXIT_AFTER_FIRST_FRAME=1 prints the time to the first full
  // frame (from process start) and quits.
  bool benchFirstFrame = std::getenv("PSOAS_EXIT_AFTER_FIRST_FRAME") != nullptr;
  // For bench/viewer_fps.sh: PSOAS_FRAME_STATS=1 prints what moving frames cost, on exit.
  const char* stats = std::getenv("PSOAS_FRAME_STATS");
  frameStats_ = stats != nullptr;
  movingFrames_ = FrameStats(!(stats && std::string_view(stats) == "frames"));
  while (!glfwWindowShouldClose(window_)) {
    if (benchFirstFrame && framesShown_ == 1) std::printf("first frame after %.0f ms\n", processMilliseconds());
    if (benchFirstFrame && fullRenders_ > 0) {
      std::printf("first full-quality frame after %.0f ms\n", processMilliseconds());
      break;
    }
    if (quitRequested_ && *quitRequested_) glfwSetWindowShouldClose(window_, GLFW_TRUE);
    bool busy = anim_.active || pose_.moving() || input_.dragging() || dirty_ || draftShown_ || !keys_.empty() ||
                glfwGetTime() - lastMotion_ < 0.5 || settleFrames_ > 0;
    if (settleFrames_ > 0) --settleFrames_;
    // Idle: sleep until an event arrives instead of spinning a CPU core (llvmpipe shares it).
    if (busy) glfwPollEvents();
    else glfwWaitEventsTimeout(0.25);
    // The close button asks first when a story has unsaved changes (a signal to quit does not).
    if (glfwWindowShouldClose(window_) && !(quitRequested_ && *quitRequested_) && holdCloseForStory())
      glfwSetWindowShouldClose(window_, GLFW_FALSE);
    double start = glfwGetTime();
    drewDraft_ = false;
    frame();
    if (drewDraft_) {
      lastDraftCost_ = glfwGetTime() - start;
      if (frameStats_ && framesShown_ > 2) {
        MovingFrame f = phases_;
        f.cost = lastDraftCost_;
        f.step = draftStep_;
        movingFrames_.record(f);
      }
    }
  }
  if (frameStats_) {  // for bench/viewer_fps.sh: what the frames cost while the view moved
    int w = 0, h = 0;
    glfwGetFramebufferSize(window_, &w, &h);
    std::fputs(movingFrames_.summary(w, h).c_str(), stdout);
  }
  if (!glfwGetWindowAttrib(window_, GLFW_MAXIMIZED)) glfwGetWindowSize(window_, &settings_.windowWidth, &settings_.windowHeight);
  settings_.maximized = glfwGetWindowAttrib(window_, GLFW_MAXIMIZED);
}

}  // namespace psoas
