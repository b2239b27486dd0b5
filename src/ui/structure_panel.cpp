// The structure tree: groups, show/hide, opacity, isolate, search.
#include <algorithm>
#include <cctype>

#include <imgui.h>
#include <imgui_stdlib.h>

#include "core/actions.hpp"
#include "ui/commands.hpp"
#include "ui/ui_context.hpp"

namespace psoas::ui {

namespace {
std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return char(std::tolower(c)); });
  return s;
}
}  // namespace

bool matchesSearch(const Structure& s, const std::string& query) {
  if (query.empty()) return true;
  std::string q = lower(query);
  auto has = [&](const std::string& text) { return lower(text).find(q) != std::string::npos; };
  if (has(s.id) || has(s.name) || has(s.latin)) return true;
  return std::any_of(s.aliases.begin(), s.aliases.end(), has);
}

void drawStructurePanel(UiContext& ui) {
  if (!ui.showStructures) return;
  const Atlas& atlas = *ui.atlas;
  SceneState& st = *ui.state;
  float s = ui.scale;
  ImGui::SetNextWindowPos(ImVec2(10 * s, 40 * s), ImGuiCond_FirstUseEver);
  ImGuiIO& io = ImGui::GetIO();
  ImGui::SetNextWindowSize(ImVec2(std::min(430 * s, io.DisplaySize.x * 0.3f), std::min(640 * s, io.DisplaySize.y - 140 * s)),
                           ImGuiCond_FirstUseEver);
  if (!ImGui::Begin("Structures", &ui.showStructures)) { ImGui::End(); return; }
  if (ImGui::GetWindowPos().x < io.DisplaySize.x * 0.3f)
    ui.freeLeft = std::max(ui.freeLeft, ImGui::GetWindowPos().x + ImGui::GetWindowSize().x);

  ImGui::SetNextItemWidth(-1);
  ImGui::InputTextWithHint("##search", "Search English or Latin name...", &ui.search);
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
  for (const Group& g : atlas.groups) {
    std::vector<int> members;
    for (std::size_t i = 0; i < atlas.structures.size(); ++i)
      if (atlas.structures[i].group == g.id && matchesSearch(atlas.structures[i], ui.search)) members.push_back(int(i));
    if (members.empty()) continue;
    int shown = int(std::count_if(members.begin(), members.end(), [&](int i) { return st.structures[i].visible; }));
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
        ImGui::TableSetupColumn("opacity", ImGuiTableColumnFlags_WidthFixed, 52 * s);
        for (int i : members) {
          const Structure& str = atlas.structures[i];
          StructureState& ss = st.structures[i];
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
          if (ImGui::Selectable(str.name.c_str(), st.selected == i, ImGuiSelectableFlags_AllowDoubleClick)) {
            actions::select(st, i);
            if (ImGui::IsMouseDoubleClicked(0)) { ss.visible = true; ui.requestFrameSelection = true; }
          }
          if (ImGui::IsItemClicked(ImGuiMouseButton_Right)) { ui.contextStructure = i; ui.openContextMenu = true; }
          if (!ss.visible) ImGui::PopStyleColor();
          if (ImGui::IsItemHovered() && !str.latin.empty()) ImGui::SetTooltip("%s", str.latin.c_str());
          ImGui::TableNextColumn();
          ImGui::SetNextItemWidth(-1);
          ImGui::SliderFloat("##op", &ss.opacity, 0.f, 1.f, "%.1f");
          ImGui::PopID();
        }
        ImGui::EndTable();
      }
      ImGui::TreePop();
    }
    ImGui::PopID();
  }
  ImGui::EndChild();
  ImGui::End();
}

}  // namespace psoas::ui
