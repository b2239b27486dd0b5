// The window's figures: the view state saved (Ctrl+S), the figure exported (File > Export), its preview in
// the export dialog, and the F12 screenshot. Each goes through render/figure_export, as the command line's
// figures do, with the pose the window shows.
#include <algorithm>
#include <cstdio>

#include <GLFW/glfw3.h>

#include "app/session.hpp"
#include "app/viewer.hpp"
#include "core/file_util.hpp"
#include "core/image.hpp"
#include "core/user_dirs.hpp"
#include "render/figure_export.hpp"
#include "render/gl.hpp"
#include "ui/error_text.hpp"

namespace psoas {
namespace fs = std::filesystem;

ViewState Viewer::currentViewState() const { return session::stateToSave(atlas_, state_, ui_.figure); }

SceneState Viewer::figureScene(const FigureSettings& figure) const {
  SceneState s = state_;
  s.camera.shift = glm::vec2(0.f);
  // "Fit the model to the figure": the same direction, framed to the figure's shape (a portrait A4 of a
  // wide window's view would otherwise keep the window's framing and waste the page).
  if (ui_.figureFit && figure.width > 0 && figure.height > 0) {
    const glm::vec2 size(float(figure.width), float(figure.height));
    s.camera = ui::refitInFreeArea(state_.camera, state_.visibleBounds(atlas_), ui::Rect{{0.f, 0.f}, size}, size);
  }
  return s;
}

void Viewer::saveState(const std::string& path) {
  try {
    ViewState vs = currentViewState();
    writeFileAtomic(path, serializeViewState(vs));
    rememberRecent(settings_, fs::absolute(path).lexically_normal().string());
    ui_.toast = "Saved " + path;
  } catch (const std::exception& e) {
    ui_.errors.push_back(ui::explainError(std::string("The view state could not be saved."), e));
  }
  ui_.toastUntil = glfwGetTime() + 5.0;
}

void Viewer::exportCurrentFigure() {
  try {
    // The embedded view state is the figure's own (refit to its shape), so opening the PNG gives this picture.
    const SceneState scene = figureScene(ui_.figure);
    ViewState vs = session::stateToSave(atlas_, scene, ui_.figure);
    FigureStats stats;
    exportFigure(*renderer_, pose_.figureAtlas(atlas_, state_.pose), scene, vs, ui_.exportPath, &stats);
    ui_.toast = "Exported " + ui_.exportPath + " (" + std::to_string(ui_.figure.width) + "x" +
                std::to_string(ui_.figure.height) + ")";
    ui_.exportPath = ui::numberedPath(fs::path(ui_.exportPath).parent_path().string(), "psoas-figure", ".png");
  } catch (const std::exception& e) {
    ui_.errors.push_back(ui::explainError(std::string("The figure could not be exported."), e));
  }
  ui_.toastUntil = glfwGetTime() + 6.0;
  dirty_ = true;
}

void Viewer::renderPreview() {
  // A small render at the figure's aspect ratio, through the same path as the export.
  FigureSettings f = ui_.figure;
  float aspect = float(f.width) / float(f.height);
  int pw = aspect >= 1.f ? 400 : int(400 * aspect), ph = aspect >= 1.f ? int(400 / aspect) : 400;
  try {
    // Through renderFigure, as the export: labels and legend included, at the figure's proportions.
    FigureSettings small = f;
    small.width = std::max(pw, 16);
    small.height = std::max(ph, 16);
    small.ssaa = 1;
    if (f.dpi > 0.f) small.dpi = f.dpi * float(small.width) / float(std::max(f.width, 1));
    if (!previewRenderer_) previewRenderer_ = std::make_unique<Renderer>();
    Image img = renderFigure(*previewRenderer_, pose_.figureAtlas(atlas_, state_.pose), figureScene(f), small);
    if (!previewTexture_) previewTexture_ = gl::Texture::create();
    glBindTexture(GL_TEXTURE_2D, previewTexture_.id());
    glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, img.width, img.height, 0, GL_RGBA, GL_UNSIGNED_BYTE, img.rgba.data());
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
    glBindTexture(GL_TEXTURE_2D, 0);
    ui_.previewTexture = previewTexture_.id();
    ui_.previewWidth = img.width;
    ui_.previewHeight = img.height;
  } catch (const std::exception& e) {
    ui_.errors.push_back(ui::explainError(std::string("The preview could not be rendered."), e));
  }
}

void Viewer::saveScreenshot() {
  const fs::path dir = picturesDirectory();  // XDG_PICTURES_DIR, created if needed
  fs::path file;
  for (int n = 1; n < 10000; ++n) {
    char name[64];
    std::snprintf(name, sizeof name, "psoas-atlas-%03d.png", n);
    file = dir / name;
    if (!fs::exists(file)) break;  // numbered names: never overwrite an earlier figure
  }
  try {
    int w = 0, h = 0;
    glfwGetFramebufferSize(window_, &w, &h);
    int scale = std::max(1, std::min(2, 8192 / std::max(w, h)));
    FigureSettings f;
    f.width = w * scale;
    f.height = h * scale;
    f.background = windowBackground();
    ViewState vs = captureViewState(atlas_, state_, f);
    SceneState scene = figureScene(f);
    scene.camera = state_.camera;  // exactly what the window shows (no refit, the window's lens shift)
    // The pen's strokes as they are on screen, scaled from window pixels to the screenshot's.
    const PenMarks pen = pen_.marks(penWidth()).scaled(float(f.width) / std::max(windowSize().x, 1.f));
    exportFigure(*renderer_, pose_.figureAtlas(atlas_, state_.pose), scene, vs, file, nullptr, pen.empty() ? nullptr : &pen);
    ui_.toast = "Saved " + file.string();
  } catch (const std::exception& e) {
    ui_.errors.push_back(ui::explainError(std::string("The screenshot could not be saved."), e));
  }
  ui_.toastUntil = glfwGetTime() + 5.0;
  dirty_ = true;
}

}  // namespace psoas
