#include "core/mesh_loader.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <fstream>
#include <stdexcept>
#include <set>
#include <sstream>
#include <system_error>
#include <vector>

#include <assimp/Importer.hpp>
#include <assimp/postprocess.h>
#include <assimp/scene.h>
#include <glm/gtc/matrix_inverse.hpp>
#include <glm/mat3x3.hpp>

#include "core/errors.hpp"

// Debian's Assimp is built with its internal assertions on, and a malformed file can trip one (fuzzing
// found one in the triangulation step), which would abort the whole program. Defining the handler here
// takes precedence over the library's (ELF symbol interposition): the assertion becomes an exception,
// which Assimp's importer reports as an ordinary import error. It lives in this file because every
// program that loads models links it.
namespace Assimp {
void aiAssertViolation(const char* expression, const char* file, int line) {
  throw std::runtime_error(std::string("the importer rejected the data (internal check \"") + expression +
                           "\" failed in " + file + ":" + std::to_string(line) + ")");
}
}  // namespace Assimp

namespace psoas {
namespace fs = std::filesystem;

void Bounds::add(const glm::vec3& p) {
  min = glm::min(min, p);
  max = glm::max(max, p);
}
void Bounds::add(const Bounds& b) {
  if (b.empty()) return;
  add(b.min);
  add(b.max);
}
void Mesh::computeBounds() {
  bounds = Bounds{};
  for (const auto& p : positions) bounds.add(p);
}

namespace {
// Assimp 5.2's PLY importer can loop forever on a malformed header (found by fuzzing), so PLY headers are
// checked here first against the format's grammar.
void checkPlyHeader(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::string line;
  auto fail = [&](const std::string& why) { throw ModelError(file, "not a valid PLY file: " + why); };
  if (!std::getline(in, line) || (line != "ply" && line != "ply\r")) fail("the first line is not \"ply\"");
  static const std::set<std::string> types = {"char", "uchar", "short", "ushort", "int", "uint", "float", "double",
                                              "int8", "uint8", "int16", "uint16", "int32", "uint32", "float32",
                                              "float64"};
  bool format = false, element = false;
  for (int n = 0; n < 10000 && std::getline(in, line); ++n) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    std::istringstream words(line);
    std::vector<std::string> w;
    for (std::string x; words >> x;) w.push_back(x);
    if (w.empty()) fail("empty line in the header");
    const std::string& k = w[0];
    if (k == "end_header") {
      if (!format || !element) fail("the header lacks a format or an element");
      return;
    }
    if (k == "comment" || k == "obj_info") continue;
    if (k == "format") {
      if (w.size() != 3 || (w[1] != "ascii" && w[1] != "binary_little_endian" && w[1] != "binary_big_endian"))
        fail("bad format line \"" + line + "\"");
      format = true;
    } else if (k == "element") {
      if (w.size() != 3 || w[2].find_first_not_of("0123456789") != std::string::npos)
        fail("bad element line \"" + line + "\"");
      element = true;
    } else if (k == "property") {
      bool list = w.size() == 5 && w[1] == "list" && types.count(w[2]) && types.count(w[3]);
      bool scalar = w.size() == 3 && types.count(w[1]);
      if (!element || !(list || scalar)) fail("bad property line \"" + line + "\"");
    } else {
      fail("unknown header line \"" + line.substr(0, 60) + "\"");
    }
  }
  fail("no end_header");
}
}  // namespace

struct ModelFile::Impl {
  fs::path file;
  Assimp::Importer importer;
  const aiScene* scene = nullptr;
  bool indexed = false;  // glTF: vertices shared already, no welding needed
  bool hasNormals = true;  // every mesh in the file has normals
};

