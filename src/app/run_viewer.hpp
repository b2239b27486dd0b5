#pragma once
#include <string>
#include <vector>

#include "core/atlas.hpp"

namespace psoas {
// Opens the window and runs until it is closed. Returns the process exit code. uiScale > 0: the size of
// panels and text for this session (--ui-scale), instead of the monitor's content scale.
// `modelTransform`: how the model files (named here or opened later) become atlas coordinates.
int runViewer(const std::string& atlasPath, const std::vector<std::string>& openFiles, float uiScale = 0.f,
              const MeshTransform& modelTransform = {});
}
