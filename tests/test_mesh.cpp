// Mesh processing that replaced slower library steps: closedness, vertex welding, smooth normals,
// simplification, and PNG encoding of larger images.
#include <doctest/doctest.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <tuple>
#include <random>

#include <glm/geometric.hpp>

#include "core/atlas.hpp"
#include "core/image.hpp"
#include "core/image_compare.hpp"
#include "core/mesh.hpp"
#include "test_support.hpp"

using namespace psoas;

namespace {
// A cube as a triangle soup: 36 corners, each with its face's normal (what an OBJ or STL importer
// hands over before any joining).
Mesh cubeSoup(bool withNormals) {
  const glm::vec3 c[8] = {{0, 0, 0}, {1, 0, 0}, {1, 1, 0}, {0, 1, 0}, {0, 0, 1}, {1, 0, 1}, {1, 1, 1}, {0, 1, 1}};
  const int quads[6][4] = {{0, 3, 2, 1}, {4, 5, 6, 7}, {0, 1, 5, 4}, {2, 3, 7, 6}, {1, 2, 6, 5}, {0, 4, 7, 3}};
  Mesh m;
  for (const auto& q : quads) {
    glm::vec3 n = glm::normalize(glm::cross(c[q[1]] - c[q[0]], c[q[2]] - c[q[0]]));
    for (int k : {0, 1, 2, 0, 2, 3}) {
      m.indices.push_back(std::uint32_t(m.positions.size()));
      m.positions.push_back(c[q[k]]);
      m.normals.push_back(withNormals ? n : glm::vec3(0.f));
    }
  }
  return m;
}

// A finely tessellated sphere, indexed (shared vertices): closed and smooth.
Mesh sphere(int rings, int segments) {
  Mesh m;
  for (int r = 0; r <= rings; ++r)
    for (int s = 0; s < segments; ++s) {
      if ((r == 0 || r == rings) && s > 0) continue;  // one vertex per pole
      float th = float(r) / float(rings) * 3.14159265f, ph = float(s) / float(segments) * 6.2831853f;
      glm::vec3 p(std::sin(th) * std::cos(ph), std::cos(th), std::sin(th) * std::sin(ph));
      m.positions.push_back(p);
      m.normals.push_back(p);
    }
  auto at = [&](int r, int s) -> std::uint32_t {
    if (r == 0) return 0;
    if (r == rings) return std::uint32_t(1 + (rings - 1) * segments);
    return std::uint32_t(1 + (r - 1) * segments + (s % segments));
  };
  for (int r = 0; r < rings; ++r)
    for (int s = 0; s < segments; ++s) {
      std::uint32_t a = at(r, s), b = at(r, s + 1), c = at(r + 1, s), d = at(r + 1, s + 1);
      if (r > 0) m.indices.insert(m.indices.end(), {a, b, c});
      if (r < rings - 1) m.indices.insert(m.indices.end(), {b, d, c});
    }
  m.computeBounds();
  return m;
}
}  // namespace

TEST_CASE("closedness: every directed edge once, with its twin") {
  Mesh s = sphere(12, 16);
  CHECK(isClosedAndConsistent(s.indices));
  auto open = s.indices;
  open.resize(open.size() - 3);  // one triangle missing: a hole
  CHECK_FALSE(isClosedAndConsistent(open));
  auto flipped = s.indices;
  std::swap(flipped[0], flipped[1]);  // one triangle wound the other way
  CHECK_FALSE(isClosedAndConsistent(flipped));
  auto doubled = s.indices;
  doubled.insert(doubled.end(), s.indices.begin(), s.indices.begin() + 3);  // a triangle twice
  CHECK_FALSE(isClosedAndConsistent(doubled));
  CHECK_FALSE(isClosedAndConsistent({0, 0, 1}));  // degenerate
  CHECK_FALSE(isClosedAndConsistent({}));
  CHECK_FALSE(isClosedAndConsistent(cubeSoup(true).indices));  // unjoined corners share no edges
  Mesh cube = cubeSoup(true);
  weldIdenticalVertices(cube);  // 24 vertices: split along the edges by their normals
  CHECK_FALSE(isClosedAndConsistent(cube.indices));
  CHECK(isClosedSurface(cube));  // but the shape is closed
  cube.indices.resize(cube.indices.size() - 3);
  CHECK_FALSE(isClosedSurface(cube));
}

