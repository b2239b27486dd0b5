// A small file browser (ImGui has none): open any file the viewer understands, save view states.
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <system_error>

#include <imgui.h>
#include <imgui_stdlib.h>

#include "core/mesh_loader.hpp"
#include "core/story.hpp"
#include "ui/ui_context.hpp"

namespace psoas::ui {
namespace fs = std::filesystem;

std::string numberedPath(const std::string& dir, const std::string& stem, const std::string& ext) {
  for (int n = 1; n < 100000; ++n) {
    char name[64];
    std::snprintf(name, sizeof name, "%s-%03d%s", stem.c_str(), n, ext.c_str());
    fs::path p = fs::path(dir) / name;
    std::error_code ec;
    if (!fs::exists(p, ec)) return p.string();
  }
  return (fs::path(dir) / (stem + ext)).string();
}

bool confirmOverwrite(const char* popupId, const std::string& path, bool& asked, float scale) {
  std::error_code ec;
  if (!fs::exists(path, ec)) return true;
  if (!asked) { ImGui::OpenPopup(popupId); asked = true; }
  bool yes = false;
  ImGui::SetNextWindowSize(ImVec2(520 * scale, 0));
  if (ImGui::BeginPopupModal(popupId, nullptr, ImGuiWindowFlags_NoSavedSettings)) {
    ImGui::TextWrapped("%s already exists. Replace it?", path.c_str());
    if (ImGui::Button("Replace")) { yes = true; asked = false; ImGui::CloseCurrentPopup(); }
    ImGui::SameLine();
    if (ImGui::Button("Cancel")) { asked = false; ImGui::CloseCurrentPopup(); }
    ImGui::EndPopup();
  }
  return yes;
}

namespace {
struct BrowserState {
  fs::path dir;
  std::string path;
  std::vector<fs::directory_entry> entries;
  fs::path listed;
  FileDialogMode listedMode = FileDialogMode::None;
  bool confirming = false;
  bool wantSave = false;
};

bool wanted(const fs::path& p, FileDialogMode mode) {
  std::string ext = p.extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return char(std::tolower(c)); });
  if (mode == FileDialogMode::SaveState || mode == FileDialogMode::SaveStory) return ext == ".json";
  if (mode == FileDialogMode::ExportFigure) return ext == ".png";
  if (mode == FileDialogMode::Handout) return ext == ".pdf" || ext == ".png";
  return ext == ".json" || ext == ".png" || isSupportedModelFile(p);
}

