// assets/landmarks.json: named anatomical points and muscle path polylines.
#pragma once

#include <string>

#include "layout.hpp"

namespace mg {

void collectLandmarks(Layout& L);
bool writeLandmarks(const std::string& path, const Layout& L);

}  // namespace mg
