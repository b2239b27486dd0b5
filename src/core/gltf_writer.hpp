#pragma once
// A small glTF 2.0 binary (.glb) writer (GL-free): one node per item, named by it, with its own mesh
// and a material of its colour. Positions are written as given (the atlas frame is glTF's: metres,
// +Y up), so posed meshes are baked in.
#include <string>
#include <vector>

#include <glm/vec3.hpp>

#include "core/mesh.hpp"

namespace psoas {

struct GltfItem {
  std::string name;
  Mesh mesh;          // final positions and normals
  glm::vec3 color{0.8f};  // sRGB
  float opacity = 1.f;
};

// The whole .glb file in memory (write it with writeFileAtomic).
std::string writeGlb(const std::vector<GltfItem>& items, const std::string& generator);

}  // namespace psoas
