// Iso-surface extraction of an SDF on a regular grid.
#pragma once

#include "mesh.hpp"
#include "sdf.hpp"

namespace mg {

struct Box {
    vec3 lo{0.f}, hi{0.f};
};

// Extracts the zero set of `f` inside `box` with cell size `h` (mm). The result
// is a closed, consistently wound (outward) 2-manifold provided the surface does
// not touch the box boundary.
Mesh polygonize(const Sdf& f, const Box& box, float h);

}  // namespace mg
