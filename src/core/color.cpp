#include "core/color.hpp"

#include <cmath>
#include <cstdio>

namespace psoas {

namespace {
int hexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}
}  // namespace

std::optional<glm::vec4> parseColor(std::string_view t) {
  if (t == "white") return glm::vec4(1, 1, 1, 1);
  if (t == "black") return glm::vec4(0, 0, 0, 1);
  if (t == "transparent") return glm::vec4(0, 0, 0, 0);
  if (t.size() != 7 && t.size() != 9) return std::nullopt;
  if (t[0] != '#') return std::nullopt;
  float ch[4] = {0, 0, 0, 1};
  for (std::size_t i = 0; i * 2 + 1 < t.size(); ++i) {
    int hi = hexDigit(t[1 + 2 * i]), lo = hexDigit(t[2 + 2 * i]);
    if (hi < 0 || lo < 0) return std::nullopt;
    ch[i] = float(hi * 16 + lo) / 255.f;
  }
  return glm::vec4(ch[0], ch[1], ch[2], ch[3]);
}

std::string formatColor(const glm::vec3& c) {
  auto b = [](float v) { return int(std::lround(std::fmin(std::fmax(v, 0.f), 1.f) * 255.f)); };
  char buf[8];
  std::snprintf(buf, sizeof buf, "#%02x%02x%02x", b(c.r), b(c.g), b(c.b));
  return buf;
}

float srgbToLinear(float c) {
  return c <= 0.04045f ? c / 12.92f : std::pow((c + 0.055f) / 1.055f, 2.4f);
}

glm::vec3 srgbToLinear(const glm::vec3& c) {
  return {srgbToLinear(c.r), srgbToLinear(c.g), srgbToLinear(c.b)};
}

}  // namespace psoas
