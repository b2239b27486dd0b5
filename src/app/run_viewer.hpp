#pragma once
#include <string>
#include <vector>

namespace psoas {
// Opens the window and runs until it is closed. Returns the process exit code.
int runViewer(const std::string& atlasPath, const std::vector<std::string>& openFiles);
}
