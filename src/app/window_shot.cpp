#include "app/window_shot.hpp"

#include <imgui.h>
#include <imgui_impl_opengl3.h>
#include <nlohmann/json.hpp>

#include "app/fonts.hpp"
#include "cli/commands.hpp"
#include "core/annotations.hpp"
#include "core/errors.hpp"
#include "core/file_util.hpp"
#include "core/frame_plan.hpp"
#include "core/image.hpp"
#include "core/settings.hpp"
#include "core/posed_atlas.hpp"
#include "core/view_state.hpp"
#include "render/gl.hpp"
#include "render/headless_context.hpp"
#include "render/renderer.hpp"
#include "ui/ui_context.hpp"

namespace psoas {

CLI::App* addScreenshotCommand(CLI::App& app, WindowShotArgs& a) {
  CLI::App* cmd = app.add_subcommand("screenshot", "Draw the whole viewer window, panels included, without a display");
  cmd->add_flag("--window", a.window, "The whole window with its panels (the only kind for now; figures: render)")->required();
  cmd->add_option("--atlas", a.atlas, "Atlas JSON file (default: the built-in atlas)")->check(cli::fileNameCheck());
  cmd->add_option("--state", a.state, "View state to show (what is shown, selection, labels, camera)")->check(cli::fileNameCheck());
  cmd->add_option("--layout", a.layout, "Settings file whose panel part (columns, panels shown) to use")->check(cli::fileNameCheck());
  cmd->add_option("--ui-scale", a.uiScale, "Size of panels and text (1 = normal)")->check(CLI::Range(0.5f, 4.f));
  cmd->add_option("--label-scale", a.labelScale, "Size of the labels in the view (Teach > Label size)")->check(CLI::Range(0.6f, 3.f));
  cmd->add_flag("--symptoms", a.symptoms, "Open the Pain and symptoms panel too");
  cmd->add_option("--size", a.size, "Window size WxH")->required();
  cmd->add_option("-o,--out", a.out, "Output PNG (written atomically)")->required()->check(cli::fileNameCheck());
  cmd->add_option("--geometry", a.geometry, "Also write the panels', free area's, labels' and legend's rectangles (JSON)")
      ->check(cli::fileNameCheck());
  return cmd;
}

namespace {
nlohmann::json rectJson(const ui::Rect& r) { return {r.min.x, r.min.y, r.max.x, r.max.y}; }

void applyLayoutFile(const std::string& file, ui::UiContext& ui) {
  std::string warning;
  AppSettings s = loadSettings(file, warning);
  if (!warning.empty()) throw StateError(file, "the layout could not be read: " + warning);
  ui::applyPanelSettings(ui, s);
}

nlohmann::json geometryJson(const ui::UiContext& ui, const Annotations& notes, int w, int h) {
  static const char* names[ui::kPanelCount] = {"structures", "symptoms", "info", "teach", "pose", "story", "quiz"};
  nlohmann::json panels = nlohmann::json::object();
  for (int p = 0; p < ui::kPanelCount; ++p)
    if (!ui.drawnPanels[p].empty()) panels[names[p]] = rectJson(ui.drawnPanels[p]);
  nlohmann::json labels = nlohmann::json::array();
  for (const auto& l : notes.labels)
    labels.push_back({{"key", l.key}, {"text", l.text}, {"box", {l.boxMin.x, l.boxMin.y, l.boxMax.x, l.boxMax.y}},
                      {"anchor", {l.anchor.x, l.anchor.y}}, {"line_to", {l.lineTo.x, l.lineTo.y}}});
  nlohmann::json j = {{"window", {w, h}}, {"free", rectJson(ui.layout.free)}, {"toolbar", rectJson(ui.layout.toolbar)},
                      {"panels", panels}, {"labels", labels}, {"legend", nullptr}};
  if (!notes.legend.empty())
    j["legend"] = {notes.legendRect.x, notes.legendRect.y, notes.legendRect.z, notes.legendRect.w};
  return j;
}
}  // namespace

int runWindowShot(const WindowShotArgs& a) {
  try {
    auto [w, h] = parseSize(a.size, 8192);
    const std::string atlasPath = cli::atlasPathOrDefault(a.atlas);
    Atlas atlas = loadAtlas(atlasPath);
    cli::printAtlasWarnings(atlas);
    ViewState vs;
    if (!a.state.empty()) vs = loadViewState(a.state);
    SceneState state = applyViewState(atlas, vs, a.state);
    // A state's pose is shown as the window shows it (figures pose the same way: every mesh moved once).
    state.pose = effectivePose(atlas.motion, state.pose);
    if (!state.pose.isStanding()) atlas = posedAtlas(atlas, buildPoseRig(atlas), state.pose);

    HeadlessContext context(false);
    Renderer renderer;
    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;  // a picture, not a session: nothing read or written
    io.DisplaySize = ImVec2(float(w), float(h));
    io.DeltaTime = 1.f / 60.f;
    setupFonts(17.f * a.uiScale);
    setupStyle(a.uiScale);
    ImGui_ImplOpenGL3_Init("#version 330");

    ui::UiContext ui;
    ui.atlas = &atlas;
    ui.state = &state;
    ui.scale = a.uiScale;
    ui.labelScale = a.labelScale;
    if (!a.layout.empty()) applyLayoutFile(a.layout, ui);
    if (a.symptoms) ui.showSymptoms = true;
    // A few frames: auto-sized windows and collapsed panels settle over two or three (as in the viewer).
    for (int frame = 0; frame < 4; ++frame) {
      ImGui_ImplOpenGL3_NewFrame();
      ImGui::NewFrame();
      ui::drawWindowUi(ui);
      ImGui::Render();
      const glm::vec2 win{float(w), float(h)};
      // As the viewer: a named view is fitted into the free area, an exact camera only shifted to it.
      if (!vs.camera) {
        const ViewPreset* v = atlas.findView(vs.view);
        state.camera = ui::fitInFreeArea(v ? *v : atlas.views.front(), state.visibleBounds(atlas), ui.layout.free, win);
      } else {
        state.camera.shift = ui::freeAreaShift(ui.layout.free, win);
      }
    }

    FrameOptions opt{w, h, 1, a.uiScale};
    opt.background = ui.darkBackground ? glm::vec4(0.15f, 0.165f, 0.19f, 1.f) : glm::vec4(0.955f, 0.95f, 0.935f, 1.f);
    AnnotationOptions ao;  // as Viewer::renderScene: labels inside the free area
    ao.scale = a.uiScale * ui.labelScale;
    ao.spanLeft = ui.layout.free.min.x;
    ao.spanRight = ui.layout.free.max.x;
    ao.spanTop = ui.layout.free.min.y;
    ao.spanBottom = ui.layout.free.max.y;
    Annotations notes = buildAnnotations(atlas, state, w, h, [&](const std::string& t) {
      return renderer.measureText(t, 16.f * ao.scale);
    }, ao);
    opt.annotations = &notes;
    renderer.render(buildFramePlan(atlas, state, Interaction{}, opt), opt);
    // The panels over the scene, by ImGui's own OpenGL backend, into the renderer's output.
    glBindFramebuffer(GL_FRAMEBUFFER, renderer.outputFramebuffer());
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
    glFinish();
    Image img = renderer.readPixels();
    writePng(img, a.out);
    if (!a.geometry.empty()) writeFileAtomic(a.geometry, geometryJson(ui, notes, w, h).dump(1) + "\n");
    ImGui_ImplOpenGL3_Shutdown();
    ImGui::DestroyContext();
    return cli::kOk;
  } catch (const std::exception& e) {
    return cli::reportError(e);
  }
}

}  // namespace psoas
