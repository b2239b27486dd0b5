#include "app/quiz_worksheet.hpp"

#include <cstdlib>
#include <filesystem>

#include <GLFW/glfw3.h>

#include "render/worksheet_export.hpp"

namespace psoas {
namespace fs = std::filesystem;

namespace {
std::string picturesDirectory() {
  const char* home = std::getenv("HOME");
  if (!home) return fs::current_path().string();
  std::error_code ec;
  fs::path pics = fs::path(home) / "Pictures";
  return fs::is_directory(pics, ec) ? pics.string() : home;
}
}  // namespace

void exportQuizWorksheet(Renderer& renderer, const Atlas& atlas, const std::string& set, const std::string& view,
                         ui::UiContext& ui) {
  try {
    FigureSettings figure;  // white, like the CLI's default sheet: it is printed
    figure.width = 1600;
    figure.height = 1200;
    std::string atlasArg = atlas.file.empty() ? "" : atlas.file.string();
    ViewState state = worksheetState(atlas, set, atlas.findView(view) ? view : atlas.views.front().id, figure, atlasArg);
    // Numbered so that neither the sheet nor its key replaces an earlier one.
    fs::path out;
    for (int n = 1; n < 10000 && (out.empty() || fs::exists(out) || fs::exists(worksheetKeyFile(out))); ++n)
      out = fs::path(picturesDirectory()) / ("psoas-worksheet-" + set + "-" + std::to_string(n) + ".png");
    auto labels = exportWorksheet(renderer, atlas, state, atlas.file, out);
    ui.toast = "Saved " + out.string() + " and its key (" + std::to_string(labels.size()) + " numbers)";
  } catch (const std::exception& e) {
    ui.errors.push_back("The worksheet could not be exported.\n\n" + std::string(e.what()));
  }
  ui.toastUntil = glfwGetTime() + 6.0;
}

}  // namespace psoas