TEST_CASE("welding joins bit-identical corners, keeps hard edges, and closes a soup") {
  Mesh m = cubeSoup(true);
  weldIdenticalVertices(m);
  CHECK(m.positions.size() == 24);  // 8 corners x 3 faces meeting there, each with its own normal
  CHECK(m.normals.size() == 24);
  CHECK(m.indices.size() == 36);
  for (std::size_t t = 0; t < m.indices.size(); t += 3) {  // every triangle still faces outwards
    glm::vec3 a = m.positions[m.indices[t]], b = m.positions[m.indices[t + 1]], c = m.positions[m.indices[t + 2]];
    glm::vec3 n = glm::cross(b - a, c - a);
    CHECK(glm::dot(n, m.normals[m.indices[t]]) > 0.f);
  }
  Mesh s = sphere(10, 12);
  std::size_t before = s.positions.size();
  Mesh soup;  // the sphere unjoined, then welded back
  for (std::uint32_t i : s.indices) {
    soup.indices.push_back(std::uint32_t(soup.positions.size()));
    soup.positions.push_back(s.positions[i]);
    soup.normals.push_back(s.normals[i]);
  }
  weldIdenticalVertices(soup);
  CHECK(soup.positions.size() == before);
  CHECK(isClosedAndConsistent(soup.indices));
}

TEST_CASE("generated normals: smooth across gentle bends, hard across sharp edges") {
  Mesh cube = cubeSoup(false);
  generateSmoothNormals(cube, 0, 0, 66.f);
  for (std::size_t t = 0; t < cube.indices.size(); t += 3) {  // 90-degree edges stay sharp: face normals
    glm::vec3 a = cube.positions[cube.indices[t]], b = cube.positions[cube.indices[t + 1]],
              c = cube.positions[cube.indices[t + 2]];
    glm::vec3 face = glm::normalize(glm::cross(b - a, c - a));
    for (int k = 0; k < 3; ++k) CHECK(glm::dot(cube.normals[cube.indices[t + k]], face) > 0.999f);
  }
  Mesh soft = cubeSoup(false);
  generateSmoothNormals(soft, 0, 0, 120.f);  // a crease angle above 90 degrees rounds the corners
  glm::vec3 corner = soft.normals[0];
  CHECK(std::abs(std::abs(corner.x) - std::abs(corner.y)) < 1e-4f);
  CHECK(glm::length(corner) == doctest::Approx(1.f));

  Mesh s = sphere(24, 32);
  std::vector<glm::vec3> exact = s.normals;
  generateSmoothNormals(s, 0, 0, 66.f);
  weldIdenticalVertices(s);
  CHECK(s.positions.size() == exact.size());  // corners of one vertex got one normal and merged again
  for (std::size_t i = 0; i < s.positions.size(); ++i)
    CHECK(glm::dot(s.normals[i], glm::normalize(s.positions[i])) > 0.99f);  // close to the true normal
}

// A simplified unit sphere keeps its corners on the sphere; the faces between them sag inwards. The sag
// of the worst face centre must not exceed the stated error by much (meshoptimizer's error is an estimate).
static float sag(const Mesh& sphere, const MeshLod& l) {
  float worst = 0.f;
  for (std::size_t t = 0; t < l.indices.size(); t += 3) {
    glm::vec3 c = (sphere.positions[l.indices[t]] + sphere.positions[l.indices[t + 1]] + sphere.positions[l.indices[t + 2]]) / 3.f;
    worst = std::max(worst, 1.f - glm::length(c));
  }
  return worst;
}

TEST_CASE("simplified levels: fewer triangles level by level, within their stated error") {
  Mesh s = sphere(60, 80);
  std::vector<MeshLod> levels = simplifiedLevels(s);
  REQUIRE(levels.size() >= 3);
  std::size_t before = s.indices.size();
  float error = 0.f;
  for (const MeshLod& l : levels) {
    INFO("level with " << l.indices.size() / 3 << " triangles, error " << l.error);
    CHECK(l.indices.size() % 3 == 0);
    CHECK(l.indices.size() * 4 <= before * 3);  // each level clearly coarser than the one before
    CHECK(l.error > error);
    for (std::uint32_t i : l.indices) REQUIRE(i < s.positions.size());
    CHECK(sag(s, l) <= 1.5f * l.error + 1e-3f);
    before = l.indices.size();
    error = l.error;
  }
  // The coarsest level is a few percent of a unit sphere's radius off: 1/64 of its extent at most.
  CHECK(levels.back().error <= 2.f / 64.f + 1e-4f);

  std::vector<MeshLod> quick = simplifiedLevels(s, true);
  REQUIRE(quick.size() == 1);
  CHECK(quick[0].indices.size() < s.indices.size());
  CHECK(quick[0].error > 0.f);
  CHECK(sag(s, quick[0]) <= 1.5f * quick[0].error + 1e-3f);
  CHECK(simplifiedLevels(sphere(6, 8)).empty());  // small meshes are drawn as they are
}

