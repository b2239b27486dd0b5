#include "mesh.hpp"

#include <algorithm>
#include <map>
#include <numeric>
#include <unordered_map>

namespace mg {

// Connected components by union-find over triangle vertices: each vertex's component root.
static std::vector<uint32_t> componentRoots(const Mesh& m) {
    std::vector<uint32_t> parent(m.pos.size());
    std::iota(parent.begin(), parent.end(), 0u);
    auto find = [&](uint32_t x) {
        while (parent[x] != x) x = parent[x] = parent[parent[x]];
        return x;
    };
    for (size_t t = 0; t < m.idx.size(); t += 3) {
        uint32_t a = find(m.idx[t]);
        parent[find(m.idx[t + 1])] = a;
        parent[find(m.idx[t + 2])] = a;
    }
    for (uint32_t i = 0; i < parent.size(); ++i) parent[i] = find(i);
    return parent;
}

MeshCheck checkMesh(const Mesh& m, double areaEps) {
    MeshCheck c;
    std::unordered_map<uint64_t, int> directed;
    directed.reserve(m.idx.size() * 2);
    c.minArea = 1e30;
    for (size_t t = 0; t < m.idx.size(); t += 3) {
        uint32_t v[3] = {m.idx[t], m.idx[t + 1], m.idx[t + 2]};
        glm::dvec3 a = m.pos[v[0]], b = m.pos[v[1]], d = m.pos[v[2]];
        double area = 0.5 * glm::length(glm::cross(b - a, d - a));
        c.minArea = std::min(c.minArea, area);
        if (area < areaEps) ++c.degenerate;
        c.volume += glm::dot(a, glm::cross(b, d)) / 6.0;
        for (int e = 0; e < 3; ++e) {
            uint64_t key = (uint64_t(v[e]) << 32) | v[(e + 1) % 3];
            if (++directed[key] > 1) c.oriented = false;
        }
    }
    for (auto& [key, n] : directed) {
        uint64_t rev = (key << 32) | (key >> 32);
        auto it = directed.find(rev);
        if (it == directed.end()) {
            c.closed = false;
            c.openAt = m.pos[key >> 32];
        }
    }
    std::vector<uint32_t> root = componentRoots(m);
    std::vector<char> used(m.pos.size(), 0);
    for (auto i : m.idx) used[i] = 1;
    for (uint32_t i = 0; i < m.pos.size(); ++i)
        if (used[i] && root[i] == i) ++c.components;
    return c;
}

void dropSmallComponents(Mesh& m, float keepFraction) {
    std::vector<uint32_t> root = componentRoots(m);
    auto find = [&](uint32_t x) { return root[x]; };
    std::map<uint32_t, size_t> count;
    for (size_t t = 0; t < m.idx.size(); t += 3) ++count[find(m.idx[t])];
    size_t biggest = 0;
    for (auto& [r, n] : count) biggest = std::max(biggest, n);
    std::vector<uint32_t> out;
    out.reserve(m.idx.size());
    for (size_t t = 0; t < m.idx.size(); t += 3)
        if (float(count[find(m.idx[t])]) >= keepFraction * float(biggest))
            out.insert(out.end(), m.idx.begin() + t, m.idx.begin() + t + 3);
    m.idx.swap(out);
    compact(m);
}

void compact(Mesh& m) {
    std::vector<int64_t> remap(m.pos.size(), -1);
    std::vector<glm::vec3> pos;
    std::vector<glm::vec3> nrm;
    for (auto& i : m.idx) {
        if (remap[i] < 0) {
            remap[i] = int64_t(pos.size());
            pos.push_back(m.pos[i]);
            if (!m.nrm.empty()) nrm.push_back(m.nrm[i]);
        }
        i = uint32_t(remap[i]);
    }
    m.pos.swap(pos);
    m.nrm.swap(nrm);
}

void fieldNormals(Mesh& m, const Sdf& f, float eps) {
    // Face normals serve as fallback where the field gradient vanishes (on medial
    // axes of thin blends the central difference can cancel).
    std::vector<glm::vec3> face(m.pos.size(), glm::vec3(0.f));
    for (size_t t = 0; t < m.idx.size(); t += 3) {
        glm::vec3 a = m.pos[m.idx[t]], b = m.pos[m.idx[t + 1]], c = m.pos[m.idx[t + 2]];
        glm::vec3 n = glm::cross(b - a, c - a);
        for (int k = 0; k < 3; ++k) face[m.idx[t + k]] += n;
    }
    m.nrm.resize(m.pos.size());
    for (size_t i = 0; i < m.pos.size(); ++i) {
        glm::vec3 p = m.pos[i];
        glm::vec3 g(f(p + glm::vec3(eps, 0, 0)) - f(p - glm::vec3(eps, 0, 0)),
                    f(p + glm::vec3(0, eps, 0)) - f(p - glm::vec3(0, eps, 0)),
                    f(p + glm::vec3(0, 0, eps)) - f(p - glm::vec3(0, 0, eps)));
        glm::vec3 fn = glm::length(face[i]) > 0.f ? glm::normalize(face[i]) : glm::vec3(0, 1, 0);
        float gl = glm::length(g);
        glm::vec3 n = gl > 1e-6f ? g / gl : fn;
        // Where the gradient disagrees badly with the surface (sharp crease), trust the faces.
        if (glm::dot(n, fn) < 0.3f) n = fn;
        m.nrm[i] = n;
    }
}

}  // namespace mg
