#include "core/scene_state.hpp"

#include <algorithm>

#include "core/atlas.hpp"
#include "core/errors.hpp"
#include "core/file_util.hpp"

namespace psoas {

SceneState SceneState::fromAtlas(const Atlas& atlas) {
  SceneState s;
  s.syncWith(atlas);
  return s;
}

void SceneState::syncWith(const Atlas& atlas) {
  for (std::size_t i = structures.size(); i < atlas.structures.size(); ++i)
    structures.push_back({true, atlas.structures[i].opacity, false});
  overlays.resize(atlas.overlays.size(), false);
}

glm::vec4 ClipPlane::equation() const {
  glm::vec3 n = axis == Axis::Sagittal ? glm::vec3(1, 0, 0) : axis == Axis::Coronal ? glm::vec3(0, 0, 1) : glm::vec3(0, 1, 0);
  // Unflipped keeps the lower values: the patient's right half, the back half, the lower half, so that
  // the default cut opens the view from the left, the front and above.
  if (!flip) n = -n;
  float d = flip ? -offset : offset;
  return {n, d};
}

const char* clipAxisName(ClipPlane::Axis axis) {
  switch (axis) {
    case ClipPlane::Axis::Sagittal: return "sagittal";
    case ClipPlane::Axis::Coronal: return "coronal";
    default: return "transverse";
  }
}

bool parseClipAxis(const std::string& name, ClipPlane::Axis& out) {
  for (auto a : {ClipPlane::Axis::Sagittal, ClipPlane::Axis::Coronal, ClipPlane::Axis::Transverse})
    if (name == clipAxisName(a)) { out = a; return true; }
  return false;
}

const char* sideName(Side side) { return side == Side::Left ? "left" : side == Side::Right ? "right" : "both"; }

bool sideMatches(Side side, const std::string& regionSide) {
  return side == Side::Both || regionSide == "midline" || regionSide == sideName(side);
}

std::vector<int> SceneState::activeRegions(const Atlas& atlas) const {
  std::vector<int> out;
  for (std::size_t o = 0; o < atlas.overlays.size(); ++o) {
    if (!overlayOn(int(o))) continue;
    bool referral = atlas.overlays[o].layer == Overlay::Layer::Referral;
    for (int r : atlas.overlays[o].regions)
      if (!referral || sideMatches(referralSide, atlas.regions[std::size_t(r)].side)) out.push_back(r);
  }
  return out;
}

std::vector<int> SceneState::activeTriggerPoints(const Atlas& atlas) const {
  std::vector<int> out;
  for (std::size_t o = 0; o < atlas.overlays.size(); ++o)
    if (overlayOn(int(o)))
      for (int t : atlas.overlays[o].triggerPoints)
        if (sideMatches(referralSide, atlas.triggerPoints[std::size_t(t)].side)) out.push_back(t);
  return out;
}

int SceneState::regionAt(const Atlas& atlas, int structure, const glm::vec3& point) const {
  int best = -1;
  float bestD = 0.0015f;  // picking reads depth at limited precision: allow a millimetre and a half
  for (int r : activeRegions(atlas)) {
    const Region& reg = atlas.regions[std::size_t(r)];
    if (std::find(reg.on.begin(), reg.on.end(), structure) == reg.on.end()) continue;
    float d = regionDistance(reg, point);
    if (d < bestD) { bestD = d; best = r; }
  }
  return best;
}

void SceneState::chooseSymptom(const Atlas& atlas, int symptom) {
  selectedSymptom = symptom;
  highlighted.clear();
  if (symptom < 0 || std::size_t(symptom) >= atlas.symptoms.size()) { selectedSymptom = -1; return; }
  const Symptom& s = atlas.symptoms[std::size_t(symptom)];
  highlighted = s.regions;
  overlays.resize(atlas.overlays.size(), false);
  // The side filter and the selection are the user's: a therapist showing the right side keeps seeing the
  // right side (the symptom's zones there), and the structure they were explaining stays selected.
  for (int r : s.regions) overlays[std::size_t(atlas.regions[std::size_t(r)].overlay)] = true;
}

glm::vec3 SceneState::styleColor(const Atlas& atlas, int style) const {
  auto it = styleColors.find(style);
  if (it != styleColors.end()) return it->second;
  return atlas.regionStyles[std::size_t(style)].color;
}

void SceneState::showAll() {
  for (auto& s : structures) s.visible = true;
}

void SceneState::isolate(const std::vector<int>& keep) {
  for (auto& s : structures) s.visible = false;
  for (int i : keep)
    if (i >= 0 && i < int(structures.size())) structures[i].visible = true;
}

float SceneState::effectiveOpacity(std::size_t i) const {
  if (i >= structures.size() || !structures[i].visible) return 0.f;
  float o = structures[i].opacity;
  if (ghost && selected >= 0 && int(i) != selected) o = std::min(o, 0.12f);
  return o;
}

Bounds SceneState::visibleBounds(const Atlas& atlas) const {
  Bounds b;
  for (std::size_t i = 0; i < atlas.structures.size() && i < structures.size(); ++i)
    if (structures[i].visible && structures[i].opacity > 0.f && atlas.structures[i].mesh)
      b.add(atlas.structures[i].mesh->bounds);
  if (b.empty()) b = atlas.bounds();
  // A cut removes part of the model: fit what is left.
  if (clip.enabled && !b.empty()) {
    int k = clip.axis == ClipPlane::Axis::Sagittal ? 0 : clip.axis == ClipPlane::Axis::Coronal ? 2 : 1;
    Bounds kept = b;
    if (clip.flip) kept.min[k] = std::max(kept.min[k], std::min(clip.offset, kept.max[k]));
    else kept.max[k] = std::min(kept.max[k], std::max(clip.offset, kept.min[k]));
    b = kept;
  }
  return b;
}

std::vector<int> resolveStructureIds(const Atlas& atlas, const std::vector<std::string>& ids) {
  std::vector<int> out;
  for (const auto& id : ids) {
    int i = atlas.findStructure(id);
    if (i < 0) {
      std::string similar;
      for (const auto& s : atlas.structures)
        if (s.id.find(id.substr(0, std::min<std::size_t>(id.size(), 3))) != std::string::npos)
          similar += (similar.empty() ? "" : ", ") + s.id;
      throw UsageError("unknown structure id " + quoteValue(id) +
                       (similar.empty() ? std::string(" (psoas-atlas list shows the ids)")
                                        : " (did you mean: " + similar + "?)"));
    }
    out.push_back(i);
  }
  return out;
}

}  // namespace psoas
