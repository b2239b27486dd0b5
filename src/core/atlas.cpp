#include "core/atlas.hpp"

#include <map>

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

int Atlas::findStructure(std::string_view id) const {
  for (std::size_t i = 0; i < structures.size(); ++i)
    if (structures[i].id == id) return int(i);
  return -1;
}

const ViewPreset* Atlas::findView(std::string_view id) const {
  for (const auto& v : views)
    if (v.id == id) return &v;
  return nullptr;
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

void loadAtlasMeshes(Atlas& atlas) {
  // One Assimp import per file, however many structures point into it.
  std::map<fs::path, std::unique_ptr<ModelFile>> files;
  for (auto& s : atlas.structures) {
    if (s.mesh) continue;
    auto& mf = files[s.meshFile];
    try {
      if (!mf) mf = std::make_unique<ModelFile>(s.meshFile);
      s.mesh = std::make_shared<const Mesh>(mf->extract(s.node, s.transform.matrix()));
    } catch (const ModelError& e) {
      throw ModelError(e.file, std::string(e.what()).substr(e.file.string().size() + 2) + " (structure \"" + s.id +
                                   "\" in " + atlas.file.string() + ")");
    }
  }
}

Atlas loadAtlas(const fs::path& file) {
  Atlas atlas = parseAtlas(readTextFile(file), file);
  loadAtlasMeshes(atlas);
  return atlas;
}

int addImportedModel(Atlas& atlas, const fs::path& file) {
  Structure s;
  s.meshFile = fs::absolute(file).lexically_normal();
  s.mesh = std::make_shared<const Mesh>(ModelFile(s.meshFile).extract("", glm::mat4(1.f)));
  std::string stem = file.stem().string();
  std::string id = "imported_" + stem;
  for (int n = 2; atlas.findStructure(id) >= 0; ++n) id = "imported_" + stem + "_" + std::to_string(n);
  s.id = id;
  s.name = file.filename().string();
  s.group = "imported";
  s.side = "midline";
  s.color = {0.55f, 0.72f, 0.86f};
  s.description = "Model opened from " + s.meshFile.string() + ".";
  if (!atlas.findGroup("imported")) atlas.groups.push_back({"imported", "Imported models"});
  atlas.structures.push_back(std::move(s));
  return int(atlas.structures.size()) - 1;
}

}  // namespace psoas
