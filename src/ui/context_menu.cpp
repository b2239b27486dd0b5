// Right click on a structure (in the view or the list): label it, hide it, isolate it.
#include <algorithm>

#include <imgui.h>

#include "core/annotations.hpp"
#include "ui/ui_context.hpp"

namespace psoas::ui {

bool structureLabelled(const Atlas& atlas, const SceneState& st, int structure) {
  for (const auto& t : labelTargets(atlas, st))
    if (t.key == "s:" + atlas.structures[std::size_t(structure)].id) return true;
  return false;
}

void setStructureLabelled(const Atlas& atlas, SceneState& st, int structure, bool on) {
  auto drop = [&](std::vector<int>& v) { v.erase(std::remove(v.begin(), v.end(), structure), v.end()); };
  drop(st.labelsAdded);
  drop(st.labelsRemoved);
  if (structureLabelled(atlas, st, structure) != on) (on ? st.labelsAdded : st.labelsRemoved).push_back(structure);
}

void drawContextMenu(UiContext& ui) {
  if (ui.openContextMenu) {
    ImGui::OpenPopup("structure-menu");
    ui.openContextMenu = false;
  }
  if (!ImGui::BeginPopup("structure-menu")) return;
  Atlas& atlas = *ui.atlas;
  SceneState& st = *ui.state;
  int i = ui.contextStructure;
  if (i < 0 || i >= int(atlas.structures.size())) { ImGui::CloseCurrentPopup(); ImGui::EndPopup(); return; }
  ImGui::TextDisabled("%s", atlas.structures[std::size_t(i)].name.c_str());
  ImGui::Separator();
  bool labelled = structureLabelled(atlas, st, i);
  if (ImGui::MenuItem(labelled ? "Remove label" : "Add label")) {
    setStructureLabelled(atlas, st, i, !labelled);
    ui.sceneChanged = true;
  }
  if (ImGui::MenuItem("Select")) { st.selected = i; ui.sceneChanged = true; }
  if (ImGui::MenuItem("Hide")) { st.structures[std::size_t(i)].visible = false; ui.sceneChanged = true; }
  if (ImGui::MenuItem("Isolate")) { st.isolate({i}); ui.sceneChanged = true; ui.requestFitVisible = true; }
  ImGui::EndPopup();
}

}  // namespace psoas::ui
