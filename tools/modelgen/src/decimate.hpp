// Quadric-error half-edge collapse that keeps a closed mesh a closed 2-manifold.
#pragma once

#include "mesh.hpp"

namespace mg {

// Reduces `m` to at most `targetTris` triangles (if it can). Vertices are never
// moved, only removed, so every remaining vertex still lies on the iso-surface.
// Collapses that would break the link condition, flip or badly shape a triangle
// are refused, which keeps the result watertight and free of slivers.
void decimate(Mesh& m, size_t targetTris);

}  // namespace mg
