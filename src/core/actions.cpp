#include "core/actions.hpp"

#include <algorithm>

#include "core/annotations.hpp"
#include "core/atlas.hpp"
#include "core/pins.hpp"
#include "core/posed_atlas.hpp"

namespace psoas::actions {

void select(SceneState& s, int structure) {
  s.selected = structure >= 0 && std::size_t(structure) < s.structures.size() ? structure : -1;
}

void clearSelection(SceneState& s) { s.selected = -1; }

void hide(SceneState& s, int structure) {
  if (structure >= 0 && std::size_t(structure) < s.structures.size()) s.structures[std::size_t(structure)].visible = false;
}

void setVisible(SceneState& s, const std::vector<int>& structures, bool visible) {
  for (int i : structures)
    if (i >= 0 && std::size_t(i) < s.structures.size()) s.structures[std::size_t(i)].visible = visible;
}

Effect isolate(SceneState& s, const std::vector<int>& keep) {
  s.isolate(keep);
  return {true, false};
}

Effect showAll(SceneState& s) {
  s.showAll();
  return {true, false};
}

Effect isolateSelection(SceneState& s) {
  if (s.selected < 0) return {};
  return isolate(s, {s.selected});
}

void hideSelection(SceneState& s) { hide(s, s.selected); }

void setGhost(SceneState& s, bool on) { s.ghost = on; }
void toggleGhost(SceneState& s) { s.ghost = !s.ghost; }

void setOpacity(SceneState& s, int structure, float opacity) {
  if (structure >= 0 && std::size_t(structure) < s.structures.size())
    s.structures[std::size_t(structure)].opacity = std::clamp(opacity, 0.f, 1.f);
}

Envelope envelopeMode(const Atlas& atlas, const SceneState& s) {
  auto env = layerStructures(atlas, Overlay::Layer::Referral, true);
  if (env.empty()) return Envelope::Shown;
  const StructureState& e = s.structures[std::size_t(env.front())];
  if (!e.visible) return Envelope::Hidden;
  if (e.outline) return Envelope::Outline;
  return e.opacity < atlas.structures[std::size_t(env.front())].opacity - 1e-3f ? Envelope::Faded : Envelope::Shown;
}

void setEnvelope(const Atlas& atlas, SceneState& s, Envelope mode) {
  // The envelope is whatever the referral regions are painted on (data, not a name).
  for (int e : layerStructures(atlas, Overlay::Layer::Referral, true)) {
    StructureState& ss = s.structures[std::size_t(e)];
    ss.visible = mode != Envelope::Hidden;
    ss.outline = mode == Envelope::Outline;
    ss.opacity = mode == Envelope::Faded ? kFadedEnvelopeOpacity : atlas.structures[std::size_t(e)].opacity;
  }
}

void setOverlay(SceneState& s, int overlay, bool on) {
  if (overlay < 0) return;
  if (s.overlays.size() <= std::size_t(overlay)) s.overlays.resize(std::size_t(overlay) + 1, false);
  s.overlays[std::size_t(overlay)] = on;
}

void setOverlays(SceneState& s, const std::vector<int>& overlays, bool on) {
  for (int o : overlays) setOverlay(s, o, on);
}

void setReferralSide(SceneState& s, Side side) { s.referralSide = side; }

void chooseSymptom(const Atlas& atlas, SceneState& s, int symptom) { s.chooseSymptom(atlas, symptom); }

void setLabelSet(SceneState& s, const std::string& id, bool on) {
  auto it = std::find(s.labelSets.begin(), s.labelSets.end(), id);
  if (on && it == s.labelSets.end()) s.labelSets.push_back(id);
  if (!on && it != s.labelSets.end()) s.labelSets.erase(it);
}

bool structureLabelled(const Atlas& atlas, const SceneState& s, int structure) {
  for (const auto& t : labelTargets(atlas, s))
    if (t.key == "s:" + atlas.structures[std::size_t(structure)].id) return true;
  return false;
}

void setStructureLabelled(const Atlas& atlas, SceneState& s, int structure, bool on) {
  auto drop = [&](std::vector<int>& v) { v.erase(std::remove(v.begin(), v.end(), structure), v.end()); };
  drop(s.labelsAdded);
  drop(s.labelsRemoved);
  if (structureLabelled(atlas, s, structure) != on) (on ? s.labelsAdded : s.labelsRemoved).push_back(structure);
}

void setClip(SceneState& s, const ClipPlane& clip) { s.clip = clip; }

void setRegionColor(SceneState& s, int style, const glm::vec3& srgb) { s.styleColors[style] = srgb; }

void setPose(const Atlas& atlas, SceneState& s, const Pose& pose) {
  validatePose(atlas.motion.skeleton, pose);
  s.pose = pose;
}

bool choosePosePreset(const Atlas& atlas, SceneState& s, const std::string& preset) {
  const PosePreset* p = atlas.motion.findPose(preset);
  if (!p) return false;
  s.pose = p->pose;  // its angles, not only its name: the state says what is shown
  return true;
}

bool setJointAngle(const Atlas& atlas, SceneState& s, const std::string& joint, double degrees) {
  int c = atlas.motion.skeleton.findCoordinate(joint);
  if (c < 0) return false;
  const Coordinate& co = atlas.motion.skeleton.coordinates[std::size_t(c)];
  // A preset named without angles (an older view state) stands for its angles: start from those.
  Pose p = effectivePose(atlas.motion, s.pose);
  p.joints[joint] = std::clamp(degrees, co.minDeg, co.maxDeg);
  p.preset.clear();  // changed by hand: no longer the preset
  s.pose = std::move(p);
  return true;
}

void resetPose(SceneState& s) { s.pose = Pose{}; }

int addPin(SceneState& s, Pin pin) {
  if (s.pins.size() >= kMaxPins || pin.structure < 0 || std::size_t(pin.structure) >= s.structures.size() || pin.triangle < 0)
    return -1;
  pin.text = cleanPinText(pin.text);
  s.pins.push_back(std::move(pin));
  return int(s.pins.size()) - 1;
}

bool setPinText(SceneState& s, int index, const std::string& text) {
  if (index < 0 || std::size_t(index) >= s.pins.size()) return false;
  s.pins[std::size_t(index)].text = cleanPinText(text);
  return true;
}

bool deletePin(SceneState& s, int index) {
  if (index < 0 || std::size_t(index) >= s.pins.size()) return false;
  s.pins.erase(s.pins.begin() + index);
  return true;
}

void clearPins(SceneState& s) { s.pins.clear(); }

}  // namespace psoas::actions
