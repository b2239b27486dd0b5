#pragma once
// Atlas-plate label layout: label boxes in two columns beside the model, leader lines from each box to
// the structure it names. Pure geometry in pixels (origin top left, y down); no GL, no ImGui.
#include <glm/vec2.hpp>
#include <glm/vec4.hpp>
#include <cstddef>
#include <vector>

namespace psoas {

struct LabelRequest {
  glm::vec2 anchor{0.f};  // pixel the leader line points at (origin top left, y down)
  glm::vec2 size{0.f};    // label box size in pixels (text + padding)
  int priority = 0;       // larger = keep first when not everything fits
  int side = 0;           // -1 force left column, +1 force right, 0 choose
};

struct LayoutParams {
  glm::vec2 image{0};  // image size in pixels
  glm::vec4 model{0};  // screen rectangle of the model: minX, minY, maxX, maxY (may extend past the image)
  float margin = 8;    // min distance of boxes from the image border
  float gap = 16;      // horizontal distance between model rectangle and a column (columns are pulled
                       // inward, over the model edge, when there is no room)
  float spacing = 4;   // min vertical distance between boxes in a column
};

struct PlacedLabel {
  int request = -1;  // index into the requests
  glm::vec2 boxMin{0.f}, boxMax{0.f};
  glm::vec2 lineFrom{0.f};  // = anchor
  glm::vec2 lineTo{0.f};    // middle of the box side facing the model
  int side = 0;             // -1 left, +1 right
};

// Why labels went missing, for a "n labels hidden" hint and for the tests.
struct LayoutStats {
  std::vector<int> droppedForSpace;     // no room in a column that may take it (or larger than the image)
  std::vector<int> droppedForConflict;  // its leader or box could not be kept clear of another label
  int swaps = 0;                        // column order exchanges made to uncross leaders
  int flips = 0;                        // labels sent to the other column to clear a conflict
};

// Labels come back sorted by request index; requests that could not be placed are left out.
// previousSides: optional side per request from the last frame (0 = none, see labelSides), so labels
// do not switch columns while the model turns: a label only changes column once its anchor is more
// than 8% of the model width past the model's centre line.
std::vector<PlacedLabel> layoutLabels(const std::vector<LabelRequest>& requests, const LayoutParams& params,
                                      const std::vector<int>* previousSides = nullptr,
                                      LayoutStats* stats = nullptr);

// Side per request (0 where not placed): the previousSides for the next frame.
std::vector<int> labelSides(const std::vector<PlacedLabel>& labels, std::size_t requestCount);

// Boxes closer than `spacing` on both axes; boxes exactly `spacing` apart do not overlap.
bool boxesOverlap(const PlacedLabel& a, const PlacedLabel& b, float spacing = 0);
// Proper intersection: the leaders cross at one point inside both; touching at an end does not count.
bool leadersCross(const PlacedLabel& a, const PlacedLabel& b);
// The leader of `leader` passes through the interior of the box of `box` (touching its border does not).
bool leaderCrossesBox(const PlacedLabel& leader, const PlacedLabel& box);

// Legend rectangle (minX, minY, maxX, maxY) of size legendSize, `margin` inside the image. Tries the
// top-left, top-right, bottom-left and bottom-right corners, then the middle of the bottom and top
// edges; takes the first that overlaps neither the model rectangle nor a label (box or leader line), else
// the one over the fewest labels, and among those the one overlapping the model least.
glm::vec4 placeLegend(glm::vec2 image, glm::vec4 model, glm::vec2 legendSize, const std::vector<PlacedLabel>& labels,
                      float margin);

}  // namespace psoas
