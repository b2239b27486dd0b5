#include "core/kinematics.hpp"

#include <cmath>
#include <algorithm>
#include <cstdio>

#include <glm/geometric.hpp>
#include <glm/gtc/matrix_transform.hpp>
#include <glm/gtc/quaternion.hpp>

#include "core/atlas.hpp"
#include "core/errors.hpp"
#include "core/file_util.hpp"

namespace psoas {

namespace {
std::string fmtDeg(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}
}  // namespace

int Skeleton::findSegment(std::string_view id) const {
  for (std::size_t i = 0; i < segments.size(); ++i)
    if (segments[i].id == id) return int(i);
  return -1;
}

int Skeleton::findCoordinate(std::string_view id) const {
  for (std::size_t i = 0; i < coordinates.size(); ++i)
    if (coordinates[i].id == id) return int(i);
  return -1;
}

std::string Skeleton::coordinateIds() const {
  std::string s;
  for (const auto& c : coordinates) s += (s.empty() ? "" : ", ") + c.id;
  return s.empty() ? "none: this atlas has no skeleton" : s;
}

double Pose::angle(const std::string& id) const {
  auto it = joints.find(id);
  return it == joints.end() ? 0.0 : it->second;
}

bool Pose::isStanding() const {
  for (const auto& [id, v] : joints)
    if (v != 0.0) return false;
  return true;
}

void validatePose(const Skeleton& skeleton, const Pose& pose) {
  for (const auto& [id, deg] : pose.joints) {
    int c = skeleton.findCoordinate(id);
    if (c < 0) throw UsageError("unknown joint " + quoteValue(id) + " (joints: " + skeleton.coordinateIds() + ")");
    const Coordinate& co = skeleton.coordinates[std::size_t(c)];
    if (!std::isfinite(deg) || deg < co.minDeg || deg > co.maxDeg)
      throw UsageError("joint " + id + " = " + fmtDeg(deg) + " deg is outside its range " + fmtDeg(co.minDeg) +
                       ".." + fmtDeg(co.maxDeg) + " deg");
  }
}

std::vector<double> coordinateValues(const Skeleton& skeleton, const Pose& pose) {
  validatePose(skeleton, pose);
  std::vector<double> v(skeleton.coordinates.size(), 0.0);
  for (std::size_t i = 0; i < v.size(); ++i) v[i] = pose.angle(skeleton.coordinates[i].id);
  return v;
}

std::vector<glm::mat4> segmentTransforms(const Skeleton& skeleton, const Pose& pose) {
  return segmentTransforms(skeleton, coordinateValues(skeleton, pose));
}

std::vector<glm::mat4> segmentTransforms(const Skeleton& skeleton, const std::vector<double>& valuesDeg) {
  std::vector<glm::mat4> world(skeleton.segments.size(), glm::mat4(1.f));
  for (std::size_t i = 0; i < skeleton.segments.size(); ++i) {
    const Segment& seg = skeleton.segments[i];
    glm::mat4 local(1.f);
    if (seg.joint >= 0) {
      const Joint& j = skeleton.joints[std::size_t(seg.joint)];
      // Rotations about the joint centre; each later dof turns about its axis as carried by the earlier
      // ones (a body-fixed sequence, as OpenSim's CustomJoint applies rotation1, 2, 3).
      glm::mat4 r(1.f);
      for (const JointDof& d : j.dofs) {
        double deg = valuesDeg[std::size_t(d.coordinate)] * d.ratio;
        if (deg != 0.0) r = glm::rotate(r, float(glm::radians(deg)), d.axis);
      }
      local = glm::translate(glm::mat4(1.f), j.centre) * r * glm::translate(glm::mat4(1.f), -j.centre);
    }
    world[i] = seg.parent >= 0 ? world[std::size_t(seg.parent)] * local : local;
  }
  return world;
}

glm::mat4 structureTransform(const Atlas& atlas, const std::vector<glm::mat4>& segments, int structure) {
  const Structure& s = atlas.structures[std::size_t(structure)];
  int a = atlas.motion.skeleton.findSegment(s.segment);
  if (a < 0 || std::size_t(a) >= segments.size()) return glm::mat4(1.f);
  const glm::mat4& ma = segments[std::size_t(a)];
  int b = atlas.motion.skeleton.findSegment(s.blendSegment);
  if (b < 0 || s.blendWeight <= 0.f) return ma;
  const glm::mat4& mb = segments[std::size_t(b)];
  // Rigid blend: slerp the rotations, mix where the structure's own reference point goes. The point is
  // the blend joint's centre when there is one (a disc's centre), so the disc turns about itself.
  glm::quat qa = glm::quat_cast(glm::mat3(ma)), qb = glm::quat_cast(glm::mat3(mb));
  glm::quat q = glm::slerp(qa, qb, s.blendWeight);
  glm::vec3 ref = s.blendCentre;
  glm::vec3 pa = glm::vec3(ma * glm::vec4(ref, 1.f)), pb = glm::vec3(mb * glm::vec4(ref, 1.f));
  glm::vec3 p = pa + (pb - pa) * s.blendWeight;
  glm::mat4 m = glm::mat4_cast(q);
  m[3] = glm::vec4(p - glm::mat3(m) * ref, 1.f);
  return m;
}

Mesh blendedMesh(const Atlas& atlas, const std::vector<glm::mat4>& segments, int structure, const Mesh& rest) {
  const Structure& s = atlas.structures[std::size_t(structure)];
  const Skeleton& sk = atlas.motion.skeleton;
  int a = sk.findSegment(s.segment), b = sk.findSegment(s.blendSegment);
  Mesh out = rest;
  if (a < 0 || b < 0 || !s.blendAlong || rest.positions.empty()) return out;
  const glm::mat4 &ma = segments[std::size_t(a)], &mb = segments[std::size_t(b)];
  glm::vec3 dir = s.blendTo - s.blendFrom;
  dir /= glm::dot(dir, dir);
  // The mesh's own extent along the axis: its lower face goes with `segment`, its upper with the other.
  float lo = 1e30f, hi = -1e30f;
  for (const glm::vec3& p : rest.positions) {
    float t = glm::dot(p - s.blendFrom, dir);
    lo = std::min(lo, t);
    hi = std::max(hi, t);
  }
  float span = std::max(hi - lo, 1e-6f);
  glm::mat3 ra(ma), rb(mb);
  for (std::size_t i = 0; i < rest.positions.size(); ++i) {
    float w = std::clamp((glm::dot(rest.positions[i] - s.blendFrom, dir) - lo) / span, 0.f, 1.f);
    glm::vec4 p(rest.positions[i], 1.f);
    out.positions[i] = glm::vec3(ma * p) * (1.f - w) + glm::vec3(mb * p) * w;
    glm::vec3 n = (ra * rest.normals[i]) * (1.f - w) + (rb * rest.normals[i]) * w;
    float len = glm::length(n);
    out.normals[i] = len > 0.f ? n / len : rest.normals[i];
  }
  out.computeBounds();
  return out;
}

std::vector<glm::mat4> structureTransforms(const Atlas& atlas, const Pose& pose) {
  auto segs = segmentTransforms(atlas.motion.skeleton, pose);
  std::vector<glm::mat4> out;
  out.reserve(atlas.structures.size());
  for (std::size_t i = 0; i < atlas.structures.size(); ++i) out.push_back(structureTransform(atlas, segs, int(i)));
  return out;
}

std::vector<glm::vec3> posedLandmarks(const Atlas& atlas, const Pose& pose) {
  auto segs = segmentTransforms(atlas.motion.skeleton, pose);
  std::vector<glm::vec3> out;
  out.reserve(atlas.landmarks.size());
  for (const Landmark& l : atlas.landmarks) {
    int s = atlas.motion.skeleton.findSegment(l.segment);
    out.push_back(s < 0 ? l.position : glm::vec3(segs[std::size_t(s)] * glm::vec4(l.position, 1.f)));
  }
  return out;
}

}  // namespace psoas
