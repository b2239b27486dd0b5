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

namespace {
// What differs between the dialog's uses: its title, the file kind it saves, its buttons and hint.
struct ModeText {
  const char* title;
  const char* ext;   // of the file it saves ("" when opening)
  const char* stem;  // of the numbered name it offers
  const char* button;
  const char* hint;
};

ModeText modeText(FileDialogMode mode) {
  switch (mode) {
    case FileDialogMode::ExportFigure: return {"Export figure to", ".png", "psoas-figure", "Choose", "Figure (.png)"};
    case FileDialogMode::Handout:
      return {"Handout to", ".pdf", "psoas-handout", "Choose", "Handout (.pdf, or .png for one long page)"};
    case FileDialogMode::SaveStory:
      return {"Save story", ".json", "psoas-story", "Save", "Story (.json): its steps, their views and captions"};
    case FileDialogMode::SaveState:
      return {"Save view state", ".json", "psoas-view", "Save", "View state (.json): camera, visibility, selection, figure settings"};
    default:
      return {"Open", "", "", "Open", "Shown: models (glTF, OBJ, STL, PLY, FBX...), atlases and view states (.json), figures (.png)"};
  }
}

// Where the dialog starts, and the name it offers: a figure or handout where it would go, a story the user
// opened or saved at its own file (saving again is one click, after "Replace?"), else the current folder.
void startWhereItGoes(BrowserState& b, UiContext& ui) {
  const FileDialogMode mode = ui.fileDialog;
  const bool newMode = b.listedMode != mode;
  const bool story = mode == FileDialogMode::SaveStory, handout = mode == FileDialogMode::Handout;
  fs::path start;
  if (mode == FileDialogMode::ExportFigure) start = ui.exportPath;
  if (handout) start = ui.handout.out;
  const fs::path ownStory = story && ui.story ? storySaveTarget(*ui.story) : fs::path();
  if (story) start = ownStory;
  if (newMode && !start.empty()) {
    b.dir = start.parent_path();
    b.path = start.string();
  }
  if (b.dir.empty()) {
    std::error_code ec;
    b.dir = fs::current_path(ec);
  }
  if (b.listed == b.dir && !newMode) return;
  list(b, mode);
  const ModeText t = modeText(mode);
  if (!*t.ext) return;
  const std::string ext = fs::path(b.path).extension().string();
  // A story is offered under its own name, never the view state's last one; a handout may be a .png.
  if ((b.path.empty() || ext != t.ext || (story && newMode && ownStory.empty())) && !(handout && ext == ".png"))
    b.path = numberedPath(b.dir.string(), story && ui.story ? ui.story->id : t.stem, t.ext);
}

void entryList(BrowserState& b) {
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
}

// The chosen path handed on; true when the dialog is done. A figure or a handout goes back to its own
// dialog, which asks before replacing; a state or a story is saved here, after "Replace?".
bool finish(BrowserState& b, UiContext& ui, float s) {
  const FileDialogMode mode = ui.fileDialog;
  fs::path p = b.path;
  switch (mode) {
    case FileDialogMode::Open: ui.filesToOpen.push_back(b.path); return true;
    case FileDialogMode::ExportFigure:
      if (p.extension() != ".png") p += ".png";
      ui.exportPath = p.string();
      ui.requestPreview = true;
      return true;
    case FileDialogMode::Handout:
      if (p.extension() != ".pdf" && p.extension() != ".png") p += ".pdf";
      ui.handout.out = p.string();
      return true;
    default: break;
  }
  const bool story = mode == FileDialogMode::SaveStory;
  if (story && p.extension() != ".json") {
    b.path += ".json";  // `--story NAME` without .json is a built-in id: the file must say what it is
    return false;
  }
  if (confirmOverwrite(story ? "Replace story?" : "Replace view state?", b.path, b.confirming, s)) {
    (story ? ui.saveStoryTo : ui.saveStateTo) = b.path;
    return true;
  }
  if (!b.confirming) b.wantSave = false;  // the user said no
  return false;
}
}  // namespace

void drawOpenFileDialog(UiContext& ui) {
  static BrowserState b;
  if (ui.fileDialog == FileDialogMode::None) return;
  startWhereItGoes(b, ui);
  const ModeText t = modeText(ui.fileDialog);
  bool open = true;
  float s = ui.scale;
  ImGui::SetNextWindowSize(ImVec2(680 * s, 500 * s), ImGuiCond_FirstUseEver);
  if (ImGui::Begin(t.title, &open)) {
    ImGui::TextDisabled("%s", b.dir.c_str());
    if (ImGui::Button("Up")) b.dir = b.dir.parent_path();
    ImGui::SameLine();
    if (ImGui::Button("Home"))
      if (const char* h = std::getenv("HOME")) b.dir = h;
    entryList(b);
    ImGui::SetNextItemWidth(-1);
    ImGui::InputTextWithHint("##path", "File path", &b.path);
    if (ImGui::Button(t.button) && !b.path.empty()) b.wantSave = true;
    ImGui::SameLine();
    if (ImGui::Button("Cancel")) open = false;
    ImGui::SameLine();
    ImGui::TextDisabled("%s", t.hint);
    if (b.wantSave && !b.path.empty() && finish(b, ui, s)) {
      open = false;
      b.wantSave = false;
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
