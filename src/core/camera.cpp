#include "core/camera.hpp"

#include <algorithm>
#include <cmath>

#include <glm/gtc/matrix_transform.hpp>

#include "core/atlas.hpp"

namespace psoas {

float Camera::nearPlane() const { return std::max(distance - sceneRadius * 2.f, distance * 0.02f); }
float Camera::farPlane() const { return distance + sceneRadius * 2.f; }

glm::mat4 Camera::view() const { return glm::lookAt(position(), target, up()); }

glm::mat4 Camera::projection(float aspect) const {
  glm::mat4 p = glm::perspective(fovY, aspect, nearPlane(), farPlane());
  if (shift != glm::vec2(0.f)) p = glm::translate(glm::mat4(1.f), glm::vec3(shift, 0.f)) * p;
  return p;
}

void Camera::orbit(float yaw, float pitch) {
  glm::quat qy = glm::angleAxis(yaw, glm::vec3(0, 1, 0));
  glm::quat qp = glm::angleAxis(pitch, glm::vec3(1, 0, 0));
  orientation = glm::normalize(qy * orientation * qp);
}

void Camera::pan(float dx, float dy) {
  float h = 2.f * distance * std::tan(fovY * 0.5f);
  target = glm::clamp(target + (-right() * dx + up() * dy) * h, -kMaxSceneCoordinate, kMaxSceneCoordinate);
}

void Camera::zoom(float factor) {
  distance = std::clamp(std::clamp(distance / factor, sceneRadius * 0.05f, sceneRadius * 40.f), kMinCameraDistance,
                        kMaxCameraDistance);
}

glm::quat lookOrientation(const glm::vec3& dirToCamera, const glm::vec3& upHint) {
  glm::vec3 back = glm::normalize(dirToCamera);  // camera local +Z
  glm::vec3 right = glm::normalize(glm::cross(upHint, back));
  glm::vec3 up = glm::cross(back, right);
  return glm::normalize(glm::quat_cast(glm::mat3(right, up, back)));
}

Camera fitCamera(const ViewPreset& view, const Bounds& bounds, float aspect, float margin) {
  Camera cam;
  cam.orientation = lookOrientation(view.direction, view.up);
  glm::vec3 c = bounds.empty() ? glm::vec3(0.f) : bounds.center();
  cam.target = c;
  cam.sceneRadius = bounds.empty() ? 1.f : std::max(glm::length(bounds.size()) * 0.5f, 1e-3f);
  // Extent of the box in camera axes; the projected half sizes decide the distance.
  float halfW = 0, halfH = 0, halfD = 0;
  for (int i = 0; i < 8 && !bounds.empty(); ++i) {
    glm::vec3 p((i & 1) ? bounds.max.x : bounds.min.x, (i & 2) ? bounds.max.y : bounds.min.y,
                (i & 4) ? bounds.max.z : bounds.min.z);
    glm::vec3 d = p - c;
    halfW = std::max(halfW, std::abs(glm::dot(d, cam.right())));
    halfH = std::max(halfH, std::abs(glm::dot(d, cam.up())));
    halfD = std::max(halfD, std::abs(glm::dot(d, cam.forward())));
  }
  if (bounds.empty()) halfW = halfH = halfD = 0.5f;
  float t = std::tan(cam.fovY * 0.5f) * (1.f - 2.f * margin);
  cam.distance = std::clamp(std::max(halfH / t, halfW / (t * aspect)) + halfD, kMinCameraDistance, kMaxCameraDistance);
  return cam;
}

float easeInOut(float t) {
  t = std::clamp(t, 0.f, 1.f);
  return t * t * (3.f - 2.f * t);
}

Camera interpolate(const Camera& a, const Camera& b, float t) {
  Camera c = b;
  c.target = glm::mix(a.target, b.target, t);
  c.distance = std::exp(glm::mix(std::log(a.distance), std::log(b.distance), t));
  c.orientation = glm::slerp(a.orientation, b.orientation, t);
  c.sceneRadius = glm::mix(a.sceneRadius, b.sceneRadius, t);
  c.fovY = glm::mix(a.fovY, b.fovY, t);
  c.shift = glm::mix(a.shift, b.shift, t);
  return c;
}

glm::vec3 projectToPixel(const Camera& cam, const glm::vec3& world, int width, int height) {
  glm::vec4 clip = cam.projection(float(width) / float(height)) * cam.view() * glm::vec4(world, 1.f);
  if (clip.w <= 0.f) return {0.f, 0.f, 2.f};
  glm::vec3 ndc = glm::vec3(clip) / clip.w;
  return {(ndc.x * 0.5f + 0.5f) * float(width), (0.5f - ndc.y * 0.5f) * float(height), ndc.z};
}

}  // namespace psoas
