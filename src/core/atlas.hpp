#pragma once
// The atlas: what structures exist, how they look by default, where their meshes are. Pure data;
// the engine knows no structure by name.
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <glm/mat4x4.hpp>
#include <glm/vec3.hpp>
#include <nlohmann/json_fwd.hpp>

#include "core/frames.hpp"
#include "core/mesh.hpp"
#include "core/motion.hpp"
#include "core/teaching.hpp"

namespace psoas {

// How a mesh file's coordinates become atlas coordinates (metres, +Y up, +Z anterior, +X patient's left).
struct MeshTransform {
  float scale = 1.f;
  glm::mat3 axes{1.f};     // row i: which source axis feeds atlas axis i (signed unit vectors)
  glm::vec3 offset{0.f};   // metres, applied after scale and axes
  glm::mat4 matrix() const;
};

struct Group {
  std::string id;
  std::string name;
};

struct Structure {
  std::string id;
  std::string name;
  std::string latin;
  std::string group;
  std::string side;  // "left", "right" or "midline"
  std::vector<std::string> aliases;
  std::filesystem::path meshFile;  // absolute after loading
  std::string node;                // optional node/mesh name inside the file; empty = whole file
  MeshTransform transform;
  glm::vec3 color{0.8f};  // sRGB
  float opacity = 1.f;
  std::string label;      // short text for labels; empty: the name
  int factSheet = -1;     // index into Atlas::factSheets
  std::string description;
  std::string note;
  std::vector<std::string> sources;
  std::shared_ptr<const Mesh> mesh;  // null until loaded
  glm::vec3 labelAnchor{0.f};  // surface point a label's leader line points at; set when the mesh loads
  // The skeleton segment it moves with (docs/motion-format.md); empty: it stays put. A structure that
  // bridges two segments (a disc) takes `blendWeight` of the way to `blendSegment`'s motion.
  std::string segment, blendSegment;
  float blendWeight = 0.f;
  glm::vec3 blendCentre{0.f};  // the centre of the joint between the two
  bool blendAlong = false;     // blend per vertex along blendFrom -> blendTo (blendedMesh())
  glm::vec3 blendFrom{0.f}, blendTo{0.f};
  // The body envelope: each vertex moves with the bones nearest it, blended around joints (posed_atlas.hpp).
  bool skinned = false;

  const std::string& labelText() const { return label.empty() ? name : label; }
};

struct ViewPreset {
  std::string id;
  std::string name;
  glm::vec3 direction{0, 0, 1};  // from the target towards the camera
  glm::vec3 up{0, 1, 0};
  std::string key;  // keyboard shortcut, "1".."9"
};

struct Landmark {
  std::string id;
  std::string name;
  glm::vec3 position{0.f};
  std::string segment;  // the skeleton segment it moves with; empty without a skeleton
  std::vector<std::string> aliases;  // other names a student may give ("ASIS")
  // A point the model is built from (a body or joint centre), not something to find on a skeleton:
  // labels may use it, self-tests never ask it.
  bool construction = false;
  int holder = -1;  // the structure it is on (structureHolding), found when the meshes load; -1 if none
};

struct Atlas {
  std::filesystem::path file;
  std::string title;
  std::string disclaimer;
  std::vector<Group> groups;
  std::vector<Structure> structures;
  std::vector<ViewPreset> views;
  std::vector<Landmark> landmarks;
  // Bone frames built from the landmarks (core/frames.hpp); region shapes may be given in them.
  std::vector<BoneFrame> frames;
  // Teaching data (docs/teaching-format.md), usually from included files.
  std::vector<EvidenceLevel> evidenceLevels;
  std::vector<RegionStyle> regionStyles;
  std::vector<Overlay> overlays;
  std::vector<Region> regions;
  std::vector<TriggerPoint> triggerPoints;
  std::vector<Symptom> symptoms;
  std::vector<FactSheet> factSheets;
  std::vector<LabelSet> labelSets;
  // The kinematic chain, muscle paths, poses and gait cycles (docs/motion-format.md); empty: static.
  MotionData motion;
  // What loading found doubtful but not wrong (a region that paints nothing, a mesh whose size suggests
  // other units, structures an included file names that the atlas lacks): the CLI prints them on stderr,
  // the viewer shows them. Each starts with the file it is about.
  std::vector<std::string> warnings;