TEST_CASE("reordering for drawing keeps every triangle and its winding") {
  Mesh s = sphere(30, 40);
  // Shuffle the triangles first, so that the order really changes.
  std::mt19937 rng(3);
  std::vector<std::size_t> order(s.triangleCount());
  for (std::size_t t = 0; t < order.size(); ++t) order[t] = t;
  std::shuffle(order.begin(), order.end(), rng);
  std::vector<std::uint32_t> shuffled;
  for (std::size_t t : order) shuffled.insert(shuffled.end(), {s.indices[3 * t], s.indices[3 * t + 1], s.indices[3 * t + 2]});
  s.indices = shuffled;
  // Each triangle as its corner positions, rotated to start at the smallest: independent of vertex order.
  auto triangles = [](const Mesh& m) {
    std::vector<std::array<float, 9>> out;
    for (std::size_t t = 0; t < m.indices.size(); t += 3) {
      std::array<glm::vec3, 3> c{m.positions[m.indices[t]], m.positions[m.indices[t + 1]], m.positions[m.indices[t + 2]]};
      auto less = [](const glm::vec3& a, const glm::vec3& b) { return std::tie(a.x, a.y, a.z) < std::tie(b.x, b.y, b.z); };
      std::rotate(c.begin(), std::min_element(c.begin(), c.end(), less), c.end());
      out.push_back({c[0].x, c[0].y, c[0].z, c[1].x, c[1].y, c[1].z, c[2].x, c[2].y, c[2].z});
    }
    std::sort(out.begin(), out.end());
    return out;
  };
  auto before = triangles(s);
  std::size_t vertices = s.positions.size();
  optimizeForDrawing(s);
  CHECK(triangles(s) == before);
  CHECK(s.positions.size() == vertices);
  CHECK(s.indices != shuffled);
  CHECK(s.indices[0] == 0);  // vertices in first-use order
}

TEST_CASE("painted meshes split into the triangles regions reach and the rest") {
  Mesh s = sphere(60, 80);
  const Shape cap{{0.f, 1.f, 0.f}, {0.3f, 0.95f, 0.f}, 0.1f};  // a capsule over the north pole
  const float margin = 0.004f;
  TriangleSplit parts = splitByReach(s, s.indices, {cap}, margin);
  CHECK(parts.near.size() + parts.far.size() == s.indices.size());
  CHECK(parts.near.size() > 0);
  CHECK(parts.near.size() * 10 < s.indices.size());  // most of the sphere is out of reach
  Region r;
  r.shapes = {cap};
  // Nothing painted is lost: every point of a far triangle is beyond the margin...
  for (std::size_t t = 0; t < parts.far.size(); t += 3)
    for (float u : {0.f, 0.5f, 1.f})
      for (float v : {0.f, 0.5f}) {
        if (u + v > 1.f) continue;
        glm::vec3 p = s.positions[parts.far[t]] * (1.f - u - v) + s.positions[parts.far[t + 1]] * u +
                      s.positions[parts.far[t + 2]] * v;
        REQUIRE(regionDistance(r, p) > margin);
      }
  // ...and the near ones are near: each has a corner within a triangle's size of the reach.
  for (std::size_t t = 0; t < parts.near.size(); t += 3) REQUIRE(regionDistance(r, s.positions[parts.near[t]]) < margin + 0.1f);
  CHECK(splitByReach(s, s.indices, {}, margin).near.empty());
}

TEST_CASE("PNG encoding of a large noisy image round-trips exactly") {
  // Bigger than the encoder's output buffer, so the compressor's output is collected in several pieces.
  Image img(640, 480);
  std::mt19937 rng(7);
  for (auto& v : img.rgba) v = std::uint8_t(rng());
  auto path = test::scratchDir("png-large") / "noise.png";
  writePng(img, path);
  Image back = readPng(path);
  ImageDiff d = compareImages(img, back);
  CHECK(d.sameSize);
  CHECK(d.maxAbs == 0);
}
