// BoneContact (core/bone_contact.hpp) on a box-shaped "bone": what a pose pushes in is pushed out, what
// lay inside at rest and did not move stays, and the direction follows the push rule.
#include <doctest/doctest.h>

#include <glm/gtc/matrix_transform.hpp>

#include "core/atlas.hpp"
#include "core/bone_contact.hpp"

using namespace psoas;

namespace {
// A closed box of 4 cm with outward normals, subdivided so the surface points lie close together.
Mesh box(float half) {
  Mesh m;
  const glm::vec3 faces[6] = {{1, 0, 0}, {-1, 0, 0}, {0, 1, 0}, {0, -1, 0}, {0, 0, 1}, {0, 0, -1}};
  for (const glm::vec3& n : faces) {
    glm::vec3 u = std::abs(n.x) > 0.f ? glm::vec3(0, 1, 0) : glm::vec3(1, 0, 0);
    glm::vec3 v = glm::cross(n, u);
    std::uint32_t base = std::uint32_t(m.positions.size());
    for (int k = 0; k < 4; ++k) {
      float a = (k & 1) ? 1.f : -1.f, b = (k & 2) ? 1.f : -1.f;
      m.positions.push_back((n + u * a + v * b) * half);
      m.normals.push_back(n);
    }
    // Counter-clockwise seen from outside: (0,1,3), (0,3,2) with u x v = n.
    for (std::uint32_t i : {0u, 1u, 3u, 0u, 3u, 2u}) m.indices.push_back(base + i);
  }
  m.closed = true;
  m.computeBounds();
  return m;
}

Atlas boneAtlas() {
  Atlas a;
  Structure bone;
  bone.id = "block";
  bone.group = "bone";
  bone.mesh = std::make_shared<const Mesh>(box(0.02f));
  a.structures.push_back(bone);
  return a;
}

Mesh points(std::vector<glm::vec3> p, glm::vec3 normal) {
  Mesh m;
  m.positions = std::move(p);
  m.normals.assign(m.positions.size(), normal);
  m.computeBounds();
  return m;
}
}  // namespace

TEST_CASE("bone contact: a vertex moved into a bone is pushed out to its clearance, one that did not move stays") {
  Atlas a = boneAtlas();
  BoneContact contact(a);
  REQUIRE(contact.boneCount() == 1);
  // Rest: one vertex 5 mm outside the +x face, one 5 mm inside the bone (as the envelope's cut end is).
  Mesh rest = points({{0.025f, 0.f, 0.f}, {0.015f, 0.f, 0.f}}, {1, 0, 0});
  ContactBinding binding = contact.bind(rest, 0.001f);
  REQUIRE(binding.first.size() == 3);
  std::vector<glm::mat4> still(1, glm::mat4(1.f));

  SUBCASE("nothing moved: nothing is pushed, not even the vertex that lay inside at rest") {
    Mesh posed = rest;
    CHECK(contact.resolve(posed, rest, binding, still, BoneContact::Push::AlongBoneNormal) == 0);
    CHECK(posed.positions[1].x == doctest::Approx(0.015f));
  }
  SUBCASE("the first vertex pressed 6 mm into the bone comes out to the clearance along the face's normal") {
    Mesh posed = rest;
    posed.positions[0] = {0.014f, 0.003f, 0.f};
    CHECK(contact.resolve(posed, rest, binding, still, BoneContact::Push::AlongBoneNormal) == 1);
    CHECK(posed.positions[0].x >= 0.0209f);
    CHECK(posed.positions[0].x <= 0.0225f);
    CHECK(posed.positions[0].y == doctest::Approx(0.003f));
  }
  SUBCASE("the bone moves onto the vertex instead: the same, in the bone's posed frame") {
    Mesh posed = rest;
    std::vector<glm::mat4> moved(1, glm::translate(glm::mat4(1.f), glm::vec3(0.011f, 0.f, 0.f)));
    contact.resolve(posed, rest, binding, moved, BoneContact::Push::AlongBoneNormal);
    CHECK(posed.positions[0].x >= 0.011f + 0.0209f);
    CHECK(posed.positions[0].x <= 0.011f + 0.0225f);
  }
  SUBCASE("the envelope's rule: out along its own normal where that leads out of the bone") {
    Mesh posed = points({{0.018f, 0.f, 0.f}, {0.015f, 0.f, 0.f}}, glm::normalize(glm::vec3(1, 1, 0)));
    contact.resolve(posed, rest, binding, still, BoneContact::Push::AlongVertexNormal);
    // Along (1,1,0)/sqrt2: as far up as out.
    CHECK(posed.positions[0].x >= 0.0209f);
    CHECK(posed.positions[0].y == doctest::Approx(posed.positions[0].x - 0.018f).epsilon(0.05));
  }
}

TEST_CASE("bone contact: an unbound binding (distances at rest found when needed) pushes exactly as a bound one") {
  Atlas a = boneAtlas();
  BoneContact contact(a);
  Mesh rest = points({{0.025f, 0.f, 0.f}, {0.015f, 0.f, 0.f}, {0.f, 0.03f, 0.f}}, {1, 0, 0});
  const ContactBinding bound = contact.bind(rest, 0.001f), unbound = contact.unbound(0.001f);
  REQUIRE(bound.bound);
  REQUIRE_FALSE(unbound.bound);
  const std::vector<glm::mat4> still(1, glm::mat4(1.f));
  const std::vector<glm::mat4> moved(1, glm::translate(glm::mat4(1.f), glm::vec3(0.011f, 0.f, 0.002f)));
  // Pressed in, lying inside at rest, moved far, and the bone moving onto them; both push rules.
  const std::vector<std::vector<glm::vec3>> poses = {
      {{0.014f, 0.003f, 0.f}, {0.015f, 0.f, 0.f}, {0.f, 0.03f, 0.f}},
      {{0.025f, 0.f, 0.f}, {0.012f, 0.004f, 0.f}, {0.f, 0.015f, 0.001f}},
      {{0.019f, -0.018f, 0.005f}, {0.015f, 0.f, 0.f}, {0.3f, 0.f, 0.f}}};
  int pushed = 0;
  for (const auto& pose : poses)
    for (const auto* transforms : {&still, &moved})
      for (auto push : {BoneContact::Push::AlongBoneNormal, BoneContact::Push::AlongVertexNormal}) {
        Mesh withBinding = points(pose, glm::normalize(glm::vec3(1, 0.2f, 0))), without = withBinding;
        std::size_t n = contact.resolve(withBinding, rest, bound, *transforms, push);
        CHECK(contact.resolve(without, rest, unbound, *transforms, push) == n);
        for (std::size_t v = 0; v < pose.size(); ++v) CHECK(without.positions[v] == withBinding.positions[v]);
        pushed += int(n);
      }
  CHECK(pushed > 0);  // the comparison saw pushes, not only vertices left alone
}
