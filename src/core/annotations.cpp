#include "core/annotations.hpp"

#include <algorithm>
#include <cmath>

#include <glm/geometric.hpp>
#include <glm/vector_relational.hpp>

#include "core/atlas.hpp"
#include "core/frame_plan.hpp"
#include "core/label_layout.hpp"
#include "core/pins.hpp"
#include "core/scene_state.hpp"

namespace psoas {

namespace {
bool cutAway(const SceneState& scene, const glm::vec3& p) {
  if (!scene.clip.enabled) return false;
  glm::vec4 e = scene.clip.equation();
  return e.x * p.x + e.y * p.y + e.z * p.z + e.w < 0.f;
}

bool contains(const std::vector<int>& v, int x) { return std::find(v.begin(), v.end(), x) != v.end(); }

// A region's label shows while a surface it is painted on is drawn: after isolating a muscle, the origin
// areas on the hidden vertebrae have nothing left to point at.
bool regionDrawn(const SceneState& scene, const Region& reg) {
  return std::any_of(reg.on.begin(), reg.on.end(), [&](int s) { return scene.effectiveOpacity(std::size_t(s)) > 0.f; });
}

bool skinOnly(const Atlas& atlas) {
  for (const auto& st : atlas.structures)
    if (st.mesh && !st.skinned) return false;
  return true;
}

// Pins: a numbered badge where each pin is on its surface as drawn, and its text (if any) as a label
// pointing there, laid out with the other labels. A pin on a hidden or cut-away structure shows nothing
// (its label fades out); one on the far side of its structure is drawn faint, since it is seen through it.
std::vector<LabelTarget> pinTargets(const Atlas& atlas, const SceneState& scene, const AnnotationOptions& options,
                                    int width, int height, std::vector<AnnotationPin>& badges) {
  std::vector<LabelTarget> out;
  const glm::vec3 eye = scene.camera.position();
  for (std::size_t k = 0; k < scene.pins.size(); ++k) {
    const Pin& pin = scene.pins[k];
    if (pin.structure < 0 || std::size_t(pin.structure) >= scene.structures.size()) continue;
    auto place = placePin(atlas, options.posed, pin);
    if (!place) continue;
    const std::string number = std::to_string(k + 1);
    const bool shown = scene.effectiveOpacity(std::size_t(pin.structure)) > 0.f && !cutAway(scene, place->position);
    glm::vec3 q = projectToPixel(scene.camera, place->position, width, height);
    if (shown && q.z <= 1.f && q.z >= -1.f) {
      const bool facing = glm::dot(place->normal, eye - place->position) >= 0.f;
      badges.push_back({int(k + 1), {q.x, q.y}, facing ? 1.f : kPinFaintAlpha, q.z});
    }
    if (pin.text.empty()) continue;
    LabelTarget t{"p:" + number, number + ". " + pin.text, place->position, kPinColor};
    t.shown = shown;
    t.pinned = true;  // never merged with a label of the same text
    t.priority = 4;
    out.push_back(t);
  }
  return out;
}
}  // namespace

std::vector<LabelTarget> labelTargets(const Atlas& atlas, const SceneState& scene) {
  std::vector<LabelTarget> out;
  std::vector<int> structures;
  std::vector<int> landmarks;
  bool regions[2] = {false, false};
  for (const auto& id : scene.labelSets) {
    int k = atlas.findLabelSet(id);
    if (k < 0) continue;
    const LabelSet& set = atlas.labelSets[std::size_t(k)];
    for (int s : set.structures)
      if (!contains(structures, s)) structures.push_back(s);
    for (int l : set.landmarks)
      if (!contains(landmarks, l)) landmarks.push_back(l);
    if (set.hasLayer) regions[set.layer == Overlay::Layer::Referral ? 1 : 0] = true;
  }
  for (int s : scene.labelsAdded)
    if (!contains(structures, s)) structures.push_back(s);
  // A landmark given a text of its own is labelled even outside the label sets: the self-test marks the
  // one it asks about with "?" this way (core/quiz_runner.cpp).
  for (const auto& [key, text] : scene.labelText)
    if (key.rfind("l:", 0) == 0 && !text.empty())
      if (int l = atlas.findLandmark(std::string_view(key).substr(2)); l >= 0 && !contains(landmarks, l))
        landmarks.push_back(l);
  for (int s : structures) {
    if (s < 0 || std::size_t(s) >= atlas.structures.size() || contains(scene.labelsRemoved, s)) continue;
    const Structure& st = atlas.structures[std::size_t(s)];
    if (!st.mesh) continue;
    LabelTarget t{"s:" + st.id, st.labelText(), st.labelAnchor, st.color};
    t.shown = scene.effectiveOpacity(std::size_t(s)) > 0.f && !cutAway(scene, st.labelAnchor);
    t.pinned = contains(scene.labelsAdded, s);
    t.priority = (t.pinned ? 3 : 1) + (s == scene.selected ? 5 : 0);
    t.fullText = st.name;
    out.push_back(t);
  }
  for (int r : scene.activeRegions(atlas)) {
    const Region& reg = atlas.regions[std::size_t(r)];
    bool referral = atlas.overlays[std::size_t(reg.overlay)].layer == Overlay::Layer::Referral;
    if (!regions[referral ? 1 : 0]) continue;
    if (reg.paintsNothing) continue;  // its leader line would point at bare bone (loading warned)
    const Structure& owner = atlas.structures[std::size_t(reg.structures.front())];
    std::string text = referral ? reg.name : owner.labelText() + " " + reg.name;
    LabelTarget t{"r:" + reg.id, text, reg.anchor, scene.styleColor(atlas, reg.style)};
    t.shown = !cutAway(scene, reg.anchor) && regionDrawn(scene, reg);
    t.priority = 2 + (r == scene.selectedRegion ? 5 : 0);
    out.push_back(t);
  }
  const bool noBones = skinOnly(atlas);  // an atlas of one imported surface: nothing else could hold them
  for (int l : landmarks) {
    const Landmark& lm = atlas.landmarks[std::size_t(l)];
    LabelTarget t{"l:" + lm.id, lm.name, lm.position, glm::vec3(0.25f)};
    // Shown while what it is on is drawn: the lesser trochanter's label goes with the femur.
    int on = noBones ? -1 : lm.holder;  // found at rest: a posed landmark is not near the rest meshes
    t.shown = !cutAway(scene, lm.position) && (on < 0 || scene.effectiveOpacity(std::size_t(on)) > 0.f);
    out.push_back(t);
  }
  for (auto& t : out)
    if (auto it = scene.labelText.find(t.key); it != scene.labelText.end()) t.text = t.fullText = it->second;
  return out;
}

namespace {
// The model's extent on screen: the union of the visible structures' projected boxes (as posed, in the window).
glm::vec4 modelRect(const Atlas& atlas, const SceneState& scene, const PosedGeometry* posed, int fullWidth,
                    int fullHeight) {
  glm::vec4 model(1e9f, 1e9f, -1e9f, -1e9f);
  for (std::size_t i = 0; i < atlas.structures.size() && i < scene.structures.size(); ++i) {
    if (scene.effectiveOpacity(i) <= 0.f || !atlas.structures[i].mesh) continue;
    const Bounds b = posedBounds(*atlas.structures[i].mesh, posed, i);
    for (int c = 0; c < 8; ++c) {
      glm::vec3 q = projectToPixel(scene.camera, b.corner(c), fullWidth, fullHeight);
      model = {std::min(model.x, q.x), std::min(model.y, q.y), std::max(model.z, q.x), std::max(model.w, q.y)};
    }
  }
  if (model.x > model.z) model = {fullWidth * 0.3f, fullHeight * 0.3f, fullWidth * 0.7f, fullHeight * 0.7f};
  return model;
}

// One label per text (the two sides' regions share names): the one nearer the viewer. It switches only
// when the other one is clearly (1 cm) nearer, so turning the model does not flicker.
std::vector<LabelTarget> oneLabelPerText(const std::vector<LabelTarget>& targets, const Camera& cam) {
  const glm::vec3 eye = cam.position();
  auto depth = [&](const LabelTarget& t) { return glm::length(t.anchor - eye); };
  std::vector<LabelTarget> unique;
  for (const auto& t : targets) {
    auto same = std::find_if(unique.begin(), unique.end(), [&](const LabelTarget& u) { return u.text == t.text && !u.pinned; });
    if (t.pinned || same == unique.end()) unique.push_back(t);
    else if (t.shown && (!same->shown || depth(t) < depth(*same) - 0.01f)) *same = t;
  }
  // Two labels of one text left (one added by hand): both by their full names, so left and right differ.
  for (auto& t : unique)
    for (auto& u : unique)
      if (&t != &u && t.text == u.text && (t.pinned || u.pinned) && !t.fullText.empty() && !u.fullText.empty()) {
        t.text = t.fullText;
        u.text = u.fullText;
      }
  return unique;
}

// What the layout is asked to place, in image pixels: the targets drawn this frame (faded in or out by the
// window's alphas), each with its box size, and the column it was in last frame.
struct Requests {
  std::vector<LabelRequest> list;
  std::vector<std::size_t> target;  // per request: index into the targets
  std::vector<float> alpha;
  std::vector<int> previousSide;
};

Requests labelRequests(const std::vector<LabelTarget>& targets, const Camera& cam, int fullWidth, int fullHeight,
                       const MeasureText& measure, float padding, const AnnotationOptions& options) {
  Requests out;
  for (std::size_t i = 0; i < targets.size(); ++i) {
    const LabelTarget& t = targets[i];
    float alpha = t.shown ? 1.f : 0.f;
    if (options.fade) {
      auto it = options.fade->find(t.key);
      float was = it == options.fade->end() ? 0.f : it->second;
      alpha = alpha > was ? std::min(alpha, was + options.fadeStep) : std::max(alpha, was - options.fadeStep);
      (*options.fade)[t.key] = alpha;
    }
    if (alpha <= 0.01f) continue;
    glm::vec3 p = projectToPixel(cam, t.anchor, fullWidth, fullHeight);
    if (p.z > 1.f || p.z < -1.f) continue;  // behind the camera
    LabelRequest r;
    r.anchor = {p.x, p.y};
    r.size = measure(t.text) + glm::vec2(2.f * padding);
    r.priority = t.priority;
    out.list.push_back(r);
    out.target.push_back(i);
    out.alpha.push_back(alpha);
    int side = 0;
    if (options.sides) {
      auto it = options.sides->find(t.key);
      if (it != options.sides->end()) side = it->second;
    }
    out.previousSide.push_back(side);
  }
  return out;
}

// One entry per region style in use, and the trigger-point marker.
std::vector<LegendEntry> legendEntries(const Atlas& atlas, const SceneState& scene) {
  std::vector<LegendEntry> legend;
  if (!scene.legend) return legend;
  std::vector<int> styles;
  for (int r : scene.activeRegions(atlas)) {
    int s = atlas.regions[std::size_t(r)].style;
    if (!contains(styles, s)) styles.push_back(s);
  }
  std::sort(styles.begin(), styles.end());
  for (int s : styles) {
    const RegionStyle& st = atlas.regionStyles[std::size_t(s)];
    LegendEntry e{st.name, scene.styleColor(atlas, s), st.pattern == RegionStyle::Pattern::Stipple ? LegendEntry::Swatch::Stipple
                                     : st.border ? LegendEntry::Swatch::Bordered : LegendEntry::Swatch::Solid};
    legend.push_back(e);
  }
  if (!scene.activeTriggerPoints(atlas).empty()) legend.push_back({"Trigger point", glm::vec3(0.12f), LegendEntry::Swatch::Marker});
  return legend;
}

bool overLabel(glm::vec4 r, const std::vector<PlacedLabel>& placed) {
  for (const PlacedLabel& l : placed)
    if (r.x < l.boxMax.x && r.z > l.boxMin.x && r.y < l.boxMax.y && r.w > l.boxMin.y) return true;
  return false;
}
}  // namespace

Annotations buildAnnotations(const Atlas& atlas, const SceneState& scene, int fullWidth, int fullHeight,
                             const MeasureText& measure, const AnnotationOptions& options) {
  Annotations a;
  a.fontPx = 16.f * options.scale;
  a.padding = 5.f * options.scale;
  a.lineWidth = std::max(1.f, 1.4f * options.scale);
  const Camera& cam = scene.camera;
  std::vector<LabelTarget> targets = oneLabelPerText(labelTargets(atlas, scene), cam);
  for (auto& t : pinTargets(atlas, scene, options, fullWidth, fullHeight, a.pins)) targets.push_back(std::move(t));
  Requests requests = labelRequests(targets, cam, fullWidth, fullHeight, measure, a.padding, options);

  // Lay out in the usable span (layout coordinates), then move back to image pixels.
  float x0 = options.spanRight > options.spanLeft ? std::max(options.spanLeft, 0.f) : 0.f;
  float x1 = options.spanRight > options.spanLeft ? std::min(options.spanRight, float(fullWidth)) : float(fullWidth);
  float y0 = options.spanBottom > options.spanTop ? std::max(options.spanTop, 0.f) : 0.f;
  float y1 = options.spanBottom > options.spanTop ? std::min(options.spanBottom, float(fullHeight)) : float(fullHeight);
  const glm::vec4 model = modelRect(atlas, scene, options.posed, fullWidth, fullHeight);
  LayoutParams params;
  params.margin = 8.f * options.scale;
  params.gap = 24.f * options.scale;
  params.spacing = 4.f * options.scale;
  glm::vec2 origin(x0, y0);
  auto layoutIn = [&](float top, float bottom) {
    origin = {x0, top};
    params.image = {x1 - x0, bottom - top};
    params.model = model - glm::vec4(origin, origin);
    std::vector<LabelRequest> shifted = requests.list;
    for (auto& r : shifted) r.anchor -= origin;
    return layoutLabels(shifted, params, options.sides ? &requests.previousSide : nullptr);
  };
  std::vector<PlacedLabel> placed = layoutIn(y0, y1);

  a.legend = legendEntries(atlas, scene);
  if (!a.legend.empty()) {
    float w = 0.f;
    for (const auto& e : a.legend) w = std::max(w, measure(e.text).x);
    float row = a.fontPx * 1.5f;
    glm::vec2 size(w + a.fontPx * 1.6f + 3.f * a.padding, row * float(a.legend.size()) + 2.f * a.padding);
    // At most a third of the span's height (large labels in a small window): the labels keep the rest.
    const glm::vec2 room = params.image - glm::vec2(2.f * params.margin);
    const float k = std::max(std::min({1.f, room.x / std::max(size.x, 1.f), room.y / std::max(3.f * size.y, 1.f)}), 0.05f);
    a.legendPx = a.fontPx * k;
    size *= k;
    glm::vec4 legend = placeLegend(params.image, params.model, size, placed, params.margin) + glm::vec4(origin, origin);
    // No place free of labels (large labels in a small window): the labels give up the legend's band along
    // the top or bottom edge and are laid out again below or above it, so no label lies under the legend.
    if (overLabel(legend - glm::vec4(origin, origin), placed)) {
      const bool top = legend.y + legend.w < y0 + y1;
      placed = top ? layoutIn(legend.w + params.spacing - params.margin, y1) : layoutIn(y0, legend.y - params.spacing + params.margin);
    }
    a.legendRect = legend;
  }
  for (const PlacedLabel& p : placed) {  // layout coordinates: add `origin` for image pixels
    const LabelTarget& t = targets[requests.target[std::size_t(p.request)]];
    AnnotationLabel l{t.key,           t.text,           p.lineFrom + origin, p.lineTo + origin,
                      p.boxMin + origin, p.boxMax + origin, t.accent,          requests.alpha[std::size_t(p.request)]};
    a.labels.push_back(l);
    if (options.sides) (*options.sides)[t.key] = p.side;
  }
  return a;
}

}  // namespace psoas
