#include "core/gltf_writer.hpp"

#include <cstdint>
#include <cstring>

#include <nlohmann/json.hpp>

#include "core/color.hpp"

namespace psoas {

namespace {
void append(std::string& bin, const void* data, std::size_t bytes) {
  bin.append(static_cast<const char*>(data), bytes);
}
void pad(std::string& s, char with) {
  while (s.size() % 4) s.push_back(with);
}
void putU32(std::string& out, std::uint32_t v) {
  char b[4];
  std::memcpy(b, &v, 4);  // glTF is little-endian, as is every machine this builds for
  out.append(b, 4);
}

// One buffer view and accessor over the bytes just appended to `bin`.
int addAccessor(nlohmann::json& doc, std::size_t offset, std::size_t bytes, int target, int componentType,
                std::size_t count, const char* type) {
  int view = int(doc["bufferViews"].size());
  doc["bufferViews"].push_back({{"buffer", 0}, {"byteOffset", offset}, {"byteLength", bytes}, {"target", target}});
  int acc = int(doc["accessors"].size());
  doc["accessors"].push_back({{"bufferView", view}, {"componentType", componentType}, {"count", count}, {"type", type}});
  return acc;
}
}  // namespace

std::string writeGlb(const std::vector<GltfItem>& items, const std::string& generator) {
  constexpr int kFloat = 5126, kUint = 5125, kArray = 34962, kElements = 34963;
  nlohmann::json doc = {{"asset", {{"version", "2.0"}, {"generator", generator}}}, {"scene", 0},
                        {"scenes", {{{"nodes", nlohmann::json::array()}}}}, {"nodes", nlohmann::json::array()},
                        {"meshes", nlohmann::json::array()}, {"materials", nlohmann::json::array()},
                        {"accessors", nlohmann::json::array()}, {"bufferViews", nlohmann::json::array()}};
  std::string bin;
  for (const GltfItem& it : items) {
    const Mesh& m = it.mesh;
    if (m.positions.empty() || m.indices.empty()) continue;
    std::size_t off = bin.size();
    append(bin, m.positions.data(), m.positions.size() * sizeof(glm::vec3));
    int pos = addAccessor(doc, off, bin.size() - off, kArray, kFloat, m.positions.size(), "VEC3");
    Bounds b;
    for (const glm::vec3& p : m.positions) b.add(p);
    doc["accessors"][std::size_t(pos)]["min"] = {b.min.x, b.min.y, b.min.z};  // required for POSITION
    doc["accessors"][std::size_t(pos)]["max"] = {b.max.x, b.max.y, b.max.z};
    off = bin.size();
    append(bin, m.normals.data(), m.normals.size() * sizeof(glm::vec3));
    int nrm = addAccessor(doc, off, bin.size() - off, kArray, kFloat, m.normals.size(), "VEC3");
    off = bin.size();
    append(bin, m.indices.data(), m.indices.size() * sizeof(std::uint32_t));
    int idx = addAccessor(doc, off, bin.size() - off, kElements, kUint, m.indices.size(), "SCALAR");
    int material = int(doc["materials"].size());
    glm::vec3 lin = srgbToLinear(it.color);  // glTF colours are linear
    nlohmann::json mat = {{"name", it.name},
                          {"pbrMetallicRoughness", {{"baseColorFactor", {lin.r, lin.g, lin.b, it.opacity}},
                                                    {"metallicFactor", 0.0}, {"roughnessFactor", 0.7}}}};
    if (it.opacity < 1.f) mat["alphaMode"] = "BLEND";
    doc["materials"].push_back(mat);
    int mesh = int(doc["meshes"].size());
    nlohmann::json prim;
    prim["attributes"] = {{"POSITION", pos}, {"NORMAL", nrm}};
    prim["indices"] = idx;
    prim["material"] = material;
    nlohmann::json meshJson;
    meshJson["name"] = it.name;
    meshJson["primitives"] = nlohmann::json::array({prim});
    doc["meshes"].push_back(meshJson);
    doc["scenes"][0]["nodes"].push_back(int(doc["nodes"].size()));
    doc["nodes"].push_back({{"name", it.name}, {"mesh", mesh}});
  }
  pad(bin, '\0');
  doc["buffers"] = {{{"byteLength", bin.size()}}};
  std::string json = doc.dump();
  pad(json, ' ');
  std::string out;
  putU32(out, 0x46546C67u);  // "glTF"
  putU32(out, 2);
  putU32(out, std::uint32_t(12 + 8 + json.size() + 8 + bin.size()));
  putU32(out, std::uint32_t(json.size()));
  putU32(out, 0x4E4F534Au);  // "JSON"
  out += json;
  putU32(out, std::uint32_t(bin.size()));
  putU32(out, 0x004E4942u);  // "BIN\0"
  out += bin;
  return out;
}

}  // namespace psoas
