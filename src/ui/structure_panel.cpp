// The structure tree: groups, show/hide, opacity, isolate, search.
#include <algorithm>
#include <cctype>

#include <imgui.h>
#include <imgui_stdlib.h>

#include "core/actions.hpp"
#include "ui/commands.hpp"
#include "ui/panel_text.hpp"
#include "ui/ui_context.hpp"

namespace psoas::ui {

namespace {
// Landmarks the search finds, under the groups: a click selects the bone it is on and frames it.
void landmarkResults(UiContext& ui) {
  const Atlas& atlas = *ui.atlas;
  std::vector<int> found = searchLandmarks(atlas, ui.search);
  if (found.empty()) return;
  ImGui::Spacing();
  ImGui::TextDisabled("Landmarks");
  for (int l : found) {
    ImGui::PushID(l);
    if (int on = -1; ImGui::Selectable(atlas.landmarks[std::size_t(l)].name.c_str()) && (on = landmarkStructure(atlas, l)) >= 0) {
      actions::select(*ui.state, on);
      ui.state->structures[std::size_t(on)].visible = true;
      ui.requestFrameSelection = true;
    }
    ImGui::PopID();
  }
}

void nameModeSwitch(UiContext& ui) {
  // Terminologia Anatomica beside the English: students learn both, a therapist may want only one.
  int mode = int(ui.names);
  ImGui::TextUnformatted("Names:");
  const char* labels[] = {"English", "Latin", "Both"};
  for (int k = 0; k < 3; ++k) {
    ImGui::SameLine();
    if (ImGui::RadioButton(labels[k], &mode, k)) ui.names = NameMode(k);
  }
}
}  // namespace

namespace {
// One structure's row: visibility, colour swatch and name (Latin beside it or on hover), opacity.
void structureRow(UiContext& ui, int i) {
  const Structure& str = ui.atlas->structures[std::size_t(i)];
  SceneState& st = *ui.state;
  StructureState& ss = st.structures[std::size_t(i)];
  ImGui::PushID(i);
  ImGui::TableNextRow();
  ImGui::TableNextColumn();
  ImGui::Checkbox("##vis", &ss.visible);
  ImGui::TableNextColumn();
  ImVec4 swatch(str.color.r, str.color.g, str.color.b, 1.f);
  ImGui::ColorButton("##c", swatch, ImGuiColorEditFlags_NoTooltip | ImGuiColorEditFlags_NoBorder,
                     ImVec2(ImGui::GetTextLineHeight() * 0.7f, ImGui::GetTextLineHeight() * 0.7f));
  ImGui::SameLine();
  if (!ss.visible) ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
  const std::string rowText = structureRowText(str, ui.names == NameMode::Both ? NameMode::English : ui.names);
  if (ImGui::Selectable(rowText.c_str(), st.selected == i, ImGuiSelectableFlags_AllowDoubleClick)) {
    actions::select(st, i);
    if (ImGui::IsMouseDoubleClicked(0)) { ss.visible = true; ui.requestFrameSelection = true; }
  }
  if (ImGui::IsItemClicked(ImGuiMouseButton_Right)) { ui.contextStructure = i; ui.openContextMenu = true; }
  if (!ss.visible) ImGui::PopStyleColor();
  const char* other = ui.names == NameMode::Latin ? str.name.c_str() : str.latin.c_str();
  if (ImGui::IsItemHovered() && *other) ImGui::SetTooltip("%s", other);
  if (ui.names == NameMode::Both && !str.latin.empty()) {
    ImGui::SameLine();
    ImGui::TextDisabled("%s", str.latin.c_str());
  }
  ImGui::TableNextColumn();
  ImGui::SetNextItemWidth(-1);
  ImGui::SliderFloat("##op", &ss.opacity, 0.f, 1.f, "%.1f");
  ImGui::PopID();
}

// A group's node: a box for all its (matching) members, "Bones (12/12)", then their rows.
void groupNode(UiContext& ui, const Group& g) {
  const Atlas& atlas = *ui.atlas;
  SceneState& st = *ui.state;
  std::vector<int> members;
  for (std::size_t i = 0; i < atlas.structures.size(); ++i)
    if (atlas.structures[i].group == g.id && matchesSearch(atlas.structures[i], ui.search)) members.push_back(int(i));
  if (members.empty()) return;
  int shown = int(std::count_if(members.begin(), members.end(), [&](int i) { return st.structures[std::size_t(i)].visible; }));
  ImGui::PushID(g.id.c_str());
  bool all = shown == int(members.size());
  if (ImGui::Checkbox("##group", &all)) actions::setVisible(st, members, all);
  ImGui::SameLine();
  if (!ui.search.empty()) ImGui::SetNextItemOpen(true);
  std::string header = g.name + "  (" + std::to_string(shown) + "/" + std::to_string(members.size()) + ")";
  if (ImGui::TreeNodeEx("##node", ImGuiTreeNodeFlags_DefaultOpen | ImGuiTreeNodeFlags_SpanAvailWidth, "%s",
                        header.c_str())) {
    if (ImGui::BeginTable("rows", 3, ImGuiTableFlags_SizingStretchProp)) {
      ImGui::TableSetupColumn("vis", ImGuiTableColumnFlags_WidthFixed);
      ImGui::TableSetupColumn("name", ImGuiTableColumnFlags_WidthStretch);
      ImGui::TableSetupColumn("opacity", ImGuiTableColumnFlags_WidthFixed, 52 * ui.scale);
      for (int i : members) structureRow(ui, i);
      ImGui::EndTable();
    }
    ImGui::TreePop();
  }
  ImGui::PopID();
}
}  // namespace

void drawStructurePanel(UiContext& ui) {
  if (!ui.showStructures) return;
  const Atlas& atlas = *ui.atlas;
  SceneState& st = *ui.state;
  // Top of the left column (ui/columns); the view is what the columns leave free.
  if (!placePanel(ui, Panel::Structures)) return;
  bool open = ImGui::Begin("Structures", &ui.showStructures, panelFlags());
  notePanel(ui, Panel::Structures);
  if (!open) { ImGui::End(); return; }

  ImGui::SetNextItemWidth(-1);
  ImGui::InputTextWithHint("##search", "Search a structure or landmark (English or Latin)...", &ui.search);
  nameModeSwitch(ui);
  if (ImGui::Button("Show all")) command("show_all").run(ui);
  ImGui::SameLine();
  ImGui::BeginDisabled(st.selected < 0);
  if (ImGui::Button("Isolate selected")) command("isolate").run(ui);
  ImGui::SameLine();
  if (ImGui::Button("Hide")) command("hide").run(ui);
  ImGui::SameLine();
  ImGui::Checkbox("Ghost", &st.ghost);
  ImGui::EndDisabled();
  ImGui::Separator();

  ImGui::BeginChild("tree");
  for (const Group& g : atlas.groups) groupNode(ui, g);
  landmarkResults(ui);
  if (std::string none = emptySearchText(atlas, ui.search); !none.empty()) ImGui::TextWrapped("%s", none.c_str());
  ImGui::EndChild();
  ImGui::End();
}

}  // namespace psoas::ui
