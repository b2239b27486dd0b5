#pragma once
// What one frame draws, decided without GL: flat draw lists built from the atlas, the scene state, the
// interaction (hover) and the frame options. Every rule about what is seen — visibility, ghost mode,
// referral-only envelopes, highlighting, painted regions, the cut, back-face culling and the level of
// detail — lives in buildFramePlan; the render passes only draw the lists, and picking draws the same
// lists. A posed skeleton changes `model` (bones) and fills `deformed` (muscles, the body envelope).
#include <vector>

#include <glm/mat4x4.hpp>
#include <glm/vec2.hpp>
#include <glm/vec3.hpp>
#include <glm/vec4.hpp>

#include "core/camera.hpp"
#include "core/mesh.hpp"
#include "core/teaching.hpp"

namespace psoas {

struct Atlas;
struct SceneState;
struct Annotations;
struct Region;

// A posed scene drawn without copying its bones (core/posed_scene.hpp fills it every frame): per
// structure the model transform of its mesh and, for what deforms (muscles, discs, the envelope), the
// deformed vertices. The atlas the plan is built from holds the posed regions, markers and anchors.
struct PosedGeometry {
  std::vector<glm::mat4> model;       // index as Atlas::structures; missing: identity
  std::vector<const Mesh*> deformed;  // null: the atlas's mesh placed by `model`
  // The regions as at rest: on a rigid bone these are the shapes in its mesh's own frame, by which the
  // renderer splits the mesh into painted and unpainted triangles once, not every frame.
  const std::vector<Region>* restRegions = nullptr;
};

// The box of `mesh` (structure i's) as `posed` places it (the deformed vertices' box, or the mesh's box
// moved by its model transform); `mesh`'s own box without a pose.
Bounds posedBounds(const Mesh& mesh, const PosedGeometry* posed, std::size_t i);

// The shaders are compiled with kMaxRegionShapes and kMaxRegionStyles (core/teaching.hpp, where the loader
// enforces them) injected as #defines, so they cannot drift apart.
inline constexpr float kRegionSoftEdge = 0.004f;  // metres: how far outside its shapes a region's edge fades

struct PassTimes {
  double opaque = 0, translucent = 0, mask = 0, overlay = 0, depthCue = 0, resolve = 0;  // milliseconds
  long triangles = 0;  // submitted to the driver (back faces culled there included)
};

struct FrameOptions {
  int width = 800;   // output pixels
  int height = 600;
  int ssaa = 2;      // supersampling factor per axis, 1..4
  float lineScale = 1.f;  // outline widths scale (HiDPI, print)
  int aoSamples = 10;     // 0 turns the ambient-occlusion-like depth cue off
  bool contours = true;   // soft dark lines at depth steps
  // Draw each structure's coarsest simplified mesh (from `lods`, where it has some) whose error stays under
  // this many output pixels; 0: full detail.
  float lodPixels = 0.f;
  const LodTable* lods = nullptr;
  // Render only the sub-rectangle (regionX, regionY, width, height) of a fullWidth x fullHeight image
  // (origin top left): tiles of a figure larger than the GPU allows. 0: the whole image.
  int fullWidth = 0, fullHeight = 0, regionX = 0, regionY = 0;
  const Annotations* annotations = nullptr;  // labels and legend, in full-image pixels
  // Flush the driver after every so many triangles (0: never). Bounds a software rasteriser's memory for
  // very large models, at some cost in time: for one-off figures, not for interactive frames.
  long flushEveryTriangles = 0;
  // Benchmarks: when set, every pass is finished before the next starts and its wall time stored here
  // (this serialises the driver, so the sum exceeds a normal frame's time).
  PassTimes* passTimes = nullptr;
  // The window's or the figure's, not the scene's: a view state keeps it with the figure settings.
  glm::vec4 background{1.f, 1.f, 1.f, 1.f};  // sRGB, straight alpha; alpha 0 = transparent figure
  const PosedGeometry* posed = nullptr;  // the viewer's posed scene; null: every mesh as the atlas has it
};

// What the pointer is over: drawn (a hover tint), never saved in a view state.
struct Interaction {
  int hovered = -1;        // structure
  int hoveredRegion = -1;  // painted region, named in the tooltip
  bool operator==(const Interaction&) const = default;
};

// The regions painted on one item, as the shaders take them: (a, radius), (b, style code) and (facing,
// least cosine), where the
// code is the style index, plus kMaxRegionStyles when the region is emphasised.
struct PaintShapes {
  std::vector<Shape> shapes;  // the same shapes in the mesh's own frame, for splitting it by what they reach
  std::vector<glm::vec4> a, b;
  std::vector<glm::vec4> f;  // the point the painted surface faces, and the least cosine (< -1: any surface)
  bool empty() const { return shapes.empty(); }
  bool operator==(const PaintShapes&) const = default;
};

struct DrawItem {
  int structure = -1;      // index into Atlas::structures; -1 for a marker
  int triggerPoint = -1;   // markers: index into Atlas::triggerPoints
  const Mesh* mesh = nullptr;  // the atlas's mesh (null for a marker: the renderer's sphere)
  // Filled by whoever deforms this structure this frame (same vertex count and triangles as `mesh`,
  // owned by the caller and alive until the frame is drawn): its vertices are uploaded every frame.
  const Mesh* deformed = nullptr;
  const std::vector<MeshLod>* lods = nullptr;  // the structure's simplified meshes, if any
  int level = -1;               // simplified mesh to draw (index into *lods), -1: full detail
  glm::mat4 model{1.f};         // mesh to world; identity for the rest pose
  glm::vec3 color{0.8f};        // linear rgb
  float opacity = 1.f;          // as drawn: ghost mode and hiding already applied
  float tint = 0.f;             // highlight strength: selection, hover, selected marker
  bool outline = false;         // drawn as its silhouette (an envelope around an overlay)
  bool paintOnly = false;       // hidden, yet its referral regions still show (and can be picked)
  bool cut = false;             // the clipping plane applies
  bool cull = false;            // back faces may be culled (a closed surface not opened by a cut)
  PaintShapes paint;

