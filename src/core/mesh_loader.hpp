#pragma once
// Model files are read through Assimp with validation, then converted at once into psoas::Mesh.
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include <glm/mat4x4.hpp>

#include "core/mesh.hpp"

namespace psoas {

// Largest model the program loads (docs/atlas-format.md, "Limits").
inline constexpr std::size_t kMaxModelTriangles = 20'000'000;

class ModelFile {
 public:
  explicit ModelFile(const std::filesystem::path& file);  // throws ModelError
  ~ModelFile();
  ModelFile(const ModelFile&) = delete;
  ModelFile& operator=(const ModelFile&) = delete;

  // All triangles under the node called `node` (the whole scene if empty), with node transforms and
  // then `transform` applied. Throws ModelError if the node is missing or holds no triangles.
  Mesh extract(const std::string& node, const glm::mat4& transform) const;
  std::vector<std::string> nodeNames() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

inline Mesh loadMesh(const std::filesystem::path& file, const std::string& node = "",
                     const glm::mat4& transform = glm::mat4(1.f)) {
  return ModelFile(file).extract(node, transform);
}

}  // namespace psoas

namespace psoas {
// True if Assimp has an importer for the file's extension (for file dialogs; loading still validates).
bool isSupportedModelFile(const std::filesystem::path& file);
}
