// libFuzzer: model files through Assimp and our validation. The first byte picks the format (the
// importer is chosen by extension), the rest is the file. The formats are the ones the documentation
// names; Assimp's other importers are reachable from the GUI but are Assimp's to fuzz.
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <string>

#include "core/errors.hpp"
#include "core/mesh_loader.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1) return 0;
  static const char* exts[] = {".obj", ".stl", ".ply", ".glb", ".gltf", ".obj", ".stl", ".ply"};
  std::string path = "/tmp/psoas-fuzz-" + std::to_string(getpid()) + exts[data[0] % 8];
  if (FILE* f = std::fopen(path.c_str(), "wb")) {
    std::fwrite(data + 1, 1, size - 1, f);
    std::fclose(f);
  }
  try {
    psoas::Mesh m = psoas::loadMesh(path);
    for (auto i : m.indices)
      if (i >= m.positions.size()) std::abort();  // our promise: indices are always valid
  } catch (const psoas::ModelError&) {
  }
  std::remove(path.c_str());
  return 0;
}
