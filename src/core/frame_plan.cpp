#include "core/frame_plan.hpp"

#include <algorithm>
#include <cmath>

#include <glm/gtc/matrix_transform.hpp>

#include "core/atlas.hpp"
#include "core/color.hpp"
#include "core/scene_state.hpp"

namespace psoas {

namespace {
constexpr float kSelectedTint = 0.55f, kHoveredTint = 0.25f, kSelectedMarkerTint = 0.9f;

// Paint per structure, and which structures carry a referral region (drawn even when hidden).
struct RegionPaint {
  std::vector<PaintShapes> paint;
  std::vector<bool> keepWhenHidden;
};

// What structure `i` is drawn with in a posed frame (identity and its own mesh otherwise).
glm::mat4 modelOf(const PosedGeometry* posed, std::size_t i) {
  return posed && i < posed->model.size() ? posed->model[i] : glm::mat4(1.f);
}
const Mesh* deformedOf(const PosedGeometry* posed, std::size_t i) {
  return posed && i < posed->deformed.size() ? posed->deformed[i] : nullptr;
}

RegionPaint paintRegions(const Atlas& atlas, const SceneState& state, const PosedGeometry* posed, FramePlan& plan) {
  RegionPaint out;
  out.paint.assign(atlas.structures.size(), {});
  out.keepWhenHidden.assign(atlas.structures.size(), false);
  for (std::size_t s = 0; s < atlas.regionStyles.size() && s < std::size_t(kMaxRegionStyles); ++s) {
    const RegionStyle& st = atlas.regionStyles[s];
    plan.styleColor[s] = glm::vec4(srgbToLinear(state.styleColor(atlas, int(s))),
                                   0.9f * std::clamp(state.overlayIntensity, 0.1f, 1.f));
    plan.styleInfo[s] = glm::vec4(st.pattern == RegionStyle::Pattern::Stipple ? 1.f : 0.f, st.border ? 1.f : 0.f, 0, 0);
  }
  for (int r : state.activeRegions(atlas)) {
    const Region& reg = atlas.regions[std::size_t(r)];
    bool lit = r == state.selectedRegion ||
               std::find(state.highlighted.begin(), state.highlighted.end(), r) != state.highlighted.end();
    float code = float(reg.style + (lit ? kMaxRegionStyles : 0));
    plan.anyLit = plan.anyLit || lit;
    bool referral = atlas.overlays[std::size_t(reg.overlay)].layer == Overlay::Layer::Referral;
    for (int on : reg.on) {
      PaintShapes& p = out.paint[std::size_t(on)];
      if (referral) out.keepWhenHidden[std::size_t(on)] = true;
      const Mesh* deformed = deformedOf(posed, std::size_t(on));
      const Mesh* mesh = deformed ? deformed : atlas.structures[std::size_t(on)].mesh.get();
      const bool rigidlyPosed = posed && posed->restRegions && !deformed;
      for (std::size_t k = 0; k < reg.shapes.size(); ++k) {
        if (int(p.shapes.size()) >= kMaxRegionShapes) break;  // the atlas loader keeps regions far below this
        const Shape& sh = reg.shapes[k];  // world: what the shaders test
        // In the mesh's own frame: a posed bone's mesh is its rest mesh, and its shapes are the rest ones.
        const Shape& local = rigidlyPosed ? (*posed->restRegions)[std::size_t(r)].shapes[k] : sh;
        // Every fragment tests every shape it gets: give a mesh only the shapes that can reach it.
        if (mesh && !overlaps(shapeBounds(local), mesh->bounds)) continue;
        p.a.push_back(glm::vec4(sh.a, sh.radius));
        p.b.push_back(glm::vec4(sh.b, code));
        p.f.push_back(glm::vec4(sh.facing, sh.facingCos));
        p.shapes.push_back(local);
      }
    }
  }
  return out;
}

void addMarkers(const Atlas& atlas, const SceneState& state, FramePlan& plan) {
  const float radius = state.camera.sceneRadius * 0.022f;
  for (int k : state.activeTriggerPoints(atlas)) {
    DrawItem m;
    m.triggerPoint = k;
    m.model = glm::scale(glm::translate(glm::mat4(1.f), atlas.triggerPoints[std::size_t(k)].position), glm::vec3(radius));
    m.color = srgbToLinear(glm::vec3(0.12f, 0.12f, 0.14f));
    m.tint = k == state.selectedTrigger ? kSelectedMarkerTint : 0.f;
    m.cut = plan.cut;
    m.cull = true;
    plan.markers.push_back(std::move(m));
  }
}
}  // namespace

Bounds posedBounds(const Mesh& mesh, const PosedGeometry* posed, std::size_t i) {
  if (!posed) return mesh.bounds;
  if (i < posed->deformed.size() && posed->deformed[i]) return posed->deformed[i]->bounds;
  if (i >= posed->model.size() || mesh.bounds.empty()) return mesh.bounds;
  Bounds b;
  for (int c = 0; c < 8; ++c) b.add(glm::vec3(posed->model[i] * glm::vec4(mesh.bounds.corner(c), 1.f)));
  return b;
}

Bounds DrawItem::worldBounds() const {
  Bounds b;
  if (!mesh) return b;
  const Bounds& local = geometry().bounds;
  if (local.empty()) return b;
  for (int c = 0; c < 8; ++c) b.add(glm::vec3(model * glm::vec4(local.corner(c), 1.f)));
  return b;
}

std::vector<const DrawItem*> FramePlan::structuresInOrder() const {
  std::vector<const DrawItem*> out;
  out.reserve(opaque.size() + translucent.size());
  for (const auto& d : opaque) out.push_back(&d);
  for (const auto& d : translucent) out.push_back(&d);
  // Equal depths go to the structure drawn first: the same order as the atlas, whatever the list.
  std::stable_sort(out.begin(), out.end(), [](const DrawItem* a, const DrawItem* b) { return a->structure < b->structure; });
  return out;
}

int markerAt(const FramePlan& plan, int width, int height, glm::vec2 pixel, float radiusPx) {
  int found = -1;
  float best = radiusPx;
  for (const DrawItem& m : plan.markers) {
    glm::vec3 q = projectToPixel(plan.camera, glm::vec3(m.model[3]), width, height);
    float d = glm::length(glm::vec2(q) - pixel);
    if (q.z < 1.f && d < best) { best = d; found = m.triggerPoint; }
  }
  return found;
}

int chooseLevel(const std::vector<MeshLod>& lods, float depth, const Camera& camera, float imageHeight, float maxPixels) {
  const float pixelsAtUnitDepth = imageHeight * 0.5f / std::tan(camera.fovY * 0.5f);
  const float pixelsPerUnit = pixelsAtUnitDepth / std::max(depth, camera.nearPlane());
  int level = -1;
  for (std::size_t l = 0; l < lods.size() && lods[l].error * pixelsPerUnit <= maxPixels; ++l) level = int(l);
  return level;
}

FramePlan buildFramePlan(const Atlas& atlas, const SceneState& state, const Interaction& interaction,
                         const FrameOptions& frame) {
  FramePlan plan;
  plan.camera = state.camera;
  plan.background = frame.background;
  plan.labels = frame.annotations;
  plan.cut = state.clip.enabled;
  if (plan.cut) plan.clipPlane = state.clip.equation();
  RegionPaint regions = paintRegions(atlas, state, frame.posed, plan);

  const glm::vec3 eye = state.camera.position(), fwd = state.camera.forward();
  const float imageHeight = float(frame.fullHeight > 0 ? frame.fullHeight : frame.height);
  for (std::size_t i = 0; i < atlas.structures.size(); ++i) {
    const Structure& s = atlas.structures[i];
    if (!s.mesh) continue;
    const float opacity = state.effectiveOpacity(i);
    const bool visible = opacity > 0.f;
    const bool outlined = i < state.structures.size() && state.structures[i].outline;
    // Hidden envelopes that carry a referral overlay still show (and answer picks on) their regions.
    if (!visible && !regions.keepWhenHidden[i]) continue;
    DrawItem d;
    d.structure = int(i);
    d.mesh = s.mesh.get();
    d.deformed = deformedOf(frame.posed, i);
    d.model = modelOf(frame.posed, i);
    d.lods = frame.lods && i < frame.lods->size() ? (*frame.lods)[i].get() : nullptr;
    d.color = srgbToLinear(s.color);
    d.opacity = opacity;
    d.tint = int(i) == state.selected ? kSelectedTint : int(i) == interaction.hovered ? kHoveredTint : 0.f;
    d.outline = visible && outlined;
    d.paintOnly = !visible;
    d.cut = plan.cut;
    d.cull = s.mesh->closed && !plan.cut;
    d.paint = std::move(regions.paint[i]);
    if (frame.lodPixels > 0.f && d.lods) {
      float depth = 1e30f;
      if (d.deformed) {
        // Its vertices are at hand and few: the depth of the nearest one, not of its box's nearest corner
        // (a walking leg swings the envelope's box, not the envelope, out toward the camera).
        for (const glm::vec3& p : d.deformed->positions) depth = std::min(depth, glm::dot(p - eye, fwd));
      } else {
        const Bounds b = d.worldBounds();
        for (int c = 0; c < 8; ++c) depth = std::min(depth, glm::dot(b.corner(c) - eye, fwd));
      }
      d.level = chooseLevel(*d.lods, depth, state.camera, imageHeight, frame.lodPixels);
    }
    const bool translucent = !visible || opacity < 0.999f || outlined;
    if (int(i) == state.selected && visible) plan.outline.push_back(d);
    (translucent ? plan.translucent : plan.opaque).push_back(std::move(d));
  }
  addMarkers(atlas, state, plan);
  return plan;
}

}  // namespace psoas
