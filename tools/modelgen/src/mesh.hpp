// Indexed triangle mesh plus the checks every generated structure must pass.
#pragma once

#include <glm/glm.hpp>

#include <cstdint>
#include <string>
#include <vector>

#include "sdf.hpp"

namespace mg {

struct Mesh {
    std::vector<glm::vec3> pos;  // millimetres while building, metres when written
    std::vector<glm::vec3> nrm;
    std::vector<uint32_t> idx;
    size_t triangles() const { return idx.size() / 3; }
};

struct MeshCheck {
    bool closed = true;        // every edge used by exactly two triangles
    bool oriented = true;      // ...and in opposite directions
    size_t degenerate = 0;     // triangles with area below minArea
    double volume = 0.0;       // signed volume (positive = outward winding)
    double minArea = 0.0;      // smallest triangle area seen
    size_t components = 0;
    glm::vec3 openAt{0.f};     // one boundary/non-manifold edge, for diagnostics
};

MeshCheck checkMesh(const Mesh& m, double areaEps);

// Drops connected components smaller than `keepFraction` of the largest (1 keeps
// only the largest): stray specks would otherwise count as separate shells.
void dropSmallComponents(Mesh& m, float keepFraction);

// Removes unreferenced vertices (after component removal).
void compact(Mesh& m);

// Normals from the field gradient: smoother than face averages at grid resolution.
void fieldNormals(Mesh& m, const Sdf& f, float eps);

}  // namespace mg
