#include "core/pins.hpp"

#include <cmath>

#include <glm/geometric.hpp>
#include <glm/mat4x4.hpp>
#include <glm/matrix.hpp>

#include "core/atlas.hpp"
#include "core/camera.hpp"
#include "core/frame_plan.hpp"

namespace psoas {

namespace {
// The surface structure `i` is drawn with: its deformed vertices or its mesh, placed by its model transform
// (as DrawItem::geometry() and DrawItem::model).
struct Surface {
  const Mesh* mesh = nullptr;
  glm::mat4 model{1.f};
};

Surface surfaceOf(const Atlas& atlas, const PosedGeometry* posed, int structure) {
  Surface s;
  if (structure < 0 || std::size_t(structure) >= atlas.structures.size()) return s;
  const auto i = std::size_t(structure);
  s.mesh = atlas.structures[i].mesh.get();
  if (posed && i < posed->deformed.size() && posed->deformed[i]) s.mesh = posed->deformed[i];
  if (posed && i < posed->model.size()) s.model = posed->model[i];
  return s;
}

bool triangleOk(const Mesh* m, int triangle) {
  return m && triangle >= 0 && std::size_t(triangle) < m->triangleCount();
}

// Barycentric coordinates of q (in the plane of abc) relative to a, b, c.
glm::vec3 barycentric(const glm::vec3& q, const glm::vec3& a, const glm::vec3& b, const glm::vec3& c) {
  glm::vec3 v0 = b - a, v1 = c - a, v2 = q - a;
  float d00 = glm::dot(v0, v0), d01 = glm::dot(v0, v1), d11 = glm::dot(v1, v1);
  float d20 = glm::dot(v2, v0), d21 = glm::dot(v2, v1);
  float den = d00 * d11 - d01 * d01;
  if (std::abs(den) < 1e-30f) return {1.f, 0.f, 0.f};  // a degenerate triangle: its first corner
  float v = (d11 * d20 - d01 * d21) / den, w = (d00 * d21 - d01 * d20) / den;
  return {1.f - v - w, v, w};
}

glm::vec3 corner(const Mesh& m, int triangle, int k) { return m.positions[m.indices[std::size_t(triangle) * 3 + std::size_t(k)]]; }
}  // namespace

std::optional<PinPlace> placePin(const Atlas& atlas, const PosedGeometry* posed, const Pin& pin) {
  Surface s = surfaceOf(atlas, posed, pin.structure);
  if (!triangleOk(s.mesh, pin.triangle)) return std::nullopt;
  glm::vec3 a = corner(*s.mesh, pin.triangle, 0), b = corner(*s.mesh, pin.triangle, 1), c = corner(*s.mesh, pin.triangle, 2);
  PinPlace p;
  p.position = glm::vec3(s.model * glm::vec4(a * pin.bary.x + b * pin.bary.y + c * pin.bary.z, 1.f));
  glm::vec3 n = glm::cross(b - a, c - a);
  if (glm::length(n) > 1e-20f) p.normal = glm::normalize(glm::mat3(s.model) * n);
  return p;
}

std::optional<Pin> pinNear(const Atlas& atlas, const PosedGeometry* posed, int structure, const glm::vec3& point,
                           float* distance) {
  Surface s = surfaceOf(atlas, posed, structure);
  if (!s.mesh || s.mesh->triangleCount() == 0) return std::nullopt;
  // In the mesh's own frame (a bone's model transform is rigid: distances are the same there).
  const glm::vec3 p = glm::vec3(glm::inverse(s.model) * glm::vec4(point, 1.f));
  Pin pin;
  pin.structure = structure;
  float best = 1e30f;
  glm::vec3 at(0.f);
  for (std::size_t t = 0; t < s.mesh->triangleCount(); ++t) {
    glm::vec3 q = closestOnTriangle(p, corner(*s.mesh, int(t), 0), corner(*s.mesh, int(t), 1), corner(*s.mesh, int(t), 2));
    glm::vec3 d = q - p;
    float d2 = glm::dot(d, d);
    if (d2 < best) { best = d2; pin.triangle = int(t); at = q; }
  }
  pin.bary = barycentric(at, corner(*s.mesh, pin.triangle, 0), corner(*s.mesh, pin.triangle, 1), corner(*s.mesh, pin.triangle, 2));
  if (distance) *distance = std::sqrt(best);
  return pin;
}

glm::vec3 pinRestPoint(const Atlas& atlas, const Pin& pin) {
  auto p = placePin(atlas, nullptr, pin);
  return p ? p->position : glm::vec3(0.f);
}

int pinAtPixel(const Atlas& atlas, const PosedGeometry* posed, const SceneState& scene, int width, int height,
               glm::vec2 pixel, float radiusPx) {
  int found = -1;
  float best = radiusPx;
  for (std::size_t k = 0; k < scene.pins.size(); ++k) {
    const Pin& pin = scene.pins[k];
    if (pin.structure < 0 || std::size_t(pin.structure) >= scene.structures.size() ||
        scene.effectiveOpacity(std::size_t(pin.structure)) <= 0.f)
      continue;
    auto place = placePin(atlas, posed, pin);
    if (!place) continue;
    glm::vec3 q = projectToPixel(scene.camera, place->position, width, height);
    float d = glm::length(glm::vec2(q) - pixel);
    if (q.z < 1.f && d < best) { best = d; found = int(k); }
  }
  return found;
}

std::string cleanPinText(const std::string& text) {
  std::string out;
  for (unsigned char ch : text) out += (ch < 0x20 || ch == 0x7f) ? ' ' : char(ch);
  if (out.size() > kMaxPinText) {
    std::size_t cut = kMaxPinText;
    // Back to the first byte of a UTF-8 character (continuation bytes are 10xxxxxx).
    while (cut > 0 && (static_cast<unsigned char>(out[cut]) & 0xC0) == 0x80) --cut;
    out.resize(cut);
  }
  return out;
}

namespace {
// Distance in front of the eye of a point at depth `ndcZ` (-1 near .. 1 far): it depends on z alone, whatever
// the lens shift or the tile's part of the image.
float eyeDistance(const glm::mat4& proj, float ndcZ) {
  glm::vec4 e = glm::inverse(proj) * glm::vec4(0.f, 0.f, ndcZ, 1.f);
  return -e.z / e.w;
}
}  // namespace

bool pinBehindScene(const glm::mat4& proj, float pinNdcZ, float sceneDepth, float tolerance) {
  if (sceneDepth >= 1.f) return false;  // background: nothing drawn there
  return eyeDistance(proj, sceneDepth * 2.f - 1.f) < eyeDistance(proj, pinNdcZ) - tolerance;
}

}  // namespace psoas
