// "Teach" panel: attachment areas, label sets and the cutting plane.
#include <algorithm>

#include <imgui.h>

#include "core/actions.hpp"
#include "ui/panel_text.hpp"
#include "ui/ui_context.hpp"

namespace psoas::ui {

namespace {
void attachmentsSection(UiContext& ui) {
  const Atlas& atlas = *ui.atlas;
  SceneState& st = *ui.state;
  std::vector<int> ids;
  for (std::size_t o = 0; o < atlas.overlays.size(); ++o)
    if (atlas.overlays[o].layer == Overlay::Layer::Attachments) ids.push_back(int(o));
  if (ids.empty()) { ImGui::TextDisabled("This atlas defines no attachment areas."); return; }
  bool all = std::all_of(ids.begin(), ids.end(), [&](int o) { return st.overlayOn(o); });
  if (ImGui::Checkbox("All muscles", &all)) actions::setOverlays(st, ids, all);
  for (int o : ids) {
    bool on = st.overlayOn(o);
    ImGui::SameLine();
    if (ImGui::Checkbox(atlas.overlays[std::size_t(o)].name.c_str(), &on)) actions::setOverlay(st, o, on);
  }
  // The muscles the areas belong to: made see-through so the areas on the bone show.
  auto owners = layerStructures(atlas, Overlay::Layer::Attachments, false);
  bool seeThrough = !owners.empty() && std::all_of(owners.begin(), owners.end(), [&](int s) {
    return st.structures[std::size_t(s)].opacity < 0.5f;
  });
  if (ImGui::Checkbox("See through the muscles", &seeThrough)) {
    for (int s : owners) actions::setOpacity(st, s, seeThrough ? 0.25f : atlas.structures[std::size_t(s)].opacity);
  }
  drawStyleColors(ui, Overlay::Layer::Attachments);
  ImGui::TextDisabled("Click an area on the bone to name it.");
}

void labelsSection(UiContext& ui) {
  const Atlas& atlas = *ui.atlas;
  SceneState& st = *ui.state;
  if (atlas.labelSets.empty()) ImGui::TextDisabled("This atlas defines no label sets.");
  for (std::size_t k = 0; k < atlas.labelSets.size(); ++k) {
    const LabelSet& set = atlas.labelSets[k];
    bool on = std::find(st.labelSets.begin(), st.labelSets.end(), set.id) != st.labelSets.end();
    if (k > 0) ImGui::SameLine();
    if (ImGui::Checkbox(set.name.c_str(), &on)) actions::setLabelSet(st, set.id, on);
  }
  ImGui::SetNextItemWidth(160 * ui.scale);
  ImGui::SliderFloat("Label size", &ui.labelScale, 0.6f, 3.f, "%.1fx");
  ImGui::TextDisabled("Right-click a structure to label it or remove its label.");
}

void cutSection(UiContext& ui) {
  SceneState& st = *ui.state;
  ClipPlane& c = st.clip;
  ImGui::Checkbox("Cut the model", &c.enabled);
  ImGui::BeginDisabled(!c.enabled);
  int axis = int(c.axis);
  const char* names[] = {"Sagittal", "Coronal", "Transverse"};
  for (int a = 0; a < 3; ++a) {
    ImGui::SameLine();
    if (ImGui::RadioButton(names[a], &axis, a)) c.axis = ClipPlane::Axis(a);
  }
  Bounds b = ui.atlas->bounds();
  int k = c.axis == ClipPlane::Axis::Sagittal ? 0 : c.axis == ClipPlane::Axis::Coronal ? 2 : 1;
  float lo = b.empty() ? -0.3f : b.min[k], hi = b.empty() ? 0.3f : b.max[k];
  float mm = c.offset * 1000.f;
  ImGui::SetNextItemWidth(220 * ui.scale);
  // Half-millimetre steps; Ctrl+click (or the field beside it) takes a typed value.
  if (ImGui::SliderFloat("##position", &mm, lo * 1000.f, hi * 1000.f, "%.1f mm")) c.offset = mm * 0.001f;
  ImGui::SameLine();
  ImGui::SetNextItemWidth(90 * ui.scale);
  if (ImGui::InputFloat("mm", &mm, 0.f, 0.f, "%.1f")) c.offset = std::clamp(mm, lo * 1000.f, hi * 1000.f) * 0.001f;
  ImGui::SameLine();
  ImGui::Checkbox("Other side", &c.flip);
  ImGui::EndDisabled();
  // Through a vertebra or a disc ("at L3"), from the atlas's own structures.
  const auto presets = cutPresets(*ui.atlas);
  if (!presets.empty()) {
    ImGui::SetNextItemWidth(220 * ui.scale);
    if (ImGui::BeginCombo("Cut at", "a vertebra or disc...")) {
      for (const CutPreset& p : presets)
        if (ImGui::Selectable(p.name.c_str())) {
          ClipPlane next = p.clip;
          next.flip = c.flip;
          actions::setClip(st, next);
        }
      ImGui::EndCombo();
    }
  }
}
}  // namespace

void drawTeachingPanel(UiContext& ui) {
  if (!ui.showTeaching) return;
  // In the right column under the information panel (ui/columns).
  if (!placePanel(ui, Panel::Teach)) return;
  bool open = ImGui::Begin("Teach", &ui.showTeaching, panelFlags());
  notePanel(ui, Panel::Teach);
  if (!open) { ImGui::End(); return; }
  if (ImGui::CollapsingHeader("Origins and insertions", ImGuiTreeNodeFlags_DefaultOpen)) attachmentsSection(ui);
  if (ImGui::CollapsingHeader("Labels", ImGuiTreeNodeFlags_DefaultOpen)) labelsSection(ui);
  if (ImGui::CollapsingHeader("Cutting plane")) cutSection(ui);
  ImGui::End();
}

}  // namespace psoas::ui