ModelFile::ModelFile(const fs::path& file) : impl_(std::make_unique<Impl>()) {
  impl_->file = file;
  std::error_code ec;
  if (!fs::exists(file, ec)) throw ModelError(file, "model file not found");
  if (fs::is_directory(file, ec)) throw ModelError(file, "is a directory, expected a model file");
  if (fs::file_size(file, ec) == 0) throw ModelError(file, "model file is empty");
  {
    char magic[4] = {};
    std::ifstream(file, std::ios::binary).read(magic, 4);
    std::string ext = file.extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    if (ext == ".ply" || std::string(magic, 4) == "ply\n" || std::string(magic, 4) == "ply\r") checkPlyHeader(file);
  }
  // Points and lines are dropped: the atlas is made of surfaces.
  impl_->importer.SetPropertyInteger(AI_CONFIG_PP_SBP_REMOVE, aiPrimitiveType_POINT | aiPrimitiveType_LINE);
  // Files without normals get smooth ones in appendNode (not aiProcess_GenSmoothNormals, whose spatial
  // sort took most of a big OBJ's load time).
  unsigned flags = aiProcess_ValidateDataStructure | aiProcess_Triangulate | aiProcess_SortByPType |
                   aiProcess_FindInvalidData;
  // No aiProcess_JoinIdenticalVertices: its spatial sort took half of the load time of a big OBJ.
  // extract() welds identical vertices with a hash table instead (glTF is indexed already).
  std::string ext = file.extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return char(std::tolower(c)); });
  impl_->indexed = ext == ".glb" || ext == ".gltf";
  impl_->scene = impl_->importer.ReadFile(file.string(), flags);
  if (!impl_->scene) {
    std::string why = impl_->importer.GetErrorString();
    if (why.find("No meshes remaining") != std::string::npos)
      why = "the file holds no usable triangles (invalid, empty or only points and lines)";
    throw ModelError(file, "cannot read model: " + (why.empty() ? std::string("unknown format or broken file") : why));
  }
  if (impl_->scene->mFlags & AI_SCENE_FLAGS_INCOMPLETE || !impl_->scene->mRootNode)
    throw ModelError(file, "model is incomplete (no mesh data could be read)");
  for (unsigned i = 0; i < impl_->scene->mNumMeshes; ++i)
    if (!impl_->scene->mMeshes[i]->mNormals) impl_->hasNormals = false;
}

ModelFile::~ModelFile() = default;

