#pragma once
namespace psoas {
// Loads DejaVu Sans (fonts-dejavu-core) at the given pixel size, or ImGui's built-in font scaled
// if it is not installed. Call before the backend builds its font texture (or rebuild it after).
void setupFonts(float pixelSize);
// The window's ImGui style (dark, rounded, panels slightly see-through) at a UI scale.
void setupStyle(float scale);
}
