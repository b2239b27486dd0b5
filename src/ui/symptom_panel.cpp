// "Pain and symptoms": referred-pain overlays and a symptom list for explaining pain to a client.
#include <algorithm>

#include <imgui.h>

#include "core/actions.hpp"
#include "ui/ui_context.hpp"

namespace psoas::ui {

namespace {
void referralSection(UiContext& ui) {
  const Atlas& atlas = *ui.atlas;
  SceneState& st = *ui.state;
  bool any = false;
  for (std::size_t o = 0; o < atlas.overlays.size(); ++o) {
    if (atlas.overlays[o].layer != Overlay::Layer::Referral) continue;
    bool on = st.overlayOn(int(o));
    if (any) ImGui::SameLine();
    any = true;
    if (ImGui::Checkbox((atlas.overlays[o].name + " referral").c_str(), &on)) actions::setOverlay(st, int(o), on);
  }
  if (!any) { ImGui::TextDisabled("This atlas defines no referral patterns."); return; }
  int side = int(st.referralSide);
  ImGui::TextUnformatted("Side:");
  const char* sides[] = {"Left", "Right", "Both"};
  for (int k = 0; k < 3; ++k) {
    ImGui::SameLine();
    if (ImGui::RadioButton(sides[k], &side, k)) actions::setReferralSide(st, Side(k));
  }
  if (!layerStructures(atlas, Overlay::Layer::Referral, true).empty()) {  // there is a body envelope
    int mode = int(actions::envelopeMode(atlas, st));
    ImGui::TextUnformatted("Body:");
    const char* modes[] = {"Shown", "Faded", "Outline", "Hidden"};
    for (int k = 0; k < 4; ++k) {
      ImGui::SameLine();
      if (ImGui::RadioButton(modes[k], &mode, k)) actions::setEnvelope(atlas, st, actions::Envelope(k));
    }
  }
  ImGui::SetNextItemWidth(140 * ui.scale);
  ImGui::SliderFloat("Intensity", &st.overlayIntensity, 0.1f, 1.f, "%.2f");
  ImGui::SameLine();
  ImGui::Checkbox("Legend", &st.legend);
  drawStyleColors(ui, Overlay::Layer::Referral);
  ImGui::TextDisabled("Click a dark marker (trigger point) to see where it refers.");
}

void symptomList(UiContext& ui) {
  const Atlas& atlas = *ui.atlas;
  SceneState& st = *ui.state;
  if (atlas.symptoms.empty()) { ImGui::TextDisabled("This atlas lists no symptoms."); return; }
  for (std::size_t level = 0; level < atlas.evidenceLevels.size(); ++level) {
    bool header = false;
    for (std::size_t k = 0; k < atlas.symptoms.size(); ++k) {
      const Symptom& sy = atlas.symptoms[k];
      if (sy.cite.evidence != int(level)) continue;
      if (!header) {
        ImGui::Spacing();
        ImGui::TextDisabled("%s", atlas.evidenceLevels[level].name.c_str());
        header = true;
      }
      ImGui::PushID(int(k));
      std::string text = (sy.redFlag ? "(!) " : "") + sy.name;
      if (sy.redFlag) ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(1.f, 0.55f, 0.5f, 1.f));
      // Side and selection stay the user's (the symptom's muscles are named below it, and highlighted).
      if (ImGui::Selectable(text.c_str(), st.selectedSymptom == int(k)))
        actions::chooseSymptom(atlas, st, st.selectedSymptom == int(k) ? -1 : int(k));
      if (sy.redFlag) ImGui::PopStyleColor();
      ImGui::PopID();
    }
  }
}

void chosenSymptom(UiContext& ui) {
  const Atlas& atlas = *ui.atlas;
  SceneState& st = *ui.state;
  if (st.selectedSymptom < 0 || st.selectedSymptom >= int(atlas.symptoms.size())) return;
  const Symptom& sy = atlas.symptoms[std::size_t(st.selectedSymptom)];
  ImGui::Separator();
  ImGui::TextWrapped("%s", sy.name.c_str());
  drawEvidenceTag(atlas, sy.cite);
  ImGui::TextWrapped("%s", sy.explanation.c_str());
  if (!sy.advice.empty()) ImGui::TextColored(ImVec4(1.f, 0.55f, 0.5f, 1.f), "%s", sy.advice.c_str());
  if (!sy.structures.empty()) {
    std::string names;
    std::vector<std::string> seen;
    for (int s : sy.structures) {
      const std::string& n = atlas.structures[std::size_t(s)].labelText();
      if (std::find(seen.begin(), seen.end(), n) != seen.end()) continue;
      seen.push_back(n);
      names += (names.empty() ? "" : ", ") + n;
    }
    ImGui::TextDisabled("Linked: %s", names.c_str());
  }
  if (ImGui::Button("Clear")) actions::chooseSymptom(atlas, st, -1);
}
}  // namespace

void drawSymptomPanel(UiContext& ui) {
  if (!ui.showSymptoms) return;
  // In the left column under the structure list (both can be open: a therapist moves between them).
  if (!placePanel(ui, Panel::Symptoms)) return;
  bool open = ImGui::Begin("Pain and symptoms", &ui.showSymptoms, panelFlags());
  notePanel(ui, Panel::Symptoms);
  if (!open) { ImGui::End(); return; }
  referralSection(ui);
  chosenSymptom(ui);
  ImGui::Separator();
  ImGui::BeginChild("symptoms");
  symptomList(ui);
  ImGui::EndChild();
  ImGui::End();
}

}  // namespace psoas::ui
