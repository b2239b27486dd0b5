#include "core/posed_scene.hpp"

#include <glm/geometric.hpp>

#include "core/muscle_deform.hpp"

namespace psoas {

namespace {
std::size_t nearestVertex(const Mesh& m, const glm::vec3& p) {
  std::size_t best = 0;
  float bestD = 1e30f;
  for (std::size_t v = 0; v < m.positions.size(); ++v) {
    glm::vec3 d = m.positions[v] - p;
    float d2 = glm::dot(d, d);
    if (d2 < bestD) {
      bestD = d2;
      best = v;
    }
  }
  return best;
}
}  // namespace

PosedScene::PosedScene(const Atlas& rest, std::shared_ptr<const PoseRig> rig)
    : rest_(&rest), rig_(std::move(rig)), view_(rest) {
  const std::size_t n = rest.structures.size();
  geometry_.model.assign(n, glm::mat4(1.f));
  geometry_.deformed.assign(n, nullptr);
  geometry_.restRegions = &rest.regions;
  deformed_.resize(n);
  // Which structures get new vertices in a pose: the same ones posedAtlas() deforms or skins.
  deforms_.assign(n, false);
  for (const MuscleBinding& b : rig_->muscles) deforms_[std::size_t(rest.motion.muscles[std::size_t(b.path)].structure)] = true;
  for (std::size_t i = 0; i < n; ++i) {
    if (rest.structures[i].blendAlong) deforms_[i] = true;
    if (i < rig_->skins.size() && !rig_->skins[i].segments.empty()) deforms_[i] = true;
    if (!rest.structures[i].mesh) deforms_[i] = false;
  }
  for (const Region& r : rest.regions) {
    auto& row = shapes_.emplace_back();
    // The facing point lies in the muscle but turns with the bone the shape is on, as the surface's normals do.
    for (const Shape& sh : r.shapes) row.push_back({follow(r.on, sh.a), follow(r.on, sh.b), follow(r.on, sh.facing)});
    regionAnchors_.push_back(follow(r.on, r.anchor));
  }
  for (const TriggerPoint& t : rest.triggerPoints)
    triggers_.push_back(t.structure >= 0 ? follow({t.structure}, t.position) : Follow{-1, -1, t.position});
  for (std::size_t i = 0; i < n; ++i) labelAnchors_.push_back(follow({int(i)}, rest.structures[i].labelAnchor));
}

PosedScene::Follow PosedScene::follow(const std::vector<int>& candidates, const glm::vec3& p) const {
  // The structure whose rest bounds are nearest (as posedAtlas() chooses), then its nearest vertex.
  Follow f{-1, -1, p};
  float bestD = 1e30f;
  for (int s : candidates) {
    const auto& mesh = rest_->structures[std::size_t(s)].mesh;
    if (!mesh) continue;
    float d = glm::length(glm::clamp(p, mesh->bounds.min, mesh->bounds.max) - p);
    if (d < bestD) {
      bestD = d;
      f.structure = s;
    }
  }
  if (f.structure >= 0 && deforms_[std::size_t(f.structure)])
    f.vertex = int(nearestVertex(*rest_->structures[std::size_t(f.structure)].mesh, p));
  return f;
}

glm::vec3 PosedScene::place(const Follow& f) const {
  if (f.structure < 0) return f.rest;
  const std::size_t s = std::size_t(f.structure);
  const Mesh* now = geometry_.deformed[s];
  if (f.vertex >= 0 && now) {
    const Mesh& before = *rest_->structures[s].mesh;
    return now->positions[std::size_t(f.vertex)] + (f.rest - before.positions[std::size_t(f.vertex)]);
  }
  return glm::vec3(geometry_.model[s] * glm::vec4(f.rest, 1.f));
}

void PosedScene::update(const Pose& pose) {
  const Atlas& rest = *rest_;
  validatePose(rest.motion.skeleton, pose);
  pose_ = pose;
  const std::size_t n = rest.structures.size();
  if (rest.motion.skeleton.empty()) return;
  auto segs = segmentTransforms(rest.motion.skeleton, pose);
  const bool standing = pose.isStanding();
  // Standing: the rest meshes as they are (nothing to upload), exactly as posedAtlas() gives them back.
  if (standing) deformed_.assign(n, nullptr);
  else deformed_ = posedSurfaces(rest, *rig_, segs);
  for (std::size_t i = 0; i < n; ++i) {
    geometry_.model[i] = standing ? glm::mat4(1.f) : structureTransform(rest, segs, int(i));
    if (deformed_[i]) geometry_.model[i] = glm::mat4(1.f);  // deformed vertices are already posed
    geometry_.deformed[i] = deformed_[i].get();
  }
  auto lm = posedLandmarks(rest, pose);
  for (std::size_t i = 0; i < lm.size() && i < view_.landmarks.size(); ++i) view_.landmarks[i].position = lm[i];
  for (std::size_t r = 0; r < view_.regions.size(); ++r) {
    Region& reg = view_.regions[r];
    for (std::size_t k = 0; k < reg.shapes.size(); ++k) {
      reg.shapes[k].a = place(shapes_[r][k].a);
      reg.shapes[k].b = place(shapes_[r][k].b);
      reg.shapes[k].facing = place(shapes_[r][k].facing);
    }
    reg.anchor = place(regionAnchors_[r]);
  }
  for (std::size_t t = 0; t < view_.triggerPoints.size(); ++t) view_.triggerPoints[t].position = place(triggers_[t]);
  for (std::size_t i = 0; i < n; ++i) view_.structures[i].labelAnchor = place(labelAnchors_[i]);
}

Bounds PosedScene::visibleBounds(const SceneState& state) const {
  Bounds all, shown;
  for (std::size_t i = 0; i < rest_->structures.size(); ++i) {
    const auto& mesh = rest_->structures[i].mesh;
    if (!mesh) continue;
    const Bounds b = posedBounds(*mesh, &geometry_, i);
    all.add(b);
    if (i < state.structures.size() && state.structures[i].visible && state.structures[i].opacity > 0.f) shown.add(b);
  }
  return shown.empty() ? all : shown;
}

Mesh PosedScene::posedMesh(std::size_t i) const {
  if (geometry_.deformed[i]) return *geometry_.deformed[i];
  Mesh m = *rest_->structures[i].mesh;
  glm::mat3 r(geometry_.model[i]);
  for (std::size_t v = 0; v < m.positions.size(); ++v) {
    m.positions[v] = glm::vec3(geometry_.model[i] * glm::vec4(m.positions[v], 1.f));
    m.normals[v] = glm::normalize(r * m.normals[v]);
  }
  m.computeBounds();
  return m;
}

}  // namespace psoas
