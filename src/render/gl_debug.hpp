#pragma once
#include <string>
#include <vector>

namespace psoas {

// Installs a KHR_debug callback that records GL errors. checkGlErrors() throws RenderError with every
// recorded message (and anything glGetError reports), so a GL error fails a test instead of a pixel.
void enableGlDebug();
void checkGlErrors(const char* where);
bool glDebugEnabled();

}  // namespace psoas
