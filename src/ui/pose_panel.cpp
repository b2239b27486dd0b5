// "Pose" panel: presets with their plain-words captions, the walking cycle, a slider per joint, and the
// live length of the muscles the motion data marks for the readout, with a plot over hip flexion.
// Every change goes through core/actions (undo covers it); the window animates what the state asks for.
#include <algorithm>
#include <cmath>
#include <cstdio>

#include <imgui.h>

#include "core/actions.hpp"
#include "core/pose_readout.hpp"
#include "ui/ui_context.hpp"

namespace psoas::ui {

namespace {
// Distinct line colours for the plot, in readout order (left and right of one muscle side by side).
ImU32 curveColor(std::size_t k) {
  static const ImU32 colors[] = {IM_COL32(235, 120, 100, 255), IM_COL32(120, 180, 240, 255),
                                 IM_COL32(240, 200, 90, 255), IM_COL32(150, 220, 140, 255),
                                 IM_COL32(210, 140, 230, 255), IM_COL32(200, 200, 200, 255)};
  return colors[k % (sizeof colors / sizeof colors[0])];
}

void presetsSection(UiContext& ui) {
  const MotionData& motion = ui.atlas->motion;
  SceneState& st = *ui.state;
  float x = 0.f, avail = ImGui::GetContentRegionAvail().x;
  for (const PosePreset& p : motion.poses) {
    float w = ImGui::CalcTextSize(p.name.c_str()).x + ImGui::GetStyle().FramePadding.x * 2.f;
    if (x > 0.f && x + w <= avail) ImGui::SameLine();
    else x = 0.f;
    x += w + ImGui::GetStyle().ItemSpacing.x;
    const bool current = st.pose.preset == p.id && !ui.gaitPlaying;
    if (current) ImGui::PushStyleColor(ImGuiCol_Button, ImGui::GetStyleColorVec4(ImGuiCol_ButtonActive));
    if (ImGui::Button(p.name.c_str())) {
      actions::choosePosePreset(*ui.atlas, st, p.id);
      ui.poseWithoutTransition = false;
    }
    if (current) ImGui::PopStyleColor();
    if (ImGui::IsItemHovered() && !p.caption.empty()) {
      ImGui::BeginTooltip();
      ImGui::PushTextWrapPos(ImGui::GetFontSize() * 24.f);
      ImGui::TextUnformatted(p.caption.c_str());
      ImGui::PopTextWrapPos();
      ImGui::EndTooltip();
    }
  }
  if (const PosePreset* p = motion.findPose(st.pose.preset); p && !p->caption.empty() && !ui.gaitPlaying) {
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + avail);
    ImGui::TextDisabled("%s", p->caption.c_str());
    ImGui::PopTextWrapPos();
  }
}

void gaitSection(UiContext& ui) {
  const MotionData& motion = ui.atlas->motion;
  if (!motion.gaits.empty()) {
    const GaitCycle& g = motion.gaits.front();
    std::string label = (ui.gaitPlaying ? "Pause " : "Play ") + g.name;
    if (ImGui::Button(label.c_str())) ui.requestGait = !ui.gaitPlaying;
    ImGui::SameLine();
    ImGui::TextDisabled("%.0f steps/min%s", g.cadence, ui.gaitPlaying ? "" : "");
    if (ui.gaitPlaying) {
      ImGui::SameLine();
      ImGui::TextDisabled("%3.0f %% of the cycle", ui.gaitPhase * 100.0);
    }
  }
  if (ImGui::Button("Reset to standing")) {
    actions::resetPose(*ui.state);
    ui.poseWithoutTransition = false;
  }
}

void jointsSection(UiContext& ui) {
  const Skeleton& sk = ui.atlas->motion.skeleton;
  const Pose& shown = ui.shownPose ? *ui.shownPose : ui.state->pose;
  ImGui::TextDisabled("Drag, or Ctrl+click to type degrees.");
  for (const Coordinate& c : sk.coordinates) {
    float deg = float(shown.angle(c.id));
    ImGui::SetNextItemWidth(std::min(200.f * ui.scale, ImGui::GetContentRegionAvail().x * 0.5f));
    ImGui::PushID(c.id.c_str());
    if (ImGui::SliderFloat(c.name.c_str(), &deg, float(c.minDeg), float(c.maxDeg), "%.0f\xc2\xb0")) {
      actions::setJointAngle(*ui.atlas, *ui.state, c.id, double(deg));
      ui.poseWithoutTransition = true;  // the skeleton follows the hand, no easing behind it
    }
    ImGui::PopID();
  }
}

// Length against the swept joint for every readout muscle, the current angle marked on each curve.
void lengthPlot(const PoseReadout& r, float scale) {
  float lo = 1e9f, hi = -1e9f;
  for (const auto& m : r.muscles)
    for (float v : m.curveMm) { lo = std::min(lo, v); hi = std::max(hi, v); }
  if (lo > hi) return;
  lo = std::floor(lo / 10.f) * 10.f;
  hi = std::ceil(hi / 10.f) * 10.f + (hi - lo < 1.f ? 10.f : 0.f);
  const ImVec2 size(std::max(260.f * scale, ImGui::GetContentRegionAvail().x), 130.f * scale);
  const float margin = ImGui::CalcTextSize("000 mm").x + 4.f * scale;
  ImVec2 p0 = ImGui::GetCursorScreenPos();
  ImGui::Dummy(size);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImVec2 a(p0.x + margin, p0.y + 4.f * scale), b(p0.x + size.x - 4.f * scale, p0.y + size.y - ImGui::GetFontSize() - 4.f * scale);
  const double x0 = PoseReadout::kSweepFrom, x1 = PoseReadout::kSweepTo;
  auto at = [&](double deg, float mm) {
    return ImVec2(a.x + float((deg - x0) / (x1 - x0)) * (b.x - a.x), b.y - (mm - lo) / (hi - lo) * (b.y - a.y));
  };
  const ImU32 grid = IM_COL32(255, 255, 255, 40), text = ImGui::GetColorU32(ImGuiCol_TextDisabled);
  dl->AddRect(a, b, grid);
  for (double deg = 0; deg <= x1; deg += 30) {
    ImVec2 q = at(deg, lo);
    dl->AddLine(ImVec2(q.x, a.y), ImVec2(q.x, b.y), grid);
    char t[16];
    std::snprintf(t, sizeof t, "%.0f\xc2\xb0", deg);
    dl->AddText(ImVec2(q.x - ImGui::CalcTextSize(t).x * 0.5f, b.y + 2.f * scale), text, t);
  }
  char t[24];
  std::snprintf(t, sizeof t, "%.0f mm", hi);
  dl->AddText(ImVec2(p0.x, a.y), text, t);
  std::snprintf(t, sizeof t, "%.0f mm", lo);
  dl->AddText(ImVec2(p0.x, b.y - ImGui::GetFontSize()), text, t);
  for (std::size_t k = 0; k < r.muscles.size(); ++k) {
    const MuscleReadout& m = r.muscles[k];
    std::vector<ImVec2> pts;
    for (std::size_t i = 0; i < m.curveMm.size(); ++i) pts.push_back(at(x0 + double(i) * PoseReadout::kSweepStep, m.curveMm[i]));
    dl->AddPolyline(pts.data(), int(pts.size()), curveColor(k), 0, 1.5f * scale);
    if (!m.jointName.empty())
      dl->AddCircleFilled(at(std::clamp(m.jointDeg, x0, x1), float(m.measure.lengthMm)), 4.f * scale, curveColor(k));
  }
}

void numbersSection(UiContext& ui) {
  const PoseReadout* r = ui.poseReadout;
  if (!r || r->muscles.empty()) { ImGui::TextDisabled("This atlas marks no muscle for the readout."); return; }
  if (ImGui::BeginTable("lengths", 4, ImGuiTableFlags_SizingFixedFit | ImGuiTableFlags_RowBg)) {
    ImGui::TableSetupColumn("Muscle");
    ImGui::TableSetupColumn("Length");
    ImGui::TableSetupColumn("Standing");
    ImGui::TableSetupColumn("Moment arm");
    ImGui::TableHeadersRow();
    for (std::size_t k = 0; k < r->muscles.size(); ++k) {
      const MuscleReadout& m = r->muscles[k];
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImVec2 c = ImGui::GetCursorScreenPos();
      float h = ImGui::GetTextLineHeight();
      ImGui::GetWindowDrawList()->AddRectFilled(ImVec2(c.x, c.y + h * 0.3f), ImVec2(c.x + h * 0.4f, c.y + h * 0.7f), curveColor(k));
      ImGui::SetCursorScreenPos(ImVec2(c.x + h * 0.6f, c.y));
      ImGui::TextUnformatted(m.name.c_str());
      ImGui::TableNextColumn();
      ImGui::Text("%.0f mm", m.measure.lengthMm);
      ImGui::TableNextColumn();
      ImGui::Text("%.1f %%", m.measure.percentOfStanding);
      ImGui::TableNextColumn();
      ImGui::Text("%.1f mm", m.measure.momentArmMm);
    }
    ImGui::EndTable();
  }
  lengthPlot(*r, ui.scale);
  ImGui::PushTextWrapPos(0.f);  // wrap at the panel's edge
  ImGui::TextDisabled("Length against hip flexion (the rest of the pose held); dots: now. Moment arm: "
                      "flexion positive. Compare changes in mm, not %%.");
  ImGui::PopTextWrapPos();
}
}  // namespace

void drawPosePanel(UiContext& ui) {
  if (!ui.showPose) return;
  if (ui.atlas->motion.skeleton.empty()) {
    ui.showPose = false;  // a static atlas: nothing to pose
    return;
  }
  // In the left column, under the structure list and the pain panel.
  if (!placePanel(ui, Panel::Pose)) return;
  bool open = ImGui::Begin("Pose", &ui.showPose, panelFlags());
  notePanel(ui, Panel::Pose);
  if (!open) { ImGui::End(); return; }
  presetsSection(ui);
  ImGui::Separator();
  gaitSection(ui);
  if (ImGui::CollapsingHeader("Muscle length", ImGuiTreeNodeFlags_DefaultOpen)) numbersSection(ui);
  if (ImGui::CollapsingHeader("Joints")) jointsSection(ui);
  ImGui::End();
}

}  // namespace psoas::ui
