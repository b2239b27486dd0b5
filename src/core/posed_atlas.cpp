#include "core/posed_atlas.hpp"

#include <algorithm>
#include <cmath>

#include <glm/geometric.hpp>

#include "core/parallel.hpp"
#include "core/point_tree.hpp"

namespace psoas {

namespace {

// Points of the rigid bones, per segment in a k-d tree, to find the segments nearest a vertex of the envelope.
class BoneSamples {
 public:
  explicit BoneSamples(const Atlas& rest) {
    const std::size_t segments = rest.motion.skeleton.segments.size();
    std::vector<std::vector<glm::vec3>> per(segments);
    std::vector<glm::vec3> all;
    bounds_.resize(segments);
    for (std::size_t i = 0; i < rest.structures.size(); ++i) {
      const Structure& s = rest.structures[i];
      int seg = rest.motion.skeleton.findSegment(s.segment);
      if (seg < 0 || !s.mesh || s.skinned || s.blendAlong || isMuscle(rest, int(i))) continue;
      const auto& pos = s.mesh->positions;
      // 500 points a bone are plenty for weights that vary over centimetres.
      std::size_t step = std::max<std::size_t>(1, pos.size() / 500);
      for (std::size_t v = 0; v < pos.size(); v += step) {
        per[std::size_t(seg)].push_back(pos[v]);
        bounds_[std::size_t(seg)].add(pos[v]);
        all.push_back(pos[v]);
      }
    }
    all_ = PointTree(all);
    for (auto& pts : per) trees_.emplace_back(pts);
  }

  bool empty() const { return all_.empty(); }

  // Up to three segments within 4 cm beyond the nearest point, with their nearest distances, nearest first.
  void nearestSegments(const glm::vec3& p, std::vector<std::pair<float, int>>& out) const {
    out.clear();
    float best = 0.f;
    all_.nearest(p, &best);
    float reach = std::sqrt(best) + 0.04f;
    for (std::size_t seg = 0; seg < trees_.size(); ++seg) {
      const Bounds& b = bounds_[seg];
      if (b.empty()) continue;
      glm::vec3 gap = p - glm::clamp(p, b.min, b.max);
      if (glm::dot(gap, gap) >= reach * reach) continue;  // no point of it can be within reach
      float d2 = 0.f;
      if (trees_[seg].nearest(p, &d2, reach * reach) != PointTree::kNone) out.push_back({std::sqrt(d2), int(seg)});
    }
    std::sort(out.begin(), out.end());
    if (out.size() > 3) out.resize(3);
  }

