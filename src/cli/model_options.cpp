// --axes and --unit-scale: how a model file given on the command line (render --model, or a file named to
// the viewer) becomes atlas coordinates, in the same terms as an atlas's mesh_defaults
// (docs/atlas-format.md#transform).
#include <charconv>
#include <cmath>

#include "cli/commands.hpp"
#include "core/atlas.hpp"
#include "core/errors.hpp"
#include "core/file_util.hpp"

namespace psoas::cli {

namespace {
std::vector<std::string> splitAxes(std::string text) {
  // "+x,+z,-y" or the JSON spelling '["+x", "+z", "-y"]': brackets, quotes and spaces are only separators.
  std::vector<std::string> out;
  std::string cur;
  for (char c : text + ",") {
    if (c == ',') {
      if (!cur.empty() || !out.empty() || text.find(',') != std::string::npos) out.push_back(cur);
      cur.clear();
    } else if (c != '[' && c != ']' && c != '"' && c != ' ') {
      cur += c;
    }
  }
  return out;
}

float parseUnitScale(const std::string& text) {
  static const std::pair<const char*, float> kUnits[] = {{"m", 1.f},     {"dm", 0.1f},   {"cm", 0.01f},
                                                        {"mm", 0.001f}, {"in", 0.0254f}, {"ft", 0.3048f}};
  for (const auto& [name, scale] : kUnits)
    if (text == name) return scale;
  double v = 0;
  auto r = std::from_chars(text.data(), text.data() + text.size(), v);
  if (text.empty() || r.ec != std::errc() || r.ptr != text.data() + text.size() || !std::isfinite(v) || v <= 0 ||
      v < 1e-9 || v > 1e9)
    throw UsageError("--unit-scale: expected a positive number (metres per file unit, 0.001 for millimetres) or "
                     "a unit (m, dm, cm, mm, in, ft), got " + quoteValue(text));
  return float(v);
}
}  // namespace

MeshTransform modelTransform(const std::string& axes, const std::string& unitScale) {
  MeshTransform t;
  if (!unitScale.empty()) t.scale = parseUnitScale(unitScale);
  if (!axes.empty()) {
    std::string error;
    int which = -1;
    auto names = splitAxes(axes);
    auto m = axesFromNames(names, error, which);
    if (!m)
      throw UsageError("--axes " + quoteValue(axes) + ": " + error +
                       " (the atlas X, Y and Z in turn, e.g. +x,+z,-y for a Z-up, -Y-anterior file)");
    t.axes = *m;
  }
  return t;
}

void addModelOptions(CLI::App& cmd, std::string& axes, std::string& unitScale) {
  cmd.add_option("--axes", axes,
                 "For model files: the file axes that become atlas X (patient's left), Y (up) and Z (anterior), "
                 "as in mesh_defaults.axes, e.g. +x,+z,-y for Z up");
  cmd.add_option("--unit-scale", unitScale,
                 "For model files: metres per file unit (0.001 for millimetres) or a unit: m, dm, cm, mm, in, ft");
}

}  // namespace psoas::cli
