#include "core/scene_state.hpp"

#include <algorithm>

#include "core/atlas.hpp"
#include "core/errors.hpp"

namespace psoas {

SceneState SceneState::fromAtlas(const Atlas& atlas) {
  SceneState s;
  s.syncWith(atlas);
  return s;
}

void SceneState::syncWith(const Atlas& atlas) {
  for (std::size_t i = structures.size(); i < atlas.structures.size(); ++i)
    structures.push_back({true, atlas.structures[i].opacity});
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
  return b.empty() ? atlas.bounds() : b;
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
      throw UsageError("unknown structure id \"" + id + "\"" +
                       (similar.empty() ? std::string(" (run with --list to see the ids)")
                                        : " (did you mean: " + similar + "?)"));
    }
    out.push_back(i);
  }
  return out;
}

}  // namespace psoas
