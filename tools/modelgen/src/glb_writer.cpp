#include "glb_writer.hpp"

#include <nlohmann/json.hpp>

#include <cstring>
#include <fstream>

namespace mg {
namespace {

template <typename T>
void append(std::vector<uint8_t>& buf, const T* data, size_t count) {
    size_t off = buf.size();
    buf.resize(off + count * sizeof(T));
    std::memcpy(buf.data() + off, data, count * sizeof(T));
}

void pad4(std::vector<uint8_t>& buf, uint8_t fill) {
    while (buf.size() % 4) buf.push_back(fill);
}

void put32(std::ofstream& out, uint32_t v) {
    // glTF is little-endian; so are all platforms this tool targets.
    out.write(reinterpret_cast<const char*>(&v), 4);
}

}  // namespace

bool writeGlb(const std::string& path, const std::string& name, const Mesh& m) {
    const size_t nv = m.pos.size();
    std::vector<uint8_t> bin;
    std::vector<float> flat(nv * 3);
    glm::vec3 lo(1e30f), hi(-1e30f);
    for (size_t i = 0; i < nv; ++i) {
        for (int k = 0; k < 3; ++k) flat[i * 3 + k] = m.pos[i][k];
        lo = glm::min(lo, m.pos[i]);
        hi = glm::max(hi, m.pos[i]);
    }
    append(bin, flat.data(), flat.size());
    const size_t posBytes = bin.size();
    for (size_t i = 0; i < nv; ++i)
        for (int k = 0; k < 3; ++k) flat[i * 3 + k] = m.nrm[i][k];
    append(bin, flat.data(), flat.size());
    const size_t idxOff = bin.size();
    const bool small = nv < 65536;
    if (small) {
        std::vector<uint16_t> i16(m.idx.begin(), m.idx.end());
        append(bin, i16.data(), i16.size());
    } else {
        append(bin, m.idx.data(), m.idx.size());
    }
    const size_t idxBytes = bin.size() - idxOff;
    pad4(bin, 0);

    using nlohmann::json;
    json j;
    j["asset"] = {{"version", "2.0"}, {"generator", "psoas-modelgen"}};
    j["scene"] = 0;
    j["scenes"] = json::array({{{"nodes", {0}}}});
    j["nodes"] = json::array({{{"name", name}, {"mesh", 0}}});
    j["meshes"] = json::array({{{"name", name},
                                 {"primitives",
                                  json::array({{{"attributes", {{"POSITION", 0}, {"NORMAL", 1}}},
                                                {"indices", 2},
                                                {"mode", 4}}})}}});
    j["buffers"] = json::array({{{"byteLength", bin.size()}}});
    j["bufferViews"] = json::array({
        {{"buffer", 0}, {"byteOffset", 0}, {"byteLength", posBytes}, {"target", 34962}},
        {{"buffer", 0}, {"byteOffset", posBytes}, {"byteLength", posBytes}, {"target", 34962}},
        {{"buffer", 0}, {"byteOffset", idxOff}, {"byteLength", idxBytes}, {"target", 34963}},
    });
    j["accessors"] = json::array({
        {{"bufferView", 0}, {"componentType", 5126}, {"count", nv}, {"type", "VEC3"},
         {"min", {lo.x, lo.y, lo.z}}, {"max", {hi.x, hi.y, hi.z}}},
        {{"bufferView", 1}, {"componentType", 5126}, {"count", nv}, {"type", "VEC3"}},
        {{"bufferView", 2}, {"componentType", small ? 5123 : 5125}, {"count", m.idx.size()},
         {"type", "SCALAR"}},
    });
    std::string js = j.dump();
    while (js.size() % 4) js.push_back(' ');

    std::ofstream out(path, std::ios::binary);
    if (!out) return false;
    const uint32_t total = uint32_t(12 + 8 + js.size() + 8 + bin.size());
    put32(out, 0x46546C67u);  // "glTF"
    put32(out, 2);
    put32(out, total);
    put32(out, uint32_t(js.size()));
    put32(out, 0x4E4F534Au);  // "JSON"
    out.write(js.data(), std::streamsize(js.size()));
    put32(out, uint32_t(bin.size()));
    put32(out, 0x004E4942u);  // "BIN\0"
    out.write(reinterpret_cast<const char*>(bin.data()), std::streamsize(bin.size()));
    return bool(out);
}

}  // namespace mg
