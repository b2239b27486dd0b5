// psoas-atlas export: a posed glTF binary that Assimp reads back, one node per structure with its
// colour, in metres with +Y up; bad input refused.
#include <doctest/doctest.h>

#include <cmath>

#include <assimp/Importer.hpp>
#include <assimp/material.h>
#include <assimp/postprocess.h>
#include <assimp/scene.h>

#include "core/atlas.hpp"
#include "core/color.hpp"
#include "core/file_util.hpp"
#include "core/gltf_writer.hpp"
#include "test_support.hpp"

using namespace psoas;

namespace {
const aiNode* findNode(const aiNode* n, const std::string& name) {
  if (name == n->mName.C_Str()) return n;
  for (unsigned i = 0; i < n->mNumChildren; ++i)
    if (const aiNode* f = findNode(n->mChildren[i], name)) return f;
  return nullptr;
}

// Bounds of a node's meshes as Assimp read them.
Bounds nodeBounds(const aiScene* s, const aiNode* n) {
  Bounds b;
  for (unsigned k = 0; k < n->mNumMeshes; ++k) {
    const aiMesh* m = s->mMeshes[n->mMeshes[k]];
    for (unsigned v = 0; v < m->mNumVertices; ++v) b.add({m->mVertices[v].x, m->mVertices[v].y, m->mVertices[v].z});
  }
  return b;
}
}  // namespace

TEST_CASE("the glb writer's output reads back through Assimp with names, colours and geometry") {
  GltfItem a{"tri_a", {}, {1.f, 0.5f, 0.f}, 1.f};
  a.mesh.positions = {{0, 0, 0}, {1, 0, 0}, {0, 1, 0}};
  a.mesh.normals = {{0, 0, 1}, {0, 0, 1}, {0, 0, 1}};
  a.mesh.indices = {0, 1, 2};
  GltfItem b = a;
  b.name = "tri_b";
  b.opacity = 0.5f;
  for (auto& p : b.mesh.positions) p.z = 2.f;
  std::string bytes = writeGlb({a, b}, "test");
  CHECK(bytes.size() % 4 == 0);
  Assimp::Importer imp;
  const aiScene* s = imp.ReadFileFromMemory(bytes.data(), bytes.size(), 0, "glb");
  REQUIRE_MESSAGE(s, imp.GetErrorString());
  const aiNode* nb = findNode(s->mRootNode, "tri_b");
  REQUIRE(nb);
  REQUIRE(nb->mNumMeshes == 1);
  CHECK(nodeBounds(s, nb).min.z == doctest::Approx(2.f));
  const aiMaterial* mat = s->mMaterials[s->mMeshes[nb->mMeshes[0]]->mMaterialIndex];
  aiColor4D c;
  REQUIRE(mat->Get(AI_MATKEY_BASE_COLOR, c) == AI_SUCCESS);
  CHECK(c.g == doctest::Approx(srgbToLinear(0.5f)).epsilon(1e-3));
  CHECK(c.a == doctest::Approx(0.5f));
}

TEST_CASE("psoas-atlas export writes every structure posed, bad input exits 2") {
  auto dir = test::scratchDir("export");
  std::string out;
  auto standing = dir / "standing.glb", sitting = dir / "sitting.glb";
  REQUIRE(test::runCli("export --quiet --out " + standing.string(), out) == 0);
  REQUIRE(test::runCli("export --quiet --pose sitting --out " + sitting.string(), out) == 0);
  auto file = test::sourceDir() / "assets" / "atlas.json";
  Atlas atlas = parseAtlas(readTextFile(file), file);
  Assimp::Importer i1, i2;
  const aiScene* s0 = i1.ReadFile(standing.string(), 0);
  const aiScene* s1 = i2.ReadFile(sitting.string(), 0);
  REQUIRE(s0);
  REQUIRE(s1);
  for (const auto& st : atlas.structures) {
    INFO(st.id);
    const aiNode* n0 = findNode(s0->mRootNode, st.id);
    const aiNode* n1 = findNode(s1->mRootNode, st.id);
    REQUIRE(n0);
    REQUIRE(n1);
    const aiMaterial* mat = s1->mMaterials[s1->mMeshes[n1->mMeshes[0]]->mMaterialIndex];
    aiColor4D c;
    REQUIRE(mat->Get(AI_MATKEY_BASE_COLOR, c) == AI_SUCCESS);
    CHECK(c.r == doctest::Approx(srgbToLinear(st.color.r)).epsilon(1e-3));
  }
  // Metres, +Y up: standing, the femur hangs below the hip (about 0.4 m long); sitting, it points forward.
  Bounds f0 = nodeBounds(s0, findNode(s0->mRootNode, "femur_l")), f1 = nodeBounds(s1, findNode(s1->mRootNode, "femur_l"));
  CHECK(f0.size().y > 0.35f);
  CHECK(f0.size().y < 0.5f);
  CHECK(f1.size().z > 0.3f);
  CHECK(f1.size().y < 0.2f);
  // The muscle follows: its lowest end (at the lesser trochanter) rises as the thigh comes up.
  Bounds p0 = nodeBounds(s0, findNode(s0->mRootNode, "psoas_major_l")), p1 = nodeBounds(s1, findNode(s1->mRootNode, "psoas_major_l"));
  CHECK(p1.min.y > p0.min.y + 0.01f);
  CHECK(test::runCli("export --pose nap --out " + (dir / "x.glb").string(), out) == 2);
  CHECK(out.find("unknown pose \"nap\"") != std::string::npos);
  CHECK(test::runCli("export --out " + (dir / "x.png").string(), out) == 2);
  CHECK(test::runCli("export --joint hip_flexion_l=200 --out " + (dir / "x.glb").string(), out) == 2);
  CHECK_FALSE(std::filesystem::exists(dir / "x.glb"));
}
