#pragma once
// Pins (SceneState::pins): where a pin is on the anatomy as drawn, which pin a click is on, and pins made
// from a picked point or from a point in a file. A pin holds a triangle of its structure's full-detail mesh
// and barycentric coordinates in it; the surface it is placed on is the one the frame draws: the posed
// geometry of the window (a bone's model transform, a muscle's deformed vertices, PosedGeometry) or the
// atlas's own meshes (a figure's posedAtlas(), the rest pose). GL-free.
#include <cstddef>
#include <optional>
#include <string>

#include <glm/mat4x4.hpp>
#include <glm/vec2.hpp>
#include <glm/vec3.hpp>

#include "core/scene_state.hpp"

namespace psoas {

struct Atlas;
struct PosedGeometry;

inline constexpr std::size_t kMaxPins = 99;       // numbers stay two digits in their badge
inline constexpr std::size_t kMaxPinText = 120;   // bytes: a short note, not a paragraph
inline constexpr float kMaxPinDistance = 0.02f;   // metres: a point in a file this far from its structure is refused

struct PinPlace {
  glm::vec3 position{0.f};
  glm::vec3 normal{0.f, 0.f, 1.f};  // of the triangle as drawn, unit length
};

// The pin on the surface as drawn (posed may be null). Nothing for a structure without a mesh or a
// triangle out of range (a view state's pins are checked when applied, so only a swapped model gets here).
std::optional<PinPlace> placePin(const Atlas& atlas, const PosedGeometry* posed, const Pin& pin);

// A pin at the point of `structure`'s surface as drawn nearest `point` (a picked world point). The text is
// empty. Nothing when the structure has no mesh. `distance`: how far `point` was from the surface.
std::optional<Pin> pinNear(const Atlas& atlas, const PosedGeometry* posed, int structure, const glm::vec3& point,
                           float* distance = nullptr);

// The pin's point on the structure's mesh in `atlas` without a pose: what a view state saves.
glm::vec3 pinRestPoint(const Atlas& atlas, const Pin& pin);

// The pin whose point is within `radiusPx` of `pixel` (origin top left) of a width x height view of
// `scene`, nearest first, or -1. Pins on hidden structures cannot be hit.
int pinAtPixel(const Atlas& atlas, const PosedGeometry* posed, const SceneState& scene, int width, int height,
               glm::vec2 pixel, float radiusPx);

// Whether a pin is hidden behind what the frame drew at its pixel (another structure, or its own front): the
// scene's depth there (`sceneDepth`, the depth buffer's 0..1) is nearer than the pin's point (`pinNdcZ`) by
// more than `tolerance` (world units along the view), with the frame's projection. The tolerance absorbs a
// simplified or draft mesh lying a little off the full-detail surface the pin is on.
bool pinBehindScene(const glm::mat4& proj, float pinNdcZ, float sceneDepth, float tolerance);

// A note as a pin keeps it: one line (control characters, newlines included, become spaces), at most
// kMaxPinText bytes, cut at a whole UTF-8 character.
std::string cleanPinText(const std::string& text);

}  // namespace psoas
