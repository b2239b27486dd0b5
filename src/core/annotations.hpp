#pragma once
// What is written over a rendered image: labels with leader lines laid out like an atlas plate, and
// the legend of the shown overlays. Built from the atlas and the scene in image pixels, so the window
// and a figure of any size get the same layout; drawn by render/overlay_2d. No GL, no ImGui.
#include <functional>
#include <map>
#include <string>
#include <vector>

#include <glm/vec2.hpp>
#include <glm/vec3.hpp>
#include <glm/vec4.hpp>

#include "core/pen.hpp"

namespace psoas {

struct PosedGeometry;

struct Atlas;
struct SceneState;
struct PosedGeometry;

struct AnnotationLabel {
  std::string key;   // stable identity ("s:psoas_major_r", "r:...", "l:..."), for fading in the window
  std::string text;
  glm::vec2 anchor{0.f}, lineTo{0.f}, boxMin{0.f}, boxMax{0.f};
  glm::vec3 accent{0.f};  // sRGB: the structure's or region's colour
  float alpha = 1.f;
};

inline constexpr glm::vec3 kPinColor{0.11f, 0.36f, 0.78f};  // sRGB: apart from red muscles, beige bones, skin

// A pin's badge (its number in a disc) where the pin is on the surface; its text, if any, is a label.
struct AnnotationPin {
  int number = 0;  // from 1
  glm::vec2 at{0.f};
  float alpha = 1.f;  // kPinFaintAlpha where the pin is on the far side of its structure
  float depth = 0.f;  // NDC z of the pin's point: the label pass fades a pin behind another structure
};
inline constexpr float kPinFaintAlpha = 0.45f;  // a pin seen through what is in front of it

struct LegendEntry {
  enum class Swatch { Solid, Stipple, Bordered, Marker };
  std::string text;
  glm::vec3 color{0.f};  // sRGB
  Swatch swatch = Swatch::Solid;
};

struct Annotations {
  float fontPx = 16.f;   // text height
  float padding = 5.f;   // inside label boxes
  float lineWidth = 1.5f;
  std::vector<AnnotationLabel> labels;
  std::vector<LegendEntry> legend;
  std::vector<AnnotationPin> pins;  // drawn over the labels
  PenMarks pen;                     // the window's pen strokes (an F12 screenshot), drawn over everything
  glm::vec4 legendRect{0.f};  // minX, minY, maxX, maxY
  // The legend's text height: fontPx, or less where the legend at fontPx would not fit the free part of the
  // image (3x labels in a 1024 px window): it shrinks rather than go under a panel.
  float legendPx = 0.f;
  float legendFontPx() const { return legendPx > 0.f ? legendPx : fontPx; }
  bool empty() const { return labels.empty() && legend.empty() && pins.empty() && pen.empty(); }
};

// Width and height in pixels of a line of text at the font size in use.
using MeasureText = std::function<glm::vec2(const std::string&)>;

struct AnnotationOptions {
  float scale = 1.f;  // 1: 16 px text; figures pass 9 pt at their dpi (or follow the image size), the window its UI scale
  // Window only: label key -> alpha shown last frame, for fading in and out; and the columns labels
  // were in, so they do not jump sides while the model turns.
  std::map<std::string, float>* fade = nullptr;
  std::map<std::string, int>* sides = nullptr;
  float fadeStep = 1.f;  // how much alpha may change this frame (1: at once)
  // Part of the image labels and legend may use (the window's part not under panels); <= 0: all of it.
  float spanLeft = 0.f, spanRight = 0.f, spanTop = 0.f, spanBottom = 0.f;
  // Window only: the posed scene (core/posed_scene.hpp) drawn with the atlas's rest meshes: pins are placed
  // on its surfaces and labels around the structures as posed, not as they stand (null: the atlas's meshes,
  // as a figure's posed atlas has them).
  const PosedGeometry* posed = nullptr;
};

// Everything to write over a fullWidth x fullHeight image of `scene` (its camera decides positions).
Annotations buildAnnotations(const Atlas& atlas, const SceneState& scene, int fullWidth, int fullHeight,
                             const MeasureText& measure, const AnnotationOptions& options = {});

// The structures and regions labelled by the scene's label sets and hand-made choices.
struct LabelTarget {
  std::string key, text;
  glm::vec3 anchor{0.f};
  glm::vec3 accent{0.f};
  bool shown = true;  // false: what it names is hidden or cut away (its label fades out)
  int priority = 0;
  // Added by hand (right-click > Add label): never merged into a same-text label of the other side, and
  // then called by its full name ("Iliacus (left)") so the two can be told apart.
  bool pinned = false;
  std::string fullText;  // the structure's full name; empty for regions and landmarks
};
std::vector<LabelTarget> labelTargets(const Atlas& atlas, const SceneState& scene);

}  // namespace psoas
