#include "core/mesh_loader.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <stdexcept>
#include <set>
#include <sstream>
#include <system_error>
#include <vector>

#include <sys/stat.h>

#include <assimp/DefaultIOSystem.h>
#include <assimp/Importer.hpp>
#include <assimp/postprocess.h>
#include <assimp/scene.h>
#include <glm/gtc/matrix_inverse.hpp>
#include <glm/mat3x3.hpp>

#include "core/camera.hpp"
#include "core/errors.hpp"
#include "core/file_util.hpp"

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
// checked here first against the format's grammar. Only the first 64 KiB are read: a header is never
// longer, and a 2 GB file without line breaks must not be read whole to find that out.
void checkPlyHeader(const fs::path& file) {
  std::string head(64 << 10, '\0');
  std::ifstream raw(file, std::ios::binary);
  raw.read(head.data(), std::streamsize(head.size()));
  head.resize(std::size_t(raw.gcount()));
  std::istringstream in(head);
  std::string line;
  auto fail = [&](const std::string& why) { throw ModelError(file, "not a valid PLY file: " + why); };
  if (!std::getline(in, line) || (line != "ply" && line != "ply\r")) fail("the first line is not \"ply\"");
  static const std::set<std::string> types = {"char", "uchar", "short", "ushort", "int", "uint", "float", "double",
                                              "int8", "uint8", "int16", "uint16", "int32", "uint32", "float32",
                                              "float64"};
  bool format = false, element = false;
  for (int n = 0; n < 10000 && std::getline(in, line); ++n) {
    if (in.eof()) break;  // a line cut at 64 KiB: no end_header within it
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
        fail("bad format line " + quoteValue(line));
      format = true;
    } else if (k == "element") {
      if (w.size() != 3 || w[2].find_first_not_of("0123456789") != std::string::npos)
        fail("bad element line " + quoteValue(line));
      element = true;
    } else if (k == "property") {
      bool list = w.size() == 5 && w[1] == "list" && types.count(w[2]) && types.count(w[3]);
      bool scalar = w.size() == 3 && types.count(w[1]);
      if (!element || !(list || scalar)) fail("bad property line " + quoteValue(line));
    } else {
      fail("unknown header line " + quoteValue(line, 60));
    }
  }
  fail("no end_header in the first 64 KiB");
}

// Every file Assimp opens (the model, and a glTF's .bin or an OBJ's .mtl beside it) is checked first: a
// regular file within the size limit. A FIFO would block the import for ever, /dev/zero would never end.
class GuardedIOSystem : public Assimp::DefaultIOSystem {
 public:
  Assimp::IOStream* Open(const char* file, const char* mode) override {
    try {
      checkInputFile(file, kMaxModelBytes);
    } catch (const FileError& e) {
      if (refused.empty()) refused = e.what();
      return nullptr;
    }
    return DefaultIOSystem::Open(file, mode);
  }
  // Assimp 5.2's own Exists() opens the file to see whether it is there, which blocks on a FIFO.
  bool Exists(const char* file) const override {
    struct stat st {};
    return ::stat(file, &st) == 0;
  }
  std::string refused;  // the first file refused, with why
};

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
  std::uintmax_t size = 0;
  try {
    size = checkInputFile(file, kMaxModelBytes);
  } catch (const FileError& e) {
    throw ModelError(file, e.reason == "file not found" ? "model file not found" : e.reason);
  }
  if (size == 0) throw ModelError(file, "model file is empty");
  {
    char magic[4] = {};
    std::ifstream(file, std::ios::binary).read(magic, 4);
    std::string ext = file.extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    if (ext == ".ply" || std::string(magic, 4) == "ply\n" || std::string(magic, 4) == "ply\r") checkPlyHeader(file);
  }
  auto* io = new GuardedIOSystem;
  impl_->importer.SetIOHandler(io);  // the importer owns it
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
    if (!io->refused.empty()) throw ModelError(file, "cannot read model: " + io->refused);
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
        throw ModelError(file, "vertex " + std::to_string(v) + " of mesh " + quoteValue(am->mName.C_Str()) + " is not finite");
      // Beyond this a figure's camera could not be saved in its view state (nor drawn in float precision).
      if (float far = std::max({std::abs(wp.x), std::abs(wp.y), std::abs(wp.z)}); far > kMaxSceneCoordinate) {
        char buf[160];
        std::snprintf(buf, sizeof buf, "vertex %u has a coordinate of %.3g, beyond the +/-%.0e this program renders: "
                      "rescale the model", v, double(far), double(kMaxSceneCoordinate));
        throw ModelError(file, buf);
      }
      out.positions.push_back(wp);
      glm::vec3 n(0, 0, 1);
      if (am->mNormals) {
        glm::vec3 t = nm * glm::vec3(am->mNormals[v].x, am->mNormals[v].y, am->mNormals[v].z);
        float len = glm::length(t);
        if (std::isfinite(len) && len > 1e-12f) n = t / len;
      }
      out.normals.push_back(n);
    }
    if (out.indices.size() / 3 + am->mNumFaces > kMaxModelTriangles)
      throw ModelError(file, "the model has more than " + std::to_string(kMaxModelTriangles) + " triangles");
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
      throw ModelError(impl_->file, "no node named " + quoteValue(nodeName) + " (nodes: " + names + ")");
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
