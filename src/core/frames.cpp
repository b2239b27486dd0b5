// Bone frames from landmarks (see frames.hpp and docs/teaching-format.md, "Frames").
#include "core/frames.hpp"

#include <cctype>
#include <cmath>
#include <tuple>

#include <glm/geometric.hpp>

#include "core/atlas.hpp"
#include "core/errors.hpp"
#include "core/json_cursor.hpp"

namespace psoas {
namespace fs = std::filesystem;
using Cursor = JsonCursor<AtlasError>;

namespace {

// Below these a frame is refused: a landmark moved by a millimetre (an imported individual's own points
// are that far off at best) would turn it by many degrees.
constexpr float kMinFrameLength = 0.001f;       // metres
constexpr float kMinFrameSin = 0.0871557427f;   // sin 5 degrees

// "+x", "-y", ... -> axis index and sign.
std::pair<int, int> readAxisName(const Cursor& c) {
  const std::string s = c.nonEmptyStr();
  if (s.size() == 2 && (s[0] == '+' || s[0] == '-') && s[1] >= 'x' && s[1] <= 'z')
    return {s[1] - 'x', s[0] == '+' ? 1 : -1};
  c.fail("expected a signed local axis (\"+x\", \"-x\", \"+y\", \"-y\", \"+z\" or \"-z\"), got " + quoteValue(s));
}

int landmarkIndex(const Cursor& c, const Atlas& atlas) {
  const std::string id = c.idStr();
  const int i = atlas.findLandmark(id);
  if (i >= 0) return i;
  std::string known;
  for (std::size_t k = 0; k < atlas.landmarks.size() && k < 12; ++k) known += (k ? ", " : "") + atlas.landmarks[k].id;
  if (atlas.landmarks.size() > 12) known += ", ...";
  c.fail("unknown landmark " + quoteValue(id) + " (known: " + (known.empty() ? "none defined" : known) + ")");
}

BoneFrame readFrame(const Cursor& c, const Atlas& atlas) {
  c.allowOnly({"id", "name", "origin", "axis", "plane", "length"});
  BoneFrame f;
  f.id = c.at("id").idStr();
  for (char ch : f.id)
    if (!(std::isalnum(static_cast<unsigned char>(ch)) || ch == '_' || ch == '-'))
      c.at("id").fail("ids may hold only letters, digits, '_' and '-', got " + quoteValue(f.id));
  if (findId(atlas.frames, f.id) >= 0) c.at("id").fail("duplicate frame id " + quoteValue(f.id));
  f.origin = landmarkIndex(c.at("origin"), atlas);
  const Cursor axis = c.at("axis"), plane = c.at("plane");
  axis.allowOnly({"from", "towards", "is"});
  plane.allowOnly({"from", "towards", "is"});
  f.axisFrom = axis.find("from") ? landmarkIndex(axis.at("from"), atlas) : f.origin;
  f.axisTowards = landmarkIndex(axis.at("towards"), atlas);
  f.planeFrom = plane.find("from") ? landmarkIndex(plane.at("from"), atlas) : f.origin;
  f.planeTowards = landmarkIndex(plane.at("towards"), atlas);
  std::tie(f.axis, f.axisSign) = readAxisName(axis.at("is"));
  std::tie(f.plane, f.planeSign) = readAxisName(plane.at("is"));
  if (f.plane == f.axis) plane.at("is").fail("must name another local axis than \"axis\" does");
  if (auto l = c.find("length")) f.length = float(l->num(kMinFrameLength, 10.0));
  std::string why;
  std::vector<glm::vec3> positions;
  for (const Landmark& l : atlas.landmarks) positions.push_back(l.position);
  if (!resolveFrame(f, positions, why))
    c.fail("frame " + quoteValue(f.id) + " is degenerate in this atlas: " + why);
  return f;
}

}  // namespace

bool resolveFrame(BoneFrame& f, const std::vector<glm::vec3>& at, std::string& why) {
  const glm::vec3 d1 = at[std::size_t(f.axisTowards)] - at[std::size_t(f.axisFrom)];
  const glm::vec3 d2 = at[std::size_t(f.planeTowards)] - at[std::size_t(f.planeFrom)];
  const float len1 = glm::length(d1), len2 = glm::length(d2);
  if (len1 < kMinFrameLength) {
    why = "the two landmarks of its axis (nearly) coincide";
    return false;
  }
  if (len2 < kMinFrameLength) {
    why = "the two landmarks of its plane (nearly) coincide";
    return false;
  }
  const glm::vec3 e1 = d1 / len1;
  const glm::vec3 side = d2 - glm::dot(d2, e1) * e1;
  if (glm::length(side) < kMinFrameSin * len2) {
    why = "its plane's line is (nearly) parallel to its axis";
    return false;
  }
  const glm::vec3 e2 = glm::normalize(side);
  // The named axes get e1 and e2 (with their signs); the third completes a right-handed frame.
  glm::vec3 cols[3];
  cols[f.axis] = float(f.axisSign) * e1;
  cols[f.plane] = float(f.planeSign) * e2;
  const int third = 3 - f.axis - f.plane;
  cols[third] = glm::cross(cols[(third + 1) % 3], cols[(third + 2) % 3]);
  f.rotation = glm::mat3(cols[0], cols[1], cols[2]);
  f.position = at[std::size_t(f.origin)];
  f.scale = f.length > 0.f ? len1 / f.length : 1.f;
  return true;
}

void parseFrames(Atlas& atlas, const std::vector<std::pair<const nlohmann::json*, fs::path>>& docs) {
  for (const auto& [doc, file] : docs) {
    Cursor root(*doc, file);
    if (auto list = root.find("frames"))
      for (std::size_t i = 0; i < list->size(); ++i) atlas.frames.push_back(readFrame((*list)[i], atlas));
  }
}

}  // namespace psoas
