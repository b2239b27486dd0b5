#pragma once
// A view state: everything needed to reproduce a figure (camera, what is shown, selection, figure
// settings). Saved by the GUI, rendered by the CLI, embedded in exported PNGs. JSON, versioned.
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <glm/vec3.hpp>
#include <glm/vec4.hpp>
#include <nlohmann/json_fwd.hpp>

#include "core/camera.hpp"
#include "core/kinematics.hpp"
#include "core/scene_state.hpp"

namespace psoas {

struct Atlas;

struct FigureSettings {
  int width = 1600;
  int height = 1200;
  int ssaa = 2;
  float dpi = 0.f;  // 0: not set (no physical size in the PNG; line widths follow the image size)
  glm::vec4 background{1.f, 1.f, 1.f, 1.f};  // sRGB
  bool transparent = false;
  float lineScale() const;  // outline widths: points at `dpi`, else relative to the image size
  glm::vec4 clearColor() const;  // the background as drawn: alpha 0 when transparent
  bool operator==(const FigureSettings&) const = default;
};

// A pin as a file holds it (version 4). `point` is on the structure's surface standing, what a person can
// read and write; `triangle` and `bary` (written by the program) say exactly where, and are used while they
// place the pin within 0.5 mm of `point` (else the mesh changed: the pin goes to the surface point nearest
// `point`). Resolved to a Pin by applyViewState, against the atlas.
struct PinSpec {
  std::string structure;
  glm::vec3 point{0.f};  // metres, atlas coordinates at rest (the file says millimetres)
  int triangle = -1;     // -1: not given
  glm::vec3 bary{0.f};
  std::string text;
  bool operator==(const PinSpec&) const = default;
};

struct ViewState {
  // 2: overlays, labels, clipping plane, outlines. 3: region colours and the pose. 4: pins. Every older
  // version still loads.
  static constexpr int kVersion = 4;
  static constexpr const char* kFormat = "psoas-atlas-view";
  std::string atlas;                    // atlas file the state was made with; empty: the built-in atlas
  std::string view = "anterior";        // a named view, fitted to the visible structures...
  std::optional<Camera> camera;         // ...unless an exact camera is given
  std::vector<std::string> hidden;      // structure ids not shown
  std::map<std::string, float> opacity; // ids whose opacity differs from the atlas's
  std::string selected;
  bool ghost = false;
  std::vector<std::string> outline;     // ids drawn as silhouettes
  std::optional<ClipPlane> clip;
  std::vector<std::string> overlays;    // overlay ids shown
  std::string referralSide = "both";
  float overlayIntensity = 1.f;
  std::string symptom;                  // symptom id chosen in the symptom panel
  std::vector<std::string> labelSets, labelsAdded, labelsRemoved;
  bool legend = true;
  std::map<std::string, glm::vec3> regionColors;  // region style id -> sRGB, where the user changed it
  Pose pose;  // joint angles (and the preset chosen, if any); written only when not standing
  std::vector<PinSpec> pins;  // numbered from 1 in this order
  FigureSettings figure;
  bool operator==(const ViewState&) const = default;
};

// Throws StateError naming the file and the JSON path of the first problem.
ViewState parseViewState(std::string_view json, const std::filesystem::path& file);
// The same for a state embedded in another JSON document (a batch file) at `path`.
ViewState readViewState(const nlohmann::json& node, const std::filesystem::path& file, const std::string& path);
// A .json state file, or a PNG exported by psoas-atlas (the state is in a text chunk).
ViewState loadViewState(const std::filesystem::path& file);
std::string serializeViewState(const ViewState& state);

ViewState captureViewState(const Atlas& atlas, const SceneState& scene, const FigureSettings& figure);
// Ids the atlas does not know are StateErrors naming `source` (the state file) and the field.
SceneState applyViewState(const Atlas& atlas, const ViewState& state, const std::filesystem::path& source);
// The same for a figure drawn from `posed` (posedAtlas() of `rest`): the view is fitted to the posed model,
// while pins, which a file gives at rest, are resolved on `rest` (they ride on their triangles into the pose).
SceneState applyViewState(const Atlas& rest, const Atlas& posed, const ViewState& state, const std::filesystem::path& source);

// "1600x1200" -> {1600, 1200}; throws UsageError with the accepted form and limits.
std::pair<int, int> parseSize(const std::string& text, int maxSide);

// True if the JSON text looks like a view state rather than an atlas (for "open any file").
bool looksLikeViewState(std::string_view json);

}  // namespace psoas
