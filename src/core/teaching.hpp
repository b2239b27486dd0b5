#pragma once
// Teaching data of an atlas: evidence levels, attachment and referral regions painted on surfaces,
// trigger points, symptoms, fact sheets and label sets. Pure data, resolved to indices at load time;
// see docs/teaching-format.md.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <glm/vec3.hpp>

#include "core/mesh.hpp"

namespace psoas {

struct Citation {
  int evidence = -1;  // index into Atlas::evidenceLevels
  std::vector<std::string> sources;
};

struct EvidenceLevel {
  std::string id, name, description;
};

struct RegionStyle {
  enum class Pattern { Solid, Stipple };
  std::string id, name;
  glm::vec3 color{1.f, 0.f, 0.f};  // sRGB
  Pattern pattern = Pattern::Solid;
  bool border = false;
};

// All points within `radius` of the segment a-b (a sphere when a == b), atlas frame, metres; on a surface,
// only where the outward normal n faces `facing` (cos(n, facing - p) >= facingCos): an attachment area
// paints the side of a thin bone its muscle lies on, not the far side too. facingCos < -1: no such test.
struct Shape {
  glm::vec3 a{0.f}, b{0.f};
  float radius = 0.f;
  glm::vec3 facing{0.f};
  float facingCos = -2.f;
  bool operator==(const Shape&) const = default;
};

// An attachment shape faces the mean of its muscle's vertices within this of it (metres, beyond its
// radius), and paints a surface whose normal is at most 90 degrees from that point.
inline constexpr float kFacingReach = 0.01f;
inline constexpr float kFacingCos = 0.f;

// What the region shaders take (docs/teaching-format.md, "Limits"): shapes of all regions painted on one
// structure, and region styles. The loader refuses more.
inline constexpr int kMaxRegionShapes = 96;
inline constexpr int kMaxRegionStyles = 8;

struct Region {
  std::string id, name, text, side;
  std::string bodyRegion;          // where on the body, in a client's words ("upper front thigh"); optional
  int overlay = -1;                // index into Atlas::overlays
  int style = -1;                  // index into Atlas::regionStyles
  std::vector<int> structures;     // the muscles it belongs to
  std::vector<int> on;             // structures it is painted on
  std::vector<Shape> shapes;
  Citation cite;
  glm::vec3 anchor{0.f};           // a painted surface point near the region's middle (labels); set by computeAnchors
  // No point of its loaded `on` meshes is painted (set by computeAnchors): its label would point
  // at nothing, so none is drawn, and loading warns.
  bool paintsNothing = false;
  bool facing = false;  // attachments with "facing": true: paint only the surface facing the muscle
};

struct TriggerPoint {
  std::string id, name, text, side;
  int overlay = -1;
  int structure = -1;
  glm::vec3 position{0.f};
  std::vector<int> zones;  // region indices
  Citation cite;
};

struct Overlay {
  enum class Layer { Attachments, Referral };
  std::string id, name;
  Layer layer = Layer::Attachments;
  std::vector<int> regions, triggerPoints;
};

struct Symptom {
  std::string id, name, explanation, advice;
  bool redFlag = false;
  std::vector<int> regions, structures;
  Citation cite;
};

struct Fact {
  std::string topic, text;
  Citation cite;
};

struct FactSheet {
  std::string id;
  std::vector<Fact> facts;
};

struct LabelSet {
  std::string id, name;
  std::vector<int> structures, landmarks;
  bool hasLayer = false;
  Overlay::Layer layer = Overlay::Layer::Attachments;
};

const char* layerName(Overlay::Layer layer);

// Index of the item with this id in any list of things with an `id`, or -1.
template <class T>
int findId(const std::vector<T>& list, std::string_view id) {
  for (std::size_t i = 0; i < list.size(); ++i)
    if (list[i].id == id) return int(i);
  return -1;
}

struct Atlas;
// Structures the regions of a layer belong to (`paintedOn` false) or are painted on (true), in data order.
std::vector<int> layerStructures(const Atlas& atlas, Overlay::Layer layer, bool paintedOn);
// "Faded" body envelope under a referral overlay: a hint of the outline, the zones clearly on top.
constexpr float kFadedEnvelopeOpacity = 0.07f;
// Region styles used by a layer's regions.
std::vector<int> layerStyles(const Atlas& atlas, Overlay::Layer layer);

// The box around a shape; a shape whose box misses a mesh's bounds paints nothing on it.
Bounds shapeBounds(const Shape& shape);
bool overlaps(const Bounds& a, const Bounds& b);

// Signed distance (metres) from p to the region's shapes: negative inside.
float regionDistance(const Region& region, const glm::vec3& p);
// The same for a surface point with outward normal n, as the renderer paints it: shapes that p's surface
// does not face are left out (core/region_reach.cpp).
float regionDistance(const Region& region, const glm::vec3& p, const glm::vec3& n);
bool shapeFaces(const Shape& shape, const glm::vec3& p, const glm::vec3& n);
// A point of `mesh` the region paints (a vertex, else a point inside a triangle), or none.
std::optional<glm::vec3> paintedPointOn(const Region& region, const Mesh& mesh);
// Each attachment shape's `facing` point from its muscle's loaded mesh (see Shape); called with the anchors.
void computeRegionFacing(Atlas& atlas);

// The triangles of `indices` (over mesh's vertices) that come within `margin` of any of `shapes` (near),
// and the rest (far): only the near ones need a renderer's per-pixel region paint. Conservative: a
// triangle counts as near when its bounding sphere does.
struct TriangleSplit {
  std::vector<std::uint32_t> near, far;
};
TriangleSplit splitByReach(const Mesh& mesh, const std::vector<std::uint32_t>& indices, const std::vector<Shape>& shapes,
                           float margin);

}  // namespace psoas
