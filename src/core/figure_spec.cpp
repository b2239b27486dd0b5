#include "core/figure_spec.hpp"

#include <charconv>

#include "core/atlas.hpp"
#include "core/errors.hpp"

namespace psoas {

SceneState makeFigureState(const Atlas& atlas, const FigureSpec& spec) {
  SceneState s = SceneState::fromAtlas(atlas);
  if (!spec.isolate.empty()) s.isolate(resolveStructureIds(atlas, spec.isolate));
  for (int i : resolveStructureIds(atlas, spec.hide)) s.structures[i].visible = false;
  for (int i : resolveStructureIds(atlas, spec.show)) s.structures[i].visible = true;
  for (const auto& [id, value] : spec.opacity) s.structures[resolveStructureIds(atlas, {id})[0]].opacity = value;
  if (!spec.select.empty()) s.selected = resolveStructureIds(atlas, {spec.select})[0];
  const ViewPreset* view = atlas.findView(spec.view);
  if (!view) {
    std::string names;
    for (const auto& v : atlas.views) names += (names.empty() ? "" : ", ") + v.id;
    throw UsageError("unknown view \"" + spec.view + "\" (views: " + names + ")");
  }
  s.camera = fitCamera(*view, s.visibleBounds(atlas), float(spec.width) / float(spec.height));
  s.background = spec.transparent ? glm::vec4(glm::vec3(spec.background), 0.f) : spec.background;
  return s;
}

std::pair<int, int> parseSize(const std::string& text, int maxSide) {
  auto fail = [&] {
    throw UsageError("invalid size \"" + text + "\": expected WIDTHxHEIGHT such as 1600x1200, each 16.." +
                     std::to_string(maxSide));
  };
  auto x = text.find('x');
  if (x == std::string::npos) fail();
  int w = 0, h = 0;
  auto r1 = std::from_chars(text.data(), text.data() + x, w);
  auto r2 = std::from_chars(text.data() + x + 1, text.data() + text.size(), h);
  if (r1.ec != std::errc() || r1.ptr != text.data() + x || r2.ec != std::errc() ||
      r2.ptr != text.data() + text.size())
    fail();
  if (w < 16 || h < 16 || w > maxSide || h > maxSide) fail();
  return {w, h};
}

}  // namespace psoas
