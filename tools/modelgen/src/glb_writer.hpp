// Minimal glTF 2.0 binary writer: one mesh, one node, POSITION + NORMAL + indices.
#pragma once

#include <string>

#include "mesh.hpp"

namespace mg {

// `m` must already be in metres. Returns false if the file could not be written.
bool writeGlb(const std::string& path, const std::string& name, const Mesh& m);

}  // namespace mg