void list(BrowserState& b, FileDialogMode mode) {
  b.entries.clear();
  b.listed = b.dir;
  b.listedMode = mode;
  std::error_code ec;
  for (fs::directory_iterator it(b.dir, fs::directory_options::skip_permission_denied, ec), end; !ec && it != end;
       it.increment(ec)) {
    std::string name = it->path().filename().string();
    if (name.empty() || name[0] == '.') continue;
    std::error_code ec2;
    if (it->is_directory(ec2) || wanted(it->path(), mode)) b.entries.push_back(*it);
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
  const bool figure = ui.fileDialog == FileDialogMode::ExportFigure;
  const bool story = ui.fileDialog == FileDialogMode::SaveStory;
  // The handout is chosen like a figure: the path goes back to its dialog, which asks before replacing.
  const bool handout = ui.fileDialog == FileDialogMode::Handout;
  bool saving = ui.fileDialog == FileDialogMode::SaveState || figure || story || handout;
  if (figure && b.listedMode != FileDialogMode::ExportFigure && !ui.exportPath.empty()) {
    b.dir = fs::path(ui.exportPath).parent_path();  // start where the figure would go
    b.path = ui.exportPath;
  }
  if (handout && b.listedMode != FileDialogMode::Handout && !ui.handout.out.empty()) {
    b.dir = fs::path(ui.handout.out).parent_path();
    b.path = ui.handout.out;
  }
  // A story the user opened or saved starts at its own file (saving again is one click, after "Replace?").
  const fs::path ownStory = story && ui.story ? storySaveTarget(*ui.story) : fs::path();
  if (!ownStory.empty() && b.listedMode != FileDialogMode::SaveStory) {
    b.dir = ownStory.parent_path();
    b.path = ownStory.string();
  }
  if (b.dir.empty()) {
    std::error_code ec;
    b.dir = fs::current_path(ec);
  }
  if (b.listed != b.dir || b.listedMode != ui.fileDialog) {
    const bool newMode = b.listedMode != ui.fileDialog;
    list(b, ui.fileDialog);
    const char* ext = figure ? ".png" : handout ? ".pdf" : ".json";
    // A story is offered under its own name, never the view state's last one.
    if (saving && (b.path.empty() || fs::path(b.path).extension() != ext || (story && newMode && ownStory.empty())) &&
        !(handout && fs::path(b.path).extension() == ".png"))
      b.path = numberedPath(b.dir.string(), figure ? "psoas-figure" : handout ? "psoas-handout" : story ? (ui.story ? ui.story->id : "psoas-story") : "psoas-view", ext);
  }
  const char* title = figure ? "Export figure to" : handout ? "Handout to" : story ? "Save story" : saving ? "Save view state" : "Open";
  bool open = true;
  float s = ui.scale;
  ImGui::SetNextWindowSize(ImVec2(680 * s, 500 * s), ImGuiCond_FirstUseEver);
  if (ImGui::Begin(title, &open)) {
    ImGui::TextDisabled("%s", b.dir.c_str());
    if (ImGui::Button("Up")) b.dir = b.dir.parent_path();
    ImGui::SameLine();
    if (ImGui::Button("Home"))
      if (const char* h = std::getenv("HOME")) b.dir = h;
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
          if (ImGui::IsMouseDoubleClicked(0)) b.wantSave = true;
        }
      }
    }
    ImGui::EndChild();
    ImGui::SetNextItemWidth(-1);
    ImGui::InputTextWithHint("##path", "File path", &b.path);
    if (ImGui::Button(figure || handout ? "Choose" : saving ? "Save" : "Open") && !b.path.empty()) b.wantSave = true;
    ImGui::SameLine();
    if (ImGui::Button("Cancel")) open = false;
    ImGui::SameLine();
    ImGui::TextDisabled(figure   ? "Figure (.png)"
                        : handout ? "Handout (.pdf, or .png for one long page)"
                        : story  ? "Story (.json): its steps, their views and captions"
                        : saving ? "View state (.json): camera, visibility, selection, figure settings"
                                 : "Shown: models (glTF, OBJ, STL, PLY, FBX...), atlases and view states (.json), figures (.png)");
    if (b.wantSave && !b.path.empty()) {
      if (!saving) {
        ui.filesToOpen.push_back(b.path);
        open = false;
        b.wantSave = false;
      } else if (figure) {  // the export dialog asks before replacing a file
        fs::path p = b.path;
        if (p.extension() != ".png") p += ".png";
        ui.exportPath = p.string();
        ui.requestPreview = true;
        open = false;
        b.wantSave = false;
      } else if (handout) {  // the handout dialog asks before replacing a file
        fs::path p = b.path;
        if (p.extension() != ".pdf" && p.extension() != ".png") p += ".pdf";
        ui.handout.out = p.string();
        open = false;
        b.wantSave = false;
      } else if (story && fs::path(b.path).extension() != ".json") {
        b.path += ".json";  // `--story NAME` without .json is a built-in id: the file must say what it is
      } else if (confirmOverwrite(story ? "Replace story?" : "Replace view state?", b.path, b.confirming, s)) {
        (story ? ui.saveStoryTo : ui.saveStateTo) = b.path;
        open = false;
        b.wantSave = false;
      } else if (!b.confirming) {
        b.wantSave = false;  // the user said no
      }
    }
  }
  ImGui::End();
  if (!open) {
    ui.fileDialog = FileDialogMode::None;
    b.listed.clear();
    b.wantSave = false;
  }
}

}  // namespace psoas::ui