  const Mesh& geometry() const { return deformed ? *deformed : *mesh; }
  Bounds worldBounds() const;  // of the geometry, placed by `model`
};

struct FramePlan {
  std::vector<DrawItem> opaque;       // depth-written surfaces, structure order
  std::vector<DrawItem> translucent;  // weighted blended: translucent, outlined, paint-only; structure order
  std::vector<DrawItem> markers;      // trigger-point spheres (opaque, back faces culled)
  std::vector<DrawItem> outline;      // the selection silhouette, drawn through everything
  const Annotations* labels = nullptr;

  Camera camera;
  bool cut = false;
  glm::vec4 clipPlane{0, 0, 0, 1};  // world-space (n, d); kept where dot(n, p) + d >= 0
  glm::vec4 background{1.f};        // sRGB, straight alpha
  // Region styles: linear rgb with the fill opacity in a; x: stipple, y: border.
  glm::vec4 styleColor[kMaxRegionStyles]{}, styleInfo[kMaxRegionStyles]{};
  bool anyLit = false;  // some regions are emphasised: the others step back

  bool empty() const { return opaque.empty() && translucent.empty() && markers.empty(); }
  // Every structure item (opaque and translucent) in structure order: what picking draws.
  std::vector<const DrawItem*> structuresInOrder() const;
};

FramePlan buildFramePlan(const Atlas& atlas, const SceneState& state, const Interaction& interaction,
                         const FrameOptions& frame);

// The trigger point whose marker is nearest `pixel` (origin top left) of a width x height view, within
// `radiusPx`, or -1. Markers are small and sit on their muscle, so they are picked by distance on screen.
int markerAt(const FramePlan& plan, int width, int height, glm::vec2 pixel, float radiusPx);

// The level of detail for a mesh whose nearest point lies `depth` in front of the camera: the coarsest
// simplified level whose error covers at most `maxPixels` pixels of an image `imageHeight` high, or -1.
int chooseLevel(const std::vector<MeshLod>& lods, float depth, const Camera& camera, float imageHeight, float maxPixels);

}  // namespace psoas
