#include "core/atlas.hpp"

#include <algorithm>
#include <cstdio>
#include <future>
#include <map>

#include <glm/common.hpp>
#include <glm/vector_relational.hpp>

#include "core/errors.hpp"
#include "core/file_util.hpp"
#include "core/mesh_loader.hpp"

namespace psoas {
namespace fs = std::filesystem;

glm::mat4 MeshTransform::matrix() const {
  glm::mat4 m(axes * scale);
  m[3] = glm::vec4(offset, 1.f);
  return m;
}

int Atlas::findStructure(std::string_view id) const { return findId(structures, id); }

const ViewPreset* Atlas::findView(std::string_view id) const {
  for (const auto& v : views)
    if (v.id == id) return &v;
  return nullptr;
}

std::string Atlas::viewIds() const {
  std::string names;
  for (const auto& v : views) names += (names.empty() ? "" : ", ") + v.id;
  return names;
}

const Group* Atlas::findGroup(std::string_view id) const {
  for (const auto& g : groups)
    if (g.id == id) return &g;
  return nullptr;
}

Bounds Atlas::bounds() const {
  Bounds b;
  for (const auto& s : structures)
    if (s.mesh) b.add(s.mesh->bounds);
  return b;
}

std::size_t Atlas::triangleCount() const {
  std::size_t n = 0;
  for (const auto& s : structures)
    if (s.mesh) n += s.mesh->triangleCount();
  return n;
}

std::vector<ViewPreset> standardViews() {
  // Directions point from the model to the camera in the atlas frame (+X patient's left, +Y up, +Z anterior).
  return {
      {"anterior", "Anterior", {0, 0, 1}, {0, 1, 0}, "1"},
      {"posterior", "Posterior", {0, 0, -1}, {0, 1, 0}, "2"},
      {"left", "Left lateral", {1, 0, 0}, {0, 1, 0}, "3"},
      {"right", "Right lateral", {-1, 0, 0}, {0, 1, 0}, "4"},
      {"superior", "Superior", {0, 1, 0}, {0, 0, 1}, "5"},
      {"inferior", "Inferior", {0, -1, 0}, {0, 0, 1}, "6"},
      {"three_quarter", "Three-quarter (right anterolateral)", glm::normalize(glm::vec3(-0.62f, 0.28f, 0.73f)),
       {0, 1, 0}, "7"},
  };
}

LodTable buildLods(const Atlas& atlas, bool quick) {
  std::vector<std::pair<std::size_t, std::future<std::vector<MeshLod>>>> jobs;
  for (std::size_t i = 0; i < atlas.structures.size(); ++i) {
    const auto& s = atlas.structures[i];
    if (s.mesh)
      jobs.emplace_back(i, std::async(std::launch::async, [m = s.mesh, quick] { return simplifiedLevels(*m, quick); }));
  }
  LodTable table(atlas.structures.size());
  for (auto& [i, job] : jobs) table[i] = std::make_shared<const std::vector<MeshLod>>(job.get());
  return table;
}

void loadAtlasMeshes(Atlas& atlas) {
  // One Assimp import per file, however many structures point into it; files load in parallel.
  std::map<fs::path, std::vector<std::size_t>> byFile;
  for (std::size_t i = 0; i < atlas.structures.size(); ++i)
    if (!atlas.structures[i].mesh) byFile[atlas.structures[i].meshFile].push_back(i);
  struct Job {
    std::vector<std::size_t> members;
    std::future<std::vector<std::shared_ptr<const Mesh>>> result;
  };
  std::vector<Job> jobs;
  const Atlas& ro = atlas;
  for (const auto& entry : byFile) {
    const fs::path file = entry.first;
    const std::vector<std::size_t> members = entry.second;
    Job job;
    job.members = members;
    job.result = std::async(std::launch::async, [&ro, file, members] {
      std::vector<std::shared_ptr<const Mesh>> meshes;
      std::size_t current = members.front();
      try {
        ModelFile mf(file);
        for (std::size_t i : members) {
          current = i;
          const Structure& s = ro.structures[i];
          meshes.push_back(std::make_shared<const Mesh>(mf.extract(s.node, s.transform.matrix())));
        }
      } catch (const ModelError& e) {
        std::string what = std::string(e.what()).substr(e.file.string().size() + 2);
        throw ModelError(e.file, what + " (structure " + quoteValue(ro.structures[current].id) + " in " + ro.file.string() + ")");
      }
      return meshes;
    });
    jobs.push_back(std::move(job));
  }
  // Collect all results before assigning, so an error leaves no half-loaded atlas behind a caller's back.
  std::vector<std::vector<std::shared_ptr<const Mesh>>> results;
  std::exception_ptr firstError;
  for (auto& job : jobs) {
    try {
      results.push_back(job.result.get());
    } catch (...) {
      if (!firstError) firstError = std::current_exception();
      results.emplace_back();
    }
  }
  if (firstError) std::rethrow_exception(firstError);
  for (std::size_t j = 0; j < jobs.size(); ++j)
    for (std::size_t k = 0; k < jobs[j].members.size(); ++k) atlas.structures[jobs[j].members[k]].mesh = results[j][k];
  computeRegionFacing(atlas);  // at rest; a posed atlas moves the points with their bones
  // At rest too: a landmark stays on its bone in every pose, so a posed atlas keeps what is found here.
  for (auto& l : atlas.landmarks) l.holder = structureHolding(atlas, l.position);
  computeAnchors(atlas);
  for (std::size_t i = 0; i < atlas.structures.size(); ++i)
    if (const auto& m = atlas.structures[i].mesh)
      if (auto w = unitsWarning(*m, atlas.structures[i].meshFile, "structure " + quoteValue(atlas.structures[i].id)))
        addWarning(atlas, *w);
  for (const Region& r : atlas.regions)
    if (r.paintsNothing) addWarning(atlas, regionPaintsNothing(atlas, r));
}

void addWarning(Atlas& atlas, const std::string& warning) {
  // Meshes may be loaded more than once into one atlas (the viewer adds models): say each thing once.
  if (std::find(atlas.warnings.begin(), atlas.warnings.end(), warning) == atlas.warnings.end())
    atlas.warnings.push_back(warning);
}

std::string regionPaintsNothing(const Atlas& atlas, const Region& r) {
  std::string on;
  for (int s : r.on) on += (on.empty() ? "" : ", ") + atlas.structures[std::size_t(s)].id;
  std::string owner = r.structures.empty() ? std::string("?") : atlas.structures[std::size_t(r.structures.front())].id;
  return atlas.file.string() + ": region " + quoteValue(r.id) + " (" + r.name + " of " + quoteValue(owner) +
         ") paints nothing on the loaded meshes of " + on +
         ": its shapes miss them (or face away from the muscle); its label is not drawn";
}

std::optional<std::string> unitsWarning(const Mesh& mesh, const fs::path& file, const std::string& what) {
  if (mesh.positions.empty()) return std::nullopt;
  const glm::vec3 size = mesh.bounds.max - mesh.bounds.min;
  const float across = std::max({size.x, size.y, size.z});
  if (across >= kMinPlausibleSize && across <= kMaxPlausibleSize) return std::nullopt;
  char text[64];
  if (across < 0.01f) std::snprintf(text, sizeof text, "%.3g mm", double(across) * 1000.0);
  else std::snprintf(text, sizeof text, "%.3g m", double(across));
  // Too large is nearly always a millimetre or centimetre file read as metres; too small a scale given twice.
  const std::string hint = across > kMaxPlausibleSize ? "is it in millimetres (scale 0.001) or centimetres (scale 0.01)?"
                                                      : "is its scale applied twice, or is it in metres already?";
  return file.string() + ": " + what + " is " + text + " across after its transform, not the size of human anatomy "
         "(1 cm to 3 m): the units are probably wrong (" + hint + ")";
}

namespace {
// The vertex nearest to the mean of `points`: a point on the surface near its middle.
glm::vec3 middlePoint(const std::vector<glm::vec3>& points) {
  glm::dvec3 sum(0.0);
  for (const auto& p : points) sum += glm::dvec3(p);
  glm::vec3 mean(sum / double(points.size()));
  glm::vec3 best = points.front();
  float bestD = 1e30f;
  for (const auto& p : points) {
    glm::vec3 d = p - mean;
    float dd = d.x * d.x + d.y * d.y + d.z * d.z;
    if (dd < bestD) { bestD = dd; best = p; }
  }
  return best;
}
}  // namespace

int structureHolding(const Atlas& atlas, const glm::vec3& p) {
  // Candidates by box (grown by 5 mm), then the nearest surface vertex: a landmark on the femur is inside
  // the boxes of the tendons near it too. The body envelope holds every landmark and never counts.
  const std::vector<int> envelope = layerStructures(atlas, Overlay::Layer::Referral, true);
  int best = -1;
  float bestD = 1e30f;
  for (std::size_t i = 0; i < atlas.structures.size(); ++i) {
    const Structure& st = atlas.structures[i];
    if (!st.mesh || st.skinned || std::find(envelope.begin(), envelope.end(), int(i)) != envelope.end()) continue;
    const glm::vec3 grow(0.005f);
    if (!glm::all(glm::greaterThanEqual(p, st.mesh->bounds.min - grow)) || !glm::all(glm::lessThanEqual(p, st.mesh->bounds.max + grow)))
      continue;
    for (const glm::vec3& q : st.mesh->positions) {
      glm::vec3 d = q - p;
      float d2 = glm::dot(d, d);
      if (d2 < bestD) { bestD = d2; best = int(i); }
    }
  }
  return best;
}

void computeAnchors(Atlas& atlas) {
  for (auto& s : atlas.structures)
    if (s.mesh && !s.mesh->positions.empty()) s.labelAnchor = middlePoint(s.mesh->positions);
  for (auto& r : atlas.regions) {
    Bounds reach;
    for (const Shape& sh : r.shapes) reach.add(shapeBounds(sh));
    std::vector<glm::vec3> inside;
    bool anyMesh = false;
    std::optional<glm::vec3> inFace;  // a coarse mesh may be painted only inside its triangles
    for (int on : r.on) {
      const auto& mesh = atlas.structures[std::size_t(on)].mesh;
      anyMesh = anyMesh || mesh;
      if (!mesh || !overlaps(reach, mesh->bounds)) continue;
      if (!inFace) inFace = paintedPointOn(r, *mesh);
      for (std::size_t v = 0; v < mesh->positions.size(); ++v) {
        const glm::vec3& p = mesh->positions[v];
        if (glm::all(glm::greaterThanEqual(p, reach.min)) && glm::all(glm::lessThanEqual(p, reach.max)) &&
            regionDistance(r, p, mesh->normals[v]) <= 0.f)
          inside.push_back(p);
      }
    }
    r.paintsNothing = anyMesh && !inFace;
    r.anchor = !inside.empty() ? middlePoint(inside) : inFace ? *inFace : r.shapes.front().a;
  }
}

int Atlas::findLandmark(std::string_view id) const { return findId(landmarks, id); }
int Atlas::findOverlay(std::string_view id) const { return findId(overlays, id); }
int Atlas::findRegion(std::string_view id) const { return findId(regions, id); }
int Atlas::findLabelSet(std::string_view id) const { return findId(labelSets, id); }

std::string Atlas::regionTitle(int region) const {
  const Region& r = regions.at(std::size_t(region));
  std::string owner = r.structures.empty() ? overlays[std::size_t(r.overlay)].name
                                           : structures[std::size_t(r.structures.front())].name;
  return owner + " \u2014 " + r.name + (r.text.empty() ? "" : ": " + r.text);
}

Atlas loadAtlas(const fs::path& file) {
  Atlas atlas = parseAtlas(readTextFile(file), file);
  loadAtlasMeshes(atlas);
  return atlas;
}

int addImportedModel(Atlas& atlas, const fs::path& file, const MeshTransform& transform) {
  Structure s;
  s.meshFile = fs::absolute(file).lexically_normal();
  s.transform = transform;
  s.mesh = std::make_shared<const Mesh>(ModelFile(s.meshFile).extract("", transform.matrix()));
  if (auto w = unitsWarning(*s.mesh, file, "the model")) addWarning(atlas, *w + "; give --unit-scale (and --axes) for it");
  std::string stem = file.stem().string();
  std::string id = "imported_" + stem;
  for (int n = 2; atlas.findStructure(id) >= 0; ++n) id = "imported_" + stem + "_" + std::to_string(n);
  s.id = id;
  s.name = file.filename().string();
  s.group = "imported";
  s.side = "midline";
  s.color = {0.55f, 0.72f, 0.86f};
  s.description = "Model opened from " + s.meshFile.string() + ".";
  if (!s.mesh->positions.empty()) s.labelAnchor = middlePoint(s.mesh->positions);
  if (!atlas.findGroup("imported")) atlas.groups.push_back({"imported", "Imported models"});
  atlas.structures.push_back(std::move(s));
  return int(atlas.structures.size()) - 1;
}

}  // namespace psoas