namespace {
glm::mat4 toGlm(const aiMatrix4x4& m) {
  // Assimp is row-major, glm column-major.
  return glm::mat4(m.a1, m.b1, m.c1, m.d1, m.a2, m.b2, m.c2, m.d2, m.a3, m.b3, m.c3, m.d3, m.a4, m.b4, m.c4, m.d4);
}

const aiNode* findNode(const aiNode* n, const std::string& name) {
  if (n->mName.C_Str() == name) return n;
  for (unsigned i = 0; i < n->mNumChildren; ++i)
    if (const aiNode* f = findNode(n->mChildren[i], name)) return f;
  return nullptr;
}

void collectNames(const aiNode* n, std::vector<std::string>& out) {
  if (n->mName.length) out.emplace_back(n->mName.C_Str());
  for (unsigned i = 0; i < n->mNumChildren; ++i) collectNames(n->mChildren[i], out);
}

constexpr float kCreaseDegrees = 66.f;

void appendNode(const aiScene* scene, const aiNode* node, const glm::mat4& parent, Mesh& out, const fs::path& file,
                int depth) {
  if (depth > 256) throw ModelError(file, "node hierarchy is deeper than 256 levels");
  glm::mat4 m = parent * toGlm(node->mTransformation);
  glm::mat3 nm = glm::inverseTranspose(glm::mat3(m));
  bool flip = glm::determinant(glm::mat3(m)) < 0.f;  // a mirroring transform turns triangles inside out
  for (unsigned k = 0; k < node->mNumMeshes; ++k) {
    if (node->mMeshes[k] >= scene->mNumMeshes) throw ModelError(file, "node refers to a missing mesh");
    const aiMesh* am = scene->mMeshes[node->mMeshes[k]];
    if (!(am->mPrimitiveTypes & aiPrimitiveType_TRIANGLE) || !am->HasFaces()) continue;
    auto base = std::uint32_t(out.positions.size());
    const std::size_t firstIndex = out.indices.size();
    for (unsigned v = 0; v < am->mNumVertices; ++v) {
      const aiVector3D& p = am->mVertices[v];
      glm::vec3 wp = glm::vec3(m * glm::vec4(p.x, p.y, p.z, 1.f));
      if (!std::isfinite(wp.x) || !std::isfinite(wp.y) || !std::isfinite(wp.z))
        throw ModelError(file, "vertex " + std::to_string(v) + " of mesh \"" + am->mName.C_Str() + "\" is not finite");
      out.positions.push_back(wp);
      glm::vec3 n(0, 0, 1);
      if (am->mNormals) {
        glm::vec3 t = nm * glm::vec3(am->mNormals[v].x, am->mNormals[v].y, am->mNormals[v].z);
        float len = glm::length(t);
        if (std::isfinite(len) && len > 1e-12f) n = t / len;
      }
      out.normals.push_back(n);
    }
    for (unsigned f = 0; f < am->mNumFaces; ++f) {
      const aiFace& face = am->mFaces[f];
      if (face.mNumIndices != 3) continue;
      std::uint32_t a = face.mIndices[0], b = face.mIndices[1], c = face.mIndices[2];
      if (a >= am->mNumVertices || b >= am->mNumVertices || c >= am->mNumVertices)
        throw ModelError(file, "a face refers to a missing vertex");
      if (flip) std::swap(b, c);
      out.indices.insert(out.indices.end(), {base + a, base + b, base + c});
    }
    // Hard edges (CAD-like parts, printed models) stay sharp.
    if (!am->mNormals) generateSmoothNormals(out, base, firstIndex, kCreaseDegrees);
  }
  for (unsigned i = 0; i < node->mNumChildren; ++i) appendNode(scene, node->mChildren[i], m, out, file, depth + 1);
}
}  // namespace

Mesh ModelFile::extract(const std::string& nodeName, const glm::mat4& transform) const {
  const aiScene* scene = impl_->scene;
  const aiNode* start = scene->mRootNode;
  glm::mat4 parent = transform;
  if (!nodeName.empty()) {
    start = findNode(scene->mRootNode, nodeName);
    if (!start) {
      std::string names;
      for (auto& n : nodeNames()) names += (names.empty() ? "" : ", ") + n;
      throw ModelError(impl_->file, "no node named \"" + nodeName + "\" (nodes: " + names + ")");
    }
    // The node's ancestors' transforms apply too, root first.
    std::vector<const aiNode*> chain;
    for (const aiNode* p = start->mParent; p; p = p->mParent) chain.push_back(p);
    for (auto it = chain.rbegin(); it != chain.rend(); ++it) parent = parent * toGlm((*it)->mTransformation);
  }
  Mesh mesh;
  appendNode(scene, start, parent, mesh, impl_->file, 0);
  if (mesh.indices.empty()) throw ModelError(impl_->file, "model holds no triangles");
  if (!impl_->indexed || !impl_->hasNormals) weldIdenticalVertices(mesh);
  optimizeForDrawing(mesh);
  mesh.computeBounds();
  mesh.closed = isClosedSurface(mesh);
  return mesh;
}

std::vector<std::string> ModelFile::nodeNames() const {
  std::vector<std::string> out;
  collectNames(impl_->scene->mRootNode, out);
  return out;
}

}  // namespace psoas

namespace psoas {
bool isSupportedModelFile(const std::filesystem::path& file) {
  std::string ext = file.extension().string();
  if (ext.size() < 2) return false;
  static Assimp::Importer probe;
  return probe.IsExtensionSupported(ext);
}
}  // namespace psoas
