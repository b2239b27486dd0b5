// Measurement helpers for tests/test_anatomy.cpp: load the committed glTF
// models with Assimp and measure them as an anatomist would on a specimen.
#pragma once

#include <assimp/Importer.hpp>
#include <assimp/postprocess.h>
#include <assimp/scene.h>

#include <glm/glm.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <fstream>
#include <map>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <vector>

namespace anatomy {

using glm::dvec3;

inline std::string sourceDir() { return PSOAS_SOURCE_DIR; }
inline std::string modelPath(const std::string& id) { return sourceDir() + "/models/" + id + ".glb"; }

// Everything is converted to millimetres on load: reference ranges are in mm.
struct MeshData {
    std::string meshName, nodeName;
    std::vector<dvec3> v;
    std::vector<dvec3> n;
    std::vector<std::array<uint32_t, 3>> f;
    bool ok = false;
};

inline MeshData loadMesh(const std::string& id) {
    MeshData m;
    Assimp::Importer imp;
    const aiScene* s = imp.ReadFile(modelPath(id), aiProcess_JoinIdenticalVertices | aiProcess_Triangulate);
    if (!s || s->mNumMeshes != 1) return m;
    const aiMesh* am = s->mMeshes[0];
    m.meshName = am->mName.C_Str();
    if (s->mRootNode) {
        // glTF importers may wrap the node in a root; take the node that owns the mesh.
        std::vector<const aiNode*> stack{s->mRootNode};
        while (!stack.empty()) {
            const aiNode* nd = stack.back();
            stack.pop_back();
            if (nd->mNumMeshes > 0) m.nodeName = nd->mName.C_Str();
            for (unsigned i = 0; i < nd->mNumChildren; ++i) stack.push_back(nd->mChildren[i]);
        }
    }
    for (unsigned i = 0; i < am->mNumVertices; ++i) {
        const aiVector3D& p = am->mVertices[i];
        m.v.emplace_back(p.x * 1000.0, p.y * 1000.0, p.z * 1000.0);
        if (am->HasNormals()) m.n.emplace_back(am->mNormals[i].x, am->mNormals[i].y, am->mNormals[i].z);
    }
    for (unsigned i = 0; i < am->mNumFaces; ++i) {
        const aiFace& fc = am->mFaces[i];
        if (fc.mNumIndices != 3) return m;
        m.f.push_back({fc.mIndices[0], fc.mIndices[1], fc.mIndices[2]});
    }
    m.ok = !m.v.empty() && !m.f.empty();
    return m;
}

// Cache: several tests measure the same bones.
inline const MeshData& mesh(const std::string& id) {
    static std::map<std::string, MeshData> cache;
    auto it = cache.find(id);
    if (it == cache.end()) it = cache.emplace(id, loadMesh(id)).first;
    return it->second;
}

struct Landmarks {
    std::map<std::string, dvec3> pts;                  // mm
    std::map<std::string, std::vector<dvec3>> paths;   // mm
};

inline const Landmarks& landmarks() {
    static Landmarks L = [] {
        Landmarks r;
        std::ifstream in(sourceDir() + "/assets/landmarks.json");
        if (!in) return r;
        nlohmann::json j;
        in >> j;
        for (auto& l : j["landmarks"]) {
            auto p = l["position"];
            r.pts[l["id"].get<std::string>()] = dvec3(p[0].get<double>(), p[1].get<double>(), p[2].get<double>()) * 1000.0;
        }
        for (auto& p : j["paths"]) {
            std::vector<dvec3> pts;
            for (auto& q : p["points"]) pts.emplace_back(q[0].get<double>() * 1000.0, q[1].get<double>() * 1000.0, q[2].get<double>() * 1000.0);
            r.paths[p["muscle"].get<std::string>()] = pts;
        }
        return r;
    }();
    return L;
}

inline dvec3 lm(const std::string& id) {
    auto& L = landmarks().pts;
    auto it = L.find(id);
    if (it == L.end()) throw std::runtime_error("missing landmark " + id);
    return it->second;
}

// ---- topology ----

struct Topology {
    bool closed = true;       // every undirected edge in exactly two triangles
    bool oriented = true;     // ...traversed once in each direction
    size_t degenerate = 0;    // triangles with (near) zero area
    double volume = 0;        // signed, mm^3; positive = outward normals
    size_t components = 0;    // connected pieces
};

inline Topology topology(const MeshData& m, double minAreaMm2) {
    Topology t;
    std::unordered_map<uint64_t, int> directed;
    directed.reserve(m.f.size() * 3);
    for (const auto& f : m.f) {
        const dvec3 &a = m.v[f[0]], &b = m.v[f[1]], &c = m.v[f[2]];
        if (0.5 * glm::length(glm::cross(b - a, c - a)) < minAreaMm2) ++t.degenerate;
        t.volume += glm::dot(a, glm::cross(b, c)) / 6.0;
        for (int k = 0; k < 3; ++k) {
            uint64_t key = (uint64_t(f[k]) << 32) | f[(k + 1) % 3];
            if (++directed[key] > 1) t.oriented = false;
        }
    }
    for (const auto& [key, n] : directed) {
        uint64_t rev = (key << 32) | (key >> 32);
        if (!directed.count(rev)) t.closed = false;
    }
    std::vector<uint32_t> parent(m.v.size());
    for (uint32_t i = 0; i < parent.size(); ++i) parent[i] = i;
    auto find = [&](uint32_t x) {
        while (parent[x] != x) x = parent[x] = parent[parent[x]];
        return x;
    };
    for (const auto& f : m.f) {
        parent[find(f[1])] = find(f[0]);
        parent[find(f[2])] = find(f[0]);
    }
    std::vector<char> used(m.v.size(), 0);
    for (const auto& f : m.f)
        for (auto i : f) used[i] = 1;
    for (uint32_t i = 0; i < parent.size(); ++i)
        if (used[i] && find(i) == i) ++t.components;
    return t;
}

// Edges of one triangle passing through another, non-adjacent triangle: the
// surface intersects itself. Triangles are bucketed on a 3 mm grid.
// Moller-Trumbore: does o + t d (t > 0) cross triangle f? t is set when it does.
inline bool rayTriangle(const MeshData& m, const std::array<uint32_t, 3>& f, dvec3 o, dvec3 d, double& t) {
    dvec3 a = m.v[f[0]], e1 = m.v[f[1]] - a, e2 = m.v[f[2]] - a;
    dvec3 pv = glm::cross(d, e2);
    double det = glm::dot(e1, pv);
    if (std::fabs(det) < 1e-12) return false;
    dvec3 tv = o - a;
    double u = glm::dot(tv, pv) / det;
    if (u < 0 || u > 1) return false;
    dvec3 qv = glm::cross(tv, e1);
    double v = glm::dot(d, qv) / det;
    if (v < 0 || u + v > 1) return false;
    t = glm::dot(e2, qv) / det;
    return t > 0;
}

inline size_t selfIntersections(const MeshData& m) {
    const double cell = 3.0;
    dvec3 lo(1e30);
    for (const auto& v : m.v) lo = glm::min(lo, v);
    auto cellOf = [&](double x, double lo0) { return int((x - lo0) / cell); };
    auto key = [](int x, int y, int z) { return (int64_t(x) * 100003 + y) * 100003 + z; };
    std::unordered_map<int64_t, std::vector<uint32_t>> grid;
    for (uint32_t t = 0; t < m.f.size(); ++t) {
        dvec3 a = m.v[m.f[t][0]], b = m.v[m.f[t][1]], c = m.v[m.f[t][2]];
        dvec3 l = glm::min(a, glm::min(b, c)), h = glm::max(a, glm::max(b, c));
        for (int x = cellOf(l.x, lo.x); x <= cellOf(h.x, lo.x); ++x)
            for (int y = cellOf(l.y, lo.y); y <= cellOf(h.y, lo.y); ++y)
                for (int z = cellOf(l.z, lo.z); z <= cellOf(h.z, lo.z); ++z) grid[key(x, y, z)].push_back(t);
    }
    size_t hits = 0;
    std::vector<uint32_t> cand;
    for (const auto& f : m.f)
        for (int e = 0; e < 3; ++e) {
            uint32_t i0 = f[e], i1 = f[(e + 1) % 3];
            if (i0 > i1) continue;  // each edge once
            dvec3 p = m.v[i0], q = m.v[i1];
            dvec3 l = glm::min(p, q), h = glm::max(p, q);
            cand.clear();
            for (int x = cellOf(l.x, lo.x); x <= cellOf(h.x, lo.x); ++x)
                for (int y = cellOf(l.y, lo.y); y <= cellOf(h.y, lo.y); ++y)
                    for (int z = cellOf(l.z, lo.z); z <= cellOf(h.z, lo.z); ++z) {
                        auto it = grid.find(key(x, y, z));
                        if (it != grid.end()) cand.insert(cand.end(), it->second.begin(), it->second.end());
                    }
            std::sort(cand.begin(), cand.end());
            cand.erase(std::unique(cand.begin(), cand.end()), cand.end());
            for (uint32_t u : cand) {
                const auto& g = m.f[u];
                bool adjacent = false;
                for (int k = 0; k < 3; ++k) adjacent |= g[k] == i0 || g[k] == i1;
                if (adjacent) continue;
                double tt = 0;
                if (rayTriangle(m, g, p, q - p, tt) && tt < 1) ++hits;
            }
        }
    return hits;
}

// ---- geometry ----

struct Bounds {
    dvec3 lo{1e30}, hi{-1e30};
};
template <class Pred>
Bounds boundsWhere(const MeshData& m, Pred keep) {
    Bounds b;
    for (const auto& p : m.v)
        if (keep(p)) {
            b.lo = glm::min(b.lo, p);
            b.hi = glm::max(b.hi, p);
        }
    return b;
}
inline Bounds bounds(const MeshData& m) {
    return boundsWhere(m, [](const dvec3&) { return true; });
}

// Solves a 4x4 linear system by Gaussian elimination with partial pivoting.
inline std::array<double, 4> solve4(std::array<std::array<double, 5>, 4> a) {
    for (int c = 0; c < 4; ++c) {
        int piv = c;
        for (int r = c + 1; r < 4; ++r)
            if (std::fabs(a[r][c]) > std::fabs(a[piv][c])) piv = r;
        std::swap(a[c], a[piv]);
        for (int r = 0; r < 4; ++r) {
            if (r == c || a[c][c] == 0) continue;
            double k = a[r][c] / a[c][c];
            for (int k2 = c; k2 < 5; ++k2) a[r][k2] -= k * a[c][k2];
        }
    }
    return {a[0][4] / a[0][0], a[1][4] / a[1][1], a[2][4] / a[2][2], a[3][4] / a[3][3]};
}

struct Sphere {
    dvec3 c{0};
    double r = 0;
    size_t n = 0;
};

// Algebraic least-squares sphere through the selected vertices.
template <class Pred>
Sphere fitSphere(const MeshData& m, Pred keep) {
    std::array<std::array<double, 5>, 4> A{};
    Sphere s;
    for (const auto& p : m.v) {
        if (!keep(p)) continue;
        double row[4] = {2 * p.x, 2 * p.y, 2 * p.z, 1.0};
        double rhs = glm::dot(p, p);
        for (int i = 0; i < 4; ++i) {
            for (int j = 0; j < 4; ++j) A[i][j] += row[i] * row[j];
            A[i][4] += row[i] * rhs;
        }
        ++s.n;
    }
    auto x = solve4(A);
    s.c = dvec3(x[0], x[1], x[2]);
    s.r = std::sqrt(std::max(0.0, x[3] + glm::dot(s.c, s.c)));
    return s;
}

template <class Pred>
dvec3 centroidWhere(const MeshData& m, Pred keep, size_t* count = nullptr) {
    dvec3 c(0);
    size_t n = 0;
    for (const auto& p : m.v)
        if (keep(p)) {
            c += p;
            ++n;
        }
    if (count) *count = n;
    return n ? c / double(n) : c;
}

inline double angleDeg(dvec3 a, dvec3 b) {
    double c = glm::dot(glm::normalize(a), glm::normalize(b));
    return std::acos(std::clamp(c, -1.0, 1.0)) * 180.0 / 3.14159265358979;
}

inline double pathLength(const std::vector<dvec3>& p) {
    double l = 0;
    for (size_t i = 1; i < p.size(); ++i) l += glm::length(p[i] - p[i - 1]);
    return l;
}

// Average unit normal of the vertices selected (flat surfaces such as end plates).
template <class Pred>
dvec3 meanNormal(const MeshData& m, Pred keep) {
    dvec3 s(0);
    for (size_t i = 0; i < m.v.size() && i < m.n.size(); ++i)
        if (keep(m.v[i], m.n[i])) s += m.n[i];
    return glm::length(s) > 0 ? glm::normalize(s) : s;
}

// Distances along the ray o + t d (d unit) at which it crosses the surface, sorted.
inline std::vector<double> rayHits(const MeshData& m, dvec3 o, dvec3 d) {
    std::vector<double> hits;
    for (const auto& f : m.f) {
        double t = 0;
        if (rayTriangle(m, f, o, d, t)) hits.push_back(t);
    }
    std::sort(hits.begin(), hits.end());
    return hits;
}
inline double firstHit(const MeshData& m, dvec3 o, dvec3 d) {
    auto h = rayHits(m, o, glm::normalize(d));
    return h.empty() ? -1.0 : h.front();
}

// Area-weighted normal of the triangles selected by keep(centroid, unit normal).
template <class Pred>
dvec3 faceNormalWhere(const MeshData& m, Pred keep) {
    dvec3 s(0);
    for (const auto& f : m.f) {
        dvec3 a = m.v[f[0]], b = m.v[f[1]], c = m.v[f[2]];
        dvec3 n = glm::cross(b - a, c - a);
        double l = glm::length(n);
        if (l <= 0) continue;
        if (keep((a + b + c) / 3.0, n / l)) s += n;
    }
    return glm::length(s) > 0 ? glm::normalize(s) : s;
}

// Point-in-solid by vertical ray parity, triangles bucketed on an XZ grid.
class Solid {
public:
    explicit Solid(const MeshData& m, double cell = 4.0) : m_(m), cell_(cell) {
        Bounds b = bounds(m);
        lo_ = b.lo;
        nx_ = int((b.hi.x - b.lo.x) / cell_) + 1;
        nz_ = int((b.hi.z - b.lo.z) / cell_) + 1;
        grid_.resize(size_t(nx_) * nz_);
        for (uint32_t t = 0; t < m.f.size(); ++t) {
            dvec3 a = m.v[m.f[t][0]], c = m.v[m.f[t][1]], d = m.v[m.f[t][2]];
            int x0 = int((std::min({a.x, c.x, d.x}) - lo_.x) / cell_), x1 = int((std::max({a.x, c.x, d.x}) - lo_.x) / cell_);
            int z0 = int((std::min({a.z, c.z, d.z}) - lo_.z) / cell_), z1 = int((std::max({a.z, c.z, d.z}) - lo_.z) / cell_);
            for (int z = z0; z <= z1; ++z)
                for (int x = x0; x <= x1; ++x) grid_[size_t(z) * nx_ + x].push_back(t);
        }
        hi_ = b.hi;
    }
    bool inside(const dvec3& p) const {
        if (p.x < lo_.x || p.z < lo_.z || p.x > hi_.x || p.z > hi_.z || p.y < lo_.y || p.y > hi_.y) return false;
        int x = int((p.x - lo_.x) / cell_), z = int((p.z - lo_.z) / cell_);
        int crossings = 0;
        for (uint32_t t : grid_[size_t(z) * nx_ + x]) {
            // Slightly irrational offsets keep the ray off shared edges and vertices.
            dvec3 q(p.x + 1.234567e-4, p.y, p.z + 2.345678e-4);
            dvec3 a = m_.v[m_.f[t][0]], b = m_.v[m_.f[t][1]], c = m_.v[m_.f[t][2]];
            double d = (b.x - a.x) * (c.z - a.z) - (c.x - a.x) * (b.z - a.z);
            if (d == 0) continue;
            double u = ((q.x - a.x) * (c.z - a.z) - (c.x - a.x) * (q.z - a.z)) / d;
            double v = ((b.x - a.x) * (q.z - a.z) - (q.x - a.x) * (b.z - a.z)) / d;
            if (u < 0 || v < 0 || u + v > 1) continue;
            double y = a.y + u * (b.y - a.y) + v * (c.y - a.y);
            if (y > q.y) ++crossings;
        }
        return crossings % 2 == 1;
    }
    // Inside by more than `depth`: the point and its six neighbours at `depth` are inside.
    bool deeplyInside(const dvec3& p, double depth) const {
        if (!inside(p)) return false;
        const dvec3 o[6] = {{depth, 0, 0}, {-depth, 0, 0}, {0, depth, 0}, {0, -depth, 0}, {0, 0, depth}, {0, 0, -depth}};
        for (const auto& d : o)
            if (!inside(p + d)) return false;
        return true;
    }

private:
    const MeshData& m_;
    double cell_;
    dvec3 lo_, hi_;
    int nx_ = 0, nz_ = 0;
    std::vector<std::vector<uint32_t>> grid_;
};

}  // namespace anatomy
