// The iliac wing as a parametric surface, shared by the hip bone and by iliacus,
// which lies on the wing's inner face (left side; mirror x for the right).
#pragma once

#include <vector>

#include "layout.hpp"

namespace mg {

struct IliumShape {
    explicit IliumShape(const Layout& L);
    std::vector<vec3> crest, brim, front, back;  // border curves, u along crest/brim, v upward
    vec3 surf(float u, float v) const;           // mid-surface of the wing
    float half(float u, float v) const;          // half thickness
    vec3 fossaNormal(float u, float v) const;    // unit normal on the iliac-fossa side
};

}  // namespace mg
