// A small file browser for model and atlas files (ImGui has none, and drag-and-drop covers the rest).
#include <algorithm>
#include <filesystem>
#include <system_error>

#include <imgui.h>
#include <imgui_stdlib.h>

#include "core/mesh_loader.hpp"
#include "ui/ui_context.hpp"

namespace psoas::ui {
namespace fs = std::filesystem;

namespace {
struct BrowserState {
  fs::path dir;
  std::string path;
  std::vector<fs::directory_entry> entries;
  fs::path listed;
};

void list(BrowserState& b, FileDialogMode mode) {
  b.entries.clear();
  b.listed = b.dir;
  std::error_code ec;
  for (fs::directory_iterator it(b.dir, fs::directory_options::skip_permission_denied, ec), end; !ec && it != end;
       it.increment(ec)) {
    const auto& e = *it;
    std::string name = e.path().filename().string();
    if (name.empty() || name[0] == '.') continue;
    std::error_code ec2;
    bool isDir = e.is_directory(ec2);
    bool wanted = mode == FileDialogMode::OpenAtlas ? e.path().extension() == ".json" : isSupportedModelFile(e.path());
    if (isDir || wanted) b.entries.push_back(e);
  }
  std::sort(b.entries.begin(), b.entries.end(), [](const auto& a, const auto& c) {
    std::error_code e1, e2;
    bool da = a.is_directory(e1), dc = c.is_directory(e2);
    return da != dc ? da : a.path().filename() < c.path().filename();
  });
}
}  // namespace

void drawOpenFileDialog(UiContext& ui) {
  static BrowserState b;
  if (ui.fileDialog == FileDialogMode::None) return;
  if (b.dir.empty()) {
    std::error_code ec;
    b.dir = fs::current_path(ec);
  }
  if (b.listed != b.dir) list(b, ui.fileDialog);
  const char* title = ui.fileDialog == FileDialogMode::OpenAtlas ? "Open atlas" : "Open model";
  bool open = true;
  float s = ui.scale;
  ImGui::SetNextWindowSize(ImVec2(640 * s, 480 * s), ImGuiCond_FirstUseEver);
  if (ImGui::Begin(title, &open)) {
    ImGui::TextDisabled("%s", b.dir.c_str());
    if (ImGui::Button("Up")) { b.dir = b.dir.parent_path(); }
    ImGui::SameLine();
    if (ImGui::Button("Home")) if (const char* h = std::getenv("HOME")) b.dir = h;
    ImGui::BeginChild("entries", ImVec2(0, -ImGui::GetFrameHeightWithSpacing() * 2), true);
    for (const auto& e : b.entries) {
      std::error_code ec;
      bool isDir = e.is_directory(ec);
      std::string label = (isDir ? "[dir] " : "") + e.path().filename().string();
      if (ImGui::Selectable(label.c_str(), b.path == e.path().string(), ImGuiSelectableFlags_AllowDoubleClick)) {
        if (isDir) {
          if (ImGui::IsMouseDoubleClicked(0)) b.dir = e.path();
        } else {
          b.path = e.path().string();
          if (ImGui::IsMouseDoubleClicked(0)) { ui.filesToOpen.push_back(b.path); open = false; }
        }
      }
    }
    ImGui::EndChild();
    ImGui::SetNextItemWidth(-1);
    ImGui::InputTextWithHint("##path", "File path", &b.path);
    if (ImGui::Button("Open") && !b.path.empty()) { ui.filesToOpen.push_back(b.path); open = false; }
    ImGui::SameLine();
    if (ImGui::Button("Cancel")) open = false;
    ImGui::SameLine();
    ImGui::TextDisabled(ui.fileDialog == FileDialogMode::OpenAtlas ? "Atlas JSON files" : "glTF, OBJ, STL, PLY, FBX, ...");
  }
  ImGui::End();
  if (!open) { ui.fileDialog = FileDialogMode::None; b.listed.clear(); }
}

}  // namespace psoas::ui
