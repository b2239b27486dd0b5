#pragma once
// What the user has done to the atlas: visibility, opacity, selection, camera, overlays, labels, colours.
// Exactly what a view state saves (captureViewState / applyViewState); what the pointer is over lives in
// Interaction (core/frame_plan.hpp). The atlas itself is never edited.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <glm/vec4.hpp>
#include <glm/vec3.hpp>

#include "core/camera.hpp"
#include "core/kinematics.hpp"

namespace psoas {

struct Atlas;

struct StructureState {
  bool visible = true;
  float opacity = 1.f;
  bool outline = false;  // drawn as its silhouette only (a body envelope around an overlay)
  bool operator==(const StructureState&) const = default;
};

// A cutting plane through the model; the side the plane's normal points to is kept.
struct ClipPlane {
  enum class Axis { Sagittal, Coronal, Transverse };
  bool enabled = false;
  Axis axis = Axis::Sagittal;
  float offset = 0.f;  // metres along the axis (+X left, +Z anterior, +Y up)
  bool flip = false;   // keep the other side
  glm::vec4 equation() const;  // plane (n, d): kept where dot(n, p) + d >= 0
  bool operator==(const ClipPlane&) const = default;
};
const char* clipAxisName(ClipPlane::Axis axis);
bool parseClipAxis(const std::string& name, ClipPlane::Axis& out);

enum class Side { Left, Right, Both };
const char* sideName(Side side);
bool sideMatches(Side side, const std::string& regionSide);  // "midline" always matches

// A numbered note on the anatomy (view-state version 4). Anchored to one triangle of its structure's mesh by
// barycentric coordinates, not to a point in space: a bone moves its mesh by a model transform and a muscle
// deforms into new vertices over the same triangles, so the pin stays on the same spot of the anatomy in any
// pose and from any side (core/pins.hpp places it). Numbered by its place in SceneState::pins, from 1.
struct Pin {
  int structure = -1;  // index into Atlas::structures
  int triangle = -1;   // index into that structure's full-detail mesh's triangles
  glm::vec3 bary{1.f / 3.f};
  std::string text;  // short, one line (core/pins.hpp: kMaxPinText)
  bool operator==(const Pin&) const = default;
};

struct SceneState {
  std::vector<StructureState> structures;  // parallel to Atlas::structures
  int selected = -1;
  bool ghost = false;  // X-ray: everything but the selection faint, so a deep structure shows in context
  Camera camera;  // its lens shift is the window's (a view state saves none); the background is FrameOptions'
  ClipPlane clip;

  // Teaching overlays (indices into the atlas's lists).
  std::vector<bool> overlays;  // parallel to Atlas::overlays
  Side referralSide = Side::Both;
  float overlayIntensity = 1.f;  // 0.1..1: how strongly regions are painted
  int selectedRegion = -1;
  int selectedTrigger = -1;
  int selectedSymptom = -1;
  std::vector<int> highlighted;  // regions to emphasise (a chosen symptom, a chosen trigger point)
  // Labels: the enabled label sets by id, and structures added or removed by hand.
  std::vector<std::string> labelSets;
  std::vector<int> labelsAdded, labelsRemoved;
  // Label key ("s:femur_r", "r:...", "l:...") -> the text shown instead of the name: a worksheet numbers its
  // labels this way (core/quiz.hpp, numberWorksheet). Not part of a saved view state.
  std::map<std::string, std::string> labelText;
  bool legend = true;
  // Region style colours changed by the user (style index -> sRGB), over the atlas's own.
  std::map<int, glm::vec3> styleColors;
  Pose pose;  // the skeleton's joint angles; standing when empty (view-state version 3)
  std::vector<Pin> pins;  // numbered notes, pin 1 first (view-state version 4)

  bool operator==(const SceneState&) const = default;
  glm::vec3 styleColor(const Atlas& atlas, int style) const;

  // Regions drawn now: of shown overlays, on the chosen side (referral) or both (attachments).
  std::vector<int> activeRegions(const Atlas& atlas) const;
  std::vector<int> activeTriggerPoints(const Atlas& atlas) const;
  bool overlayOn(int overlay) const { return overlay >= 0 && std::size_t(overlay) < overlays.size() && overlays[std::size_t(overlay)]; }
  // The shown region painted on `structure` at `point` (a picked surface point), or -1.
  int regionAt(const Atlas& atlas, int structure, const glm::vec3& point) const;
  // Chooses a symptom (-1: none): its regions are emphasised and their overlays shown.
  void chooseSymptom(const Atlas& atlas, int symptom);

  static SceneState fromAtlas(const Atlas& atlas);
  void syncWith(const Atlas& atlas);  // grows the per-structure list after structures were added
  void showAll();
  void isolate(const std::vector<int>& keep);
  Bounds visibleBounds(const Atlas& atlas) const;  // falls back to all structures if none is visible
  // The opacity a structure is drawn and picked with (ghost mode lowers it for all but the selection).
  float effectiveOpacity(std::size_t i) const;
};

// Resolves ids to indices; throws UsageError listing similar ids for a typo.
std::vector<int> resolveStructureIds(const Atlas& atlas, const std::vector<std::string>& ids);

}  // namespace psoas
