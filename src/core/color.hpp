#pragma once
#include <optional>
#include <string>
#include <string_view>

#include <glm/vec3.hpp>
#include <glm/vec4.hpp>

namespace psoas {

// Parses "#rrggbb", "#rrggbbaa" or a few names ("white", "black", "transparent"). sRGB, 0..1.
std::optional<glm::vec4> parseColor(std::string_view text);
std::string formatColor(const glm::vec3& srgb);

float srgbToLinear(float c);
glm::vec3 srgbToLinear(const glm::vec3& c);

}  // namespace psoas
