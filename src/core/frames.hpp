#pragma once
// Bone frames (docs/teaching-format.md, "Frames"): a local coordinate system per bone, defined by landmarks
// only, so that shapes given in it follow an individual's bones (an imported atlas moves the landmarks, the
// frames turn and scale with them, and the teaching data is copied as it is). No GL, no structure by name.
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include <glm/mat3x3.hpp>
#include <glm/vec3.hpp>
#include <nlohmann/json_fwd.hpp>

namespace psoas {

struct BoneFrame {
  std::string id;
  // The landmarks it is built from (indices into Atlas::landmarks): its origin; the first axis points from
  // axisFrom to axisTowards; the second lies in the plane of the first and the line from planeFrom to
  // planeTowards. Both "from"s are the origin unless the data names another landmark (a vertebra has one
  // landmark of its own: its left-right axis is the line between the hip centres).
  int origin = -1, axisFrom = -1, axisTowards = -1, planeFrom = -1, planeTowards = -1;
  // Which local axis (0 x, 1 y, 2 z) and sign the first and second directions are: local coordinates
  // stay close to the atlas axes at rest ("+y" for a vertebra's line to the one above it).
  int axis = 1, axisSign = 1, plane = 0, planeSign = 1;
  // The axisFrom-axisTowards distance at which local coordinates are given (metres); 0: none, the frame
  // turns with its landmarks but keeps its size (none of a vertebra's landmarks measures the vertebra).
  float length = 0.f;
  // Resolved from the landmarks when the atlas loads: atlas = position + scale * rotation * local.
  glm::vec3 position{0.f};
  glm::mat3 rotation{1.f};  // columns: the local x, y, z axes in the atlas frame (orthonormal, right-handed)
  float scale = 1.f;        // the landmarks' distance now / length

  glm::vec3 toAtlas(const glm::vec3& local) const { return position + scale * (rotation * local); }
  glm::vec3 vectorToAtlas(const glm::vec3& local) const { return scale * (rotation * local); }
};

// Resolves `frame` (position, rotation, scale) from the landmark positions: false (and `why`) when the two
// lines are shorter than 1 mm or less than 5 degrees apart (a small move of a landmark would spin it).
bool resolveFrame(BoneFrame& frame, const std::vector<glm::vec3>& landmarkPositions, std::string& why);

struct Atlas;
// Reads the "frames" lists of the atlas document and its included files (after every landmark, so a frame
// follows a landmark a later file moves) and resolves them. Throws AtlasError naming the file and JSON path
// of an unknown landmark, a duplicate id, a bad axis name or a degenerate frame.
void parseFrames(Atlas& atlas, const std::vector<std::pair<const nlohmann::json*, std::filesystem::path>>& docs);

}  // namespace psoas