 private:
  static bool isMuscle(const Atlas& a, int structure) {
    for (const auto& m : a.motion.muscles)
      if (m.structure == structure) return true;
    return false;
  }
  PointTree all_;
  std::vector<PointTree> trees_;  // per segment
  std::vector<Bounds> bounds_;    // per segment
};

PoseRig::Weights skinWeights(const Mesh& mesh, const BoneSamples& bones) {
  PoseRig::Weights w;
  w.segments.resize(mesh.positions.size(), glm::ivec3(0));
  w.weights.resize(mesh.positions.size(), glm::vec3(1, 0, 0));
  forEachParallel(mesh.positions.size(), [&](std::size_t v) {
    thread_local std::vector<std::pair<float, int>> near;
    bones.nearestSegments(mesh.positions[v], near);
    if (near.empty()) return;
    // Inverse fourth powers of the distance: a vertex goes with its nearest bone, blending with the next
    // one only where both are about as near (around a joint), so the envelope bends smoothly there.
    glm::vec3 wt(0.f);
    float sum = 0.f;
    for (std::size_t k = 0; k < near.size(); ++k) {
      float d = std::max(near[k].first, 0.005f);
      wt[int(k)] = 1.f / (d * d * d * d);
      w.segments[v][int(k)] = near[k].second;
      sum += wt[int(k)];
    }
    w.weights[v] = wt / sum;
  });
  return w;
}

Mesh transformed(const Mesh& rest, const glm::mat4& m) {
  // Positions and normals made in place rather than copied and then overwritten (every bone's vertices).
  Mesh out;
  out.indices = rest.indices;
  out.closed = rest.closed;
  out.positions.reserve(rest.positions.size());
  out.normals.reserve(rest.normals.size());
  glm::mat3 r(m);
  for (const glm::vec3& p : rest.positions) out.positions.push_back(glm::vec3(m * glm::vec4(p, 1.f)));
  for (const glm::vec3& n : rest.normals) out.normals.push_back(glm::normalize(r * n));
  out.computeBounds();
  return out;
}

}  // namespace

Mesh skinnedMesh(const Mesh& rest, const PoseRig::Weights& w, const std::vector<glm::mat4>& segs) {
  Mesh out = rest;
  for (std::size_t i = 0; i < out.positions.size(); ++i) {
    glm::mat4 m(0.f);
    for (int k = 0; k < 3; ++k) m += segs[std::size_t(w.segments[i][k])] * w.weights[i][k];
    out.positions[i] = glm::vec3(m * glm::vec4(rest.positions[i], 1.f));
    glm::vec3 n = glm::mat3(m) * rest.normals[i];
    float len = glm::length(n);
    out.normals[i] = len > 0.f ? n / len : rest.normals[i];
  }
  out.computeBounds();
  return out;
}

namespace {

// Where a point attached to structure `s` goes: with a rigid structure, by its transform; on a deformed
// or skinned surface, with the nearest vertex (so an area painted on the envelope stays on it).
glm::vec3 movePoint(const Atlas& rest, const Atlas& posed, const std::vector<glm::mat4>& transforms,
                    const std::vector<bool>& followVertices, int s, const glm::vec3& p) {
  const Mesh* before = rest.structures[std::size_t(s)].mesh.get();
  const Mesh* after = posed.structures[std::size_t(s)].mesh.get();
  if (!followVertices[std::size_t(s)] || !before || !after || before->positions.size() != after->positions.size())
    return glm::vec3(transforms[std::size_t(s)] * glm::vec4(p, 1.f));
  std::size_t best = 0;
  float bestD = 1e30f;
  for (std::size_t v = 0; v < before->positions.size(); ++v) {
    glm::vec3 d = before->positions[v] - p;
    float d2 = glm::dot(d, d);
    if (d2 < bestD) {
      bestD = d2;
      best = v;
    }
  }
  return after->positions[best] + (p - before->positions[best]);
}

// The structure among `on` whose rest bounds are nearest `p` (zero inside): what a shape point moves with.
int nearestOf(const Atlas& rest, const std::vector<int>& on, const glm::vec3& p) {
  int best = on.empty() ? -1 : on.front();
  float bestD = 1e30f;
  for (int s : on) {
    const auto& mesh = rest.structures[std::size_t(s)].mesh;
    if (!mesh) continue;
    glm::vec3 q = glm::clamp(p, mesh->bounds.min, mesh->bounds.max);
    float d = glm::length(q - p);
    if (d < bestD) {
      bestD = d;
      best = s;
    }
  }
  return best;
}

}  // namespace

Pose effectivePose(const MotionData& motion, const Pose& pose) {
  if (!pose.joints.empty() || pose.preset.empty()) return pose;
  const PosePreset* p = motion.findPose(pose.preset);
  return p ? p->pose : pose;
}

PoseRig buildPoseRig(const Atlas& rest, RigUse use) {
  PoseRig rig;
  if (rest.motion.skeleton.empty()) return rig;
  rig.muscles = bindAtlasMuscles(rest);
  rig.skins.resize(rest.structures.size());
  rig.contact = std::make_shared<const BoneContact>(rest);
  rig.contacts.resize(rest.structures.size());
  // Many frames: every bone's search data and every vertex's distances at rest now, so that a frame only
  // looks them up. One pose: only what it reaches, when it reaches it (the same result).
  if (use == RigUse::ManyPoses) rig.contact->prepare();
  auto contactOf = [&](const Mesh& mesh, float clearance) {
    return use == RigUse::ManyPoses ? rig.contact->bind(mesh, clearance) : rig.contact->unbound(clearance);
  };
  // Muscles may touch the bones they lie on; the envelope keeps a millimetre of skin over them.
  for (const MuscleBinding& b : rig.muscles) {
    std::size_t s = std::size_t(rest.motion.muscles[std::size_t(b.path)].structure);
    rig.contacts[s] = contactOf(*rest.structures[s].mesh, 0.f);
  }
  for (std::size_t i = 0; i < rest.structures.size(); ++i)
    if (rest.structures[i].skinned && rest.structures[i].mesh) rig.contacts[i] = contactOf(*rest.structures[i].mesh, 0.001f);
  BoneSamples bones(rest);
  if (bones.empty()) return rig;
  for (std::size_t i = 0; i < rest.structures.size(); ++i)
    if (rest.structures[i].skinned && rest.structures[i].mesh) rig.skins[i] = skinWeights(*rest.structures[i].mesh, bones);
  return rig;
}

std::vector<std::shared_ptr<const Mesh>> posedSurfaces(const Atlas& rest, const PoseRig& rig,
                                                       const std::vector<glm::mat4>& segs) {
  const std::size_t n = rest.structures.size();
  std::vector<std::shared_ptr<const Mesh>> out(n);
  std::vector<glm::mat4> transforms(n);
  for (std::size_t i = 0; i < n; ++i) transforms[i] = structureTransform(rest, segs, int(i));
  auto keepOut = [&](std::size_t s, Mesh m, BoneContact::Push push) {
    if (rig.contact && s < rig.contacts.size() && rig.contacts[s])
      rig.contact->resolve(m, *rest.structures[s].mesh, *rig.contacts[s], transforms, push);
    return std::make_shared<const Mesh>(std::move(m));
  };
  // Each structure is posed on its own, so they are posed in parallel; the envelope, the largest, first.
  std::vector<const MuscleBinding*> muscleOf(n, nullptr);
  for (const MuscleBinding& b : rig.muscles) muscleOf[std::size_t(rest.motion.muscles[std::size_t(b.path)].structure)] = &b;
  auto skinned = [&](std::size_t i) { return i < rig.skins.size() && !rig.skins[i].segments.empty(); };
  std::vector<std::size_t> jobs;
  for (std::size_t i = 0; i < n; ++i)
    if (rest.structures[i].mesh && (muscleOf[i] || rest.structures[i].blendAlong || skinned(i))) jobs.push_back(i);
  std::stable_partition(jobs.begin(), jobs.end(), [&](std::size_t i) { return !muscleOf[i] && skinned(i); });
  forEachParallel(jobs.size(), [&](std::size_t k) {
    const std::size_t i = jobs[k];
    const Mesh& mesh = *rest.structures[i].mesh;
    if (muscleOf[i]) out[i] = keepOut(i, deformMuscle(rest.motion, *muscleOf[i], mesh, segs), BoneContact::Push::AlongBoneNormal);
    else if (rest.structures[i].blendAlong) out[i] = std::make_shared<const Mesh>(blendedMesh(rest, segs, int(i), mesh));
    else out[i] = keepOut(i, skinnedMesh(mesh, rig.skins[i], segs), BoneContact::Push::AlongVertexNormal);
  });
  return out;
}

Atlas posedAtlas(const Atlas& rest, const PoseRig& rig, const Pose& pose, PosedAnchors anchors) {
  validatePose(rest.motion.skeleton, pose);
  if (pose.isStanding() || rest.motion.skeleton.empty()) return rest;
  auto segs = segmentTransforms(rest.motion.skeleton, pose);
  auto deformed = posedSurfaces(rest, rig, segs);
  std::vector<glm::mat4> transforms;
  std::vector<bool> follow(rest.structures.size(), false);  // deformed or skinned: points follow vertices
  Atlas posed = rest;
  for (std::size_t i = 0; i < rest.structures.size(); ++i) {
    transforms.push_back(structureTransform(rest, segs, int(i)));
    Structure& s = posed.structures[i];
    if (!s.mesh) continue;
    follow[i] = bool(deformed[i]);
    if (deformed[i]) s.mesh = deformed[i];
    else if (transforms.back() != glm::mat4(1.f)) s.mesh = std::make_shared<const Mesh>(transformed(*s.mesh, transforms.back()));
  }
  posed.landmarks = rest.landmarks;
  auto lm = posedLandmarks(rest, pose);
  for (std::size_t i = 0; i < lm.size() && i < posed.landmarks.size(); ++i) posed.landmarks[i].position = lm[i];
  for (Region& r : posed.regions)
    for (Shape& sh : r.shapes) {
      int sa = nearestOf(rest, r.on, sh.a), sb = nearestOf(rest, r.on, sh.b);
      if (sa >= 0) sh.a = movePoint(rest, posed, transforms, follow, sa, sh.a);
      if (sb >= 0) sh.b = movePoint(rest, posed, transforms, follow, sb, sh.b);
      if (int sf = nearestOf(rest, r.on, sh.facing); sf >= 0 && sh.facingCos >= -1.f)
        sh.facing = movePoint(rest, posed, transforms, follow, sf, sh.facing);
    }
  for (TriggerPoint& t : posed.triggerPoints)
    if (t.structure >= 0) t.position = movePoint(rest, posed, transforms, follow, t.structure, t.position);
  if (anchors == PosedAnchors::Found) {
    computeAnchors(posed);
    return posed;
  }
  for (std::size_t i = 0; i < posed.structures.size(); ++i)
    posed.structures[i].labelAnchor = movePoint(rest, posed, transforms, follow, int(i), rest.structures[i].labelAnchor);
  for (Region& r : posed.regions)
    if (int s = nearestOf(rest, r.on, r.anchor); s >= 0) r.anchor = movePoint(rest, posed, transforms, follow, s, r.anchor);
  return posed;
}

}  // namespace psoas
