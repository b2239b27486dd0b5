#pragma once
// Orbit camera around a target. Orientation is a quaternion, so the superior and inferior views
// (looking straight along the up axis) have no gimbal problem.
#include <glm/gtc/quaternion.hpp>
#include <glm/mat4x4.hpp>
#include <glm/vec2.hpp>
#include <glm/vec3.hpp>

#include "core/mesh.hpp"

namespace psoas {

struct ViewPreset;

// The extent a scene may have: models reaching beyond kMaxSceneCoordinate are refused when loaded, and the
// view-state reader accepts every camera that fitting or moving within such a scene produces, so a figure's
// embedded state always loads again (one definition for the writer's and the reader's side).
inline constexpr float kMaxSceneCoordinate = 1e10f;
inline constexpr float kMaxCameraDistance = 1e16f;
inline constexpr float kMaxSceneRadius = 1e11f;
inline constexpr float kMinCameraDistance = 1e-6f;

struct Camera {
  glm::vec3 target{0.f};
  float distance = 1.f;
  glm::quat orientation{1, 0, 0, 0};  // camera-to-world rotation; the camera looks along its local -Z
  float fovY = glm::radians(30.f);
  float sceneRadius = 1.f;  // only for the clip planes
  glm::vec2 shift{0.f};     // lens shift in NDC: centres the model in the part of a window not under panels
  bool operator==(const Camera&) const = default;

  glm::vec3 forward() const { return orientation * glm::vec3(0, 0, -1); }
  glm::vec3 up() const { return orientation * glm::vec3(0, 1, 0); }
  glm::vec3 right() const { return orientation * glm::vec3(1, 0, 0); }
  glm::vec3 position() const { return target - forward() * distance; }
  float nearPlane() const;
  float farPlane() const;
  glm::mat4 view() const;
  glm::mat4 projection(float aspect) const;

  // Turntable: yaw about the world up axis, pitch about the camera's right axis (radians).
  void orbit(float yaw, float pitch);
  // Moves the target in the view plane; dx, dy in fractions of the viewport height.
  void pan(float dx, float dy);
  // factor > 1 moves closer.
  void zoom(float factor);
};

glm::quat lookOrientation(const glm::vec3& directionToCamera, const glm::vec3& up);

// A camera looking along the preset that fits `bounds` into a viewport of the given aspect with a margin.
Camera fitCamera(const ViewPreset& view, const Bounds& bounds, float aspect, float margin = 0.06f);

// Smooth transition between two cameras, t in [0, 1] (eased by the caller or not).
Camera interpolate(const Camera& a, const Camera& b, float t);
float easeInOut(float t);

// World point to pixel coordinates (origin top left, y down) for a viewport of width x height.
// z is the NDC depth; points behind the camera get z > 1.
glm::vec3 projectToPixel(const Camera& cam, const glm::vec3& world, int width, int height);

}  // namespace psoas
