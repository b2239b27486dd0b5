// Right click on a structure (in the view or the list): label it, hide it, isolate it.
#include <imgui.h>

#include "core/actions.hpp"
#include "ui/ui_context.hpp"

namespace psoas::ui {

void drawContextMenu(UiContext& ui) {
  if (ui.openContextMenu) {
    ImGui::OpenPopup("structure-menu");
    ui.openContextMenu = false;
  }
  if (!ImGui::BeginPopup("structure-menu")) return;
  const Atlas& atlas = *ui.atlas;
  SceneState& st = *ui.state;
  int i = ui.contextStructure;
  if (i < 0 || i >= int(atlas.structures.size())) { ImGui::CloseCurrentPopup(); ImGui::EndPopup(); return; }
  ImGui::TextDisabled("%s", atlas.structures[std::size_t(i)].name.c_str());
  ImGui::Separator();
  bool labelled = actions::structureLabelled(atlas, st, i);
  if (ImGui::MenuItem(labelled ? "Remove label" : "Add label")) actions::setStructureLabelled(atlas, st, i, !labelled);
  if (ImGui::MenuItem("Select")) actions::select(st, i);
  if (ImGui::MenuItem("Hide")) actions::hide(st, i);
  if (ImGui::MenuItem("Isolate")) ui.requestFitVisible = actions::isolate(st, {i}).fitVisible;
  ImGui::EndPopup();
}

}  // namespace psoas::ui
