// Everything the atlas says about the selected structure.
#include <algorithm>

#include <imgui.h>

#include "ui/commands.hpp"
#include "ui/panel_text.hpp"
#include "ui/ui_context.hpp"

namespace psoas::ui {

namespace {
const ImVec4 kAccent(1.f, 0.8f, 0.45f, 1.f);

// A picked region or trigger point: shown first, since that is what the user just asked about.
void pickedRegion(const Atlas& atlas, int region) {
  const Region& r = atlas.regions[std::size_t(region)];
  ImGui::TextColored(kAccent, "%s", atlas.regionStyles[std::size_t(r.style)].name.c_str());
  ImGui::TextWrapped("%s", atlas.regionTitle(region).c_str());
  drawEvidenceTag(atlas, r.cite);
  if (atlas.overlays[std::size_t(r.overlay)].layer == Overlay::Layer::Referral) {
    std::string names;
    for (int m : r.structures) names += (names.empty() ? "" : ", ") + atlas.structures[std::size_t(m)].name;
    ImGui::TextWrapped("Muscles that refer pain here: %s", names.c_str());
  }
  ImGui::Separator();
}

void pickedTrigger(const Atlas& atlas, int trigger) {
  const TriggerPoint& t = atlas.triggerPoints[std::size_t(trigger)];
  ImGui::TextColored(kAccent, "Trigger point");
  ImGui::TextWrapped("%s", t.name.c_str());
  drawEvidenceTag(atlas, t.cite);
  if (!t.text.empty()) ImGui::TextWrapped("%s", t.text.c_str());
  if (!t.zones.empty()) {
    ImGui::TextUnformatted("Refers pain to (highlighted):");
    for (const std::string& z : referralZoneNames(atlas, t)) ImGui::BulletText("%s", z.c_str());
  }
  ImGui::Separator();
}

// Name, Latin name, group and side, description and note.
void heading(const Atlas& atlas, const Structure& str) {
  ImGuiIO& io = ImGui::GetIO();
  ImFont* big = io.Fonts->Fonts.Size > 1 ? io.Fonts->Fonts[1] : nullptr;
  if (big) ImGui::PushFont(big);
  ImGui::TextWrapped("%s", str.name.c_str());
  if (big) ImGui::PopFont();
  if (!str.latin.empty()) ImGui::TextColored(ImVec4(0.75f, 0.8f, 0.9f, 1.f), "%s", str.latin.c_str());
  const Group* g = atlas.findGroup(str.group);
  ImGui::TextDisabled("%s  |  %s", g ? g->name.c_str() : str.group.c_str(), str.side.c_str());
  ImGui::Separator();
  if (!str.description.empty()) ImGui::TextWrapped("%s", str.description.c_str());
  if (!str.note.empty()) {
    ImGui::Spacing();
    ImGui::TextColored(kAccent, "Note");
    ImGui::TextWrapped("%s", str.note.c_str());
  }
}

// One heading per topic ("Origin" once, with both of its facts), each fact with its own evidence.
void facts(const Atlas& atlas, const Structure& str) {
  if (str.factSheet < 0) return;
  ImGui::Spacing();
  for (const TopicFacts& topic : factsByTopic(atlas.factSheets[std::size_t(str.factSheet)])) {
    ImGui::PushID(topic.topic.c_str());
    if (ImGui::CollapsingHeader(topic.topic.c_str(), ImGuiTreeNodeFlags_DefaultOpen)) {
      for (const Fact* f : topic.facts) {
        ImGui::PushID(f);
        ImGui::TextWrapped("%s", f->text.c_str());
        drawEvidenceTag(atlas, f->cite);
        ImGui::PopID();
      }
    }
    ImGui::PopID();
  }
}

void selectedStructure(UiContext& ui, const Structure& str) {
  const Atlas& atlas = *ui.atlas;
  SceneState& st = *ui.state;
  StructureState& ss = st.structures[std::size_t(st.selected)];
  heading(atlas, str);
  ImGui::Spacing();
  ImGui::SetNextItemWidth(160 * ui.scale);
  ImGui::SliderFloat("Opacity", &ss.opacity, 0.f, 1.f, "%.2f");
  if (ImGui::Button("Isolate")) command("isolate").run(ui);
  ImGui::SameLine();
  if (ImGui::Button("Hide")) command("hide").run(ui);
  ImGui::SameLine();
  if (ImGui::Button("Zoom to (F)")) { ss.visible = true; ui.requestFrameSelection = true; }
  ImGui::SameLine();
  ImGui::Checkbox("Ghost others (G)", &st.ghost);
  facts(atlas, str);
  if (!str.sources.empty() && ImGui::CollapsingHeader("Sources")) {
    for (const auto& src : str.sources) ImGui::BulletText("%s", src.c_str());
  }
  ImGui::TextDisabled("id: %s", str.id.c_str());
}
}  // namespace

void drawInfoPanel(UiContext& ui) {
  if (!ui.showInfo) return;
  const Atlas& atlas = *ui.atlas;
  const SceneState& st = *ui.state;
  // Top of the right column (ui/columns).
  if (!placePanel(ui, Panel::Info)) return;
  bool open = ImGui::Begin("Information", &ui.showInfo, panelFlags());
  notePanel(ui, Panel::Info);
  if (open) {
    if (st.selectedRegion >= 0 && st.selectedRegion < int(atlas.regions.size())) pickedRegion(atlas, st.selectedRegion);
    if (st.selectedTrigger >= 0 && st.selectedTrigger < int(atlas.triggerPoints.size()))
      pickedTrigger(atlas, st.selectedTrigger);
    if (st.selected >= 0 && st.selected < int(atlas.structures.size())) {
      selectedStructure(ui, atlas.structures[std::size_t(st.selected)]);
    } else {
      ImGui::TextWrapped("Click a structure in the view or in the list to see what it is.");
      ImGui::Spacing();
      ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
      ImGui::TextWrapped("%s", atlas.title.c_str());
      ImGui::PopStyleColor();
    }
  }
  ImGui::End();
}

}  // namespace psoas::ui
