#pragma once
// Error dialogs in the user's words: what could not be done, why in plain language ("This file contains no
// 3D surfaces."), and the library's own words as a last "Details:" line for a bug report. No ImGui.
#include <exception>
#include <string>

namespace psoas::ui {

inline constexpr const char* kDetailsPrefix = "Details: ";

// "The model could not be opened.\n\nThis file contains no 3D surfaces.\n\nDetails: a.obj: model holds no triangles"
std::string explainError(const std::string& whatFailed, const std::exception& e);
// The plain-language sentence for an error (without the details).
std::string plainReason(const std::exception& e);

}  // namespace psoas::ui