  int findStructure(std::string_view id) const;  // -1 if absent
  const ViewPreset* findView(std::string_view id) const;
  std::string viewIds() const;  // "anterior, posterior, ..." for messages
  const Group* findGroup(std::string_view id) const;
  int findLandmark(std::string_view id) const;
  int findOverlay(std::string_view id) const;
  int findRegion(std::string_view id) const;
  int findLabelSet(std::string_view id) const;
  // "Psoas major (left) — origin: bodies and discs T12–L4, ..." for a picked region.
  std::string regionTitle(int region) const;
  Bounds bounds() const;
  std::size_t triangleCount() const;
};

// Parses and validates atlas JSON; mesh paths are resolved relative to `file`'s directory.
// Throws AtlasError naming the file and the JSON path of the first problem.
Atlas parseAtlas(std::string_view json, const std::filesystem::path& file);
// Reads, parses and loads every mesh (ModelError names the mesh file and the structure).
Atlas loadAtlas(const std::filesystem::path& file);
void loadAtlasMeshes(Atlas& atlas);
// simplifiedLevels for every structure, meshes in parallel (quick: coarser, for a first frame).
LodTable buildLods(const Atlas& atlas, bool quick = false);
// Reads the teaching lists of the atlas document and of its included files into `atlas` (after its
// structures and landmarks are known) and resolves every reference. Used by parseAtlas.
void parseTeaching(Atlas& atlas, const std::vector<std::pair<const nlohmann::json*, std::filesystem::path>>& docs);
// Reads the motion lists (segments, joints, muscle paths, poses...) after the teaching lists, and
// which segment each structure and landmark moves with. Used by parseAtlas.
void parseMotion(Atlas& atlas, const std::vector<std::pair<const nlohmann::json*, std::filesystem::path>>& docs);
// Label anchors of structures and regions, from the loaded meshes; flags the regions that paint nothing.
void computeAnchors(Atlas& atlas);
// The structure a point (a landmark) is on: the nearest surface among the structures whose box holds it,
// the body envelope excluded; -1 if none.
int structureHolding(const Atlas& atlas, const glm::vec3& point);
// Adds a warning once (a second identical one is dropped).
void addWarning(Atlas& atlas, const std::string& warning);
// "atlas.json: region "x" (origin of "iliacus_l") paints nothing on the loaded meshes of hip_bone_l ...".
std::string regionPaintsNothing(const Atlas& atlas, const Region& region);

// Human anatomy, from a small bone to a whole body: a mesh outside this (metres, largest side of its box,
// after its transform) is nearly always in other units than its transform assumes.
inline constexpr float kMinPlausibleSize = 0.01f, kMaxPlausibleSize = 3.f;
// The warning for a mesh outside that size, naming `file` and `what` ("structure \"femur_l\""); none inside.
std::optional<std::string> unitsWarning(const Mesh& mesh, const std::filesystem::path& file, const std::string& what);

// The anatomical views every atlas gets unless it defines its own.
std::vector<ViewPreset> standardViews();

// Adds any model file Assimp reads as a new structure in group "imported" (created if missing), its
// coordinates taken through `transform` (--unit-scale, --axes); a size that suggests other units is a
// warning in atlas.warnings. Returns the new structure's index.
int addImportedModel(Atlas& atlas, const std::filesystem::path& file, const MeshTransform& transform = {});

// The signed source axis names of `mesh_defaults.axes` (["+x", "+z", "-y"]: atlas X, Y, Z from source
// +x, +z, -y) as rows of a matrix; nullopt and `error` ("axis \"y\" is used twice") when they are not three
// distinct axes. `which` is the name at fault, -1 for the list.
std::optional<glm::mat3> axesFromNames(const std::vector<std::string>& names, std::string& error, int& which);

}  // namespace psoas
