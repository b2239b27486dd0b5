#pragma once
#include <string>
#include <vector>

namespace psoas {
// Opens the window and runs until it is closed. Returns the process exit code. uiScale > 0: the size of
// panels and text for this session (--ui-scale), instead of the monitor's content scale.
int runViewer(const std::string& atlasPath, const std::vector<std::string>& openFiles, float uiScale = 0.f);
}
