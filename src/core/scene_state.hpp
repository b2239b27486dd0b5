#pragma once
// What the user has done to the atlas: visibility, opacity, selection, camera, background.
// Shared by the window, the CLI and (later) view-state files.
#include <string>
#include <vector>

#include <glm/vec4.hpp>

#include "core/camera.hpp"

namespace psoas {

struct Atlas;

struct StructureState {
  bool visible = true;
  float opacity = 1.f;
};

struct SceneState {
  std::vector<StructureState> structures;  // parallel to Atlas::structures
  int selected = -1;
  int hovered = -1;
  bool ghost = false;  // X-ray: everything but the selection faint, so a deep structure shows in context
  Camera camera;
  glm::vec4 background{1.f, 1.f, 1.f, 1.f};  // sRGB, straight alpha; alpha 0 = transparent figure

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
