// Camera math: anatomical views look the right way, fitting keeps the model in frame, motions behave.
#include <doctest/doctest.h>

#include <glm/geometric.hpp>

#include "core/atlas.hpp"
#include "core/camera.hpp"
#include "core/view_state.hpp"
#include "core/errors.hpp"

using namespace psoas;

namespace {
Bounds unitBox() {
  Bounds b;
  b.add(glm::vec3(-0.2f, -0.5f, -0.1f));
  b.add(glm::vec3(0.2f, 0.5f, 0.1f));
  return b;
}
const ViewPreset& view(const char* id) {
  static auto views = standardViews();
  for (auto& v : views)
    if (v.id == id) return v;
  throw std::runtime_error("no view");
}
}  // namespace

TEST_CASE("anterior view: the patient's left is on the right of the screen, head up") {
  Camera c = fitCamera(view("anterior"), unitBox(), 4.f / 3.f);
  glm::vec3 left = projectToPixel(c, {0.15f, 0, 0}, 800, 600);
  glm::vec3 up = projectToPixel(c, {0, 0.4f, 0}, 800, 600);
  CHECK(left.x > 400.f);
  CHECK(up.y < 300.f);
  CHECK(c.position().z > 0.5f);  // camera in front (+Z anterior)
}

TEST_CASE("each standard view looks along minus its direction with its up vector") {
  for (const auto& v : standardViews()) {
    INFO(v.id);
    Camera c = fitCamera(v, unitBox(), 1.f);
    CHECK(glm::dot(c.forward(), -v.direction) == doctest::Approx(1.f).epsilon(1e-4));
    glm::vec3 expectedUp = glm::normalize(v.up - glm::dot(v.up, v.direction) * v.direction);
    CHECK(glm::dot(c.up(), expectedUp) == doctest::Approx(1.f).epsilon(1e-4));
  }
}

TEST_CASE("superior view: anterior at the top, the patient's right on the right (seen from above)") {
  Camera c = fitCamera(view("superior"), unitBox(), 1.f);
  CHECK(projectToPixel(c, {0, 0, 0.09f}, 500, 500).y < 250.f);
  CHECK(projectToPixel(c, {-0.15f, 0, 0}, 500, 500).x > 250.f);
}

TEST_CASE("fitting keeps every corner inside the image for all views and aspects") {
  Bounds b = unitBox();
  for (float aspect : {0.5f, 1.f, 16.f / 9.f, 3.f})
    for (const auto& v : standardViews()) {
      Camera c = fitCamera(v, b, aspect);
      int w = int(400 * aspect), h = 400;
      float minX = 1e9f, maxX = -1e9f;
      for (int i = 0; i < 8; ++i) {
        glm::vec3 p((i & 1) ? b.max.x : b.min.x, (i & 2) ? b.max.y : b.min.y, (i & 4) ? b.max.z : b.min.z);
        glm::vec3 px = projectToPixel(c, p, w, h);
        INFO(v.id << " aspect " << aspect);
        CHECK(px.x >= 0.f);
        CHECK(px.x <= float(w));
        CHECK(px.y >= 0.f);
        CHECK(px.y <= float(h));
        CHECK(px.z > -1.f);
        CHECK(px.z < 1.f);  // between the clip planes
        minX = std::min(minX, px.x);
        maxX = std::max(maxX, px.x);
      }
      (void)minX; (void)maxX;
    }
}

TEST_CASE("orbit keeps distance and target, zoom and pan move as asked") {
  Camera c = fitCamera(view("anterior"), unitBox(), 1.f);
  glm::vec3 target = c.target;
  float d = glm::length(c.position() - c.target);
  c.orbit(0.7f, -0.3f);
  CHECK(glm::length(c.position() - c.target) == doctest::Approx(d));
  CHECK(glm::length(c.target - target) == doctest::Approx(0.f));
  // Yaw turns about world up: the camera height does not change.
  Camera y = fitCamera(view("anterior"), unitBox(), 1.f);
  float h0 = y.position().y;
  y.orbit(1.0f, 0.f);
  CHECK(y.position().y == doctest::Approx(h0));
  float before = c.distance;
  c.zoom(2.f);
  CHECK(c.distance == doctest::Approx(before / 2.f));
  c.zoom(1e9f);
  CHECK(c.distance >= c.sceneRadius * 0.05f - 1e-6f);  // clamped, never through the model
  Camera p = fitCamera(view("anterior"), unitBox(), 1.f);
  p.pan(0.1f, 0.f);
  CHECK(p.target.x < 0.f);  // dragging right moves the model right, i.e. the target left
  CHECK(p.target.y == doctest::Approx(0.f));
}

TEST_CASE("interpolation starts and ends on its cameras and never flips through the model") {
  Camera a = fitCamera(view("anterior"), unitBox(), 1.f);
  Camera b = fitCamera(view("superior"), unitBox(), 1.f);
  Camera s = interpolate(a, b, 0.f), e = interpolate(a, b, 1.f);
  CHECK(glm::length(s.position() - a.position()) == doctest::Approx(0.f).epsilon(1e-5));
  CHECK(glm::length(e.position() - b.position()) == doctest::Approx(0.f).epsilon(1e-5));
  for (float t = 0; t <= 1.f; t += 0.1f) {
    Camera m = interpolate(a, b, easeInOut(t));
    CHECK(glm::length(m.position() - m.target) > 0.5f * std::min(a.distance, b.distance));
  }
  CHECK(easeInOut(-1.f) == 0.f);
  CHECK(easeInOut(2.f) == 1.f);
}

TEST_CASE("figure sizes are parsed strictly") {
  CHECK(parseSize("1600x1200", 16384) == std::pair{1600, 1200});
  for (const char* bad : {"", "1600", "1600x", "x1200", "16x1200x3", "-5x100", "1600X1200", "10x10", "99999x100",
                          "12.5x100", " 100x100"}) {
    INFO(bad);
    CHECK_THROWS_AS(parseSize(bad, 16384), UsageError);
  }
}
