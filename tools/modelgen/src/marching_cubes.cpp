// Marching cubes without lookup tables: each cube's polygons are traced from its
// faces. Every face decides its own segments (ambiguous faces by the bilinear
// saddle value, which both neighbouring cubes compute identically), so polygons
// of adjacent cubes always share their boundary edges and the result is
// watertight and manifold by construction.
#include "marching_cubes.hpp"

#include <array>
#include <cmath>
#include <unordered_map>

namespace mg {
namespace {

// Corner c of a cube sits at offset (c&1, c>>1&1, c>>2&1).
struct Tables {
    std::array<std::array<int, 4>, 6> face{};  // corners, counter-clockwise seen from outside
    std::array<int, 12> edgeLow{};              // corner with the lower coordinate
    std::array<int, 12> edgeAxis{};
    std::array<int, 12> faceMask{};             // bit f set if edge lies on face f
    Tables() {
        int f = 0;
        for (int a = 0; a < 3; ++a) {
            int u = (a + 1) % 3, v = (a + 2) % 3;
            for (int s = 0; s < 2; ++s) {
                const int uv[4][2] = {{0, 0}, {1, 0}, {1, 1}, {0, 1}};
                std::array<int, 4> c{};
                for (int m = 0; m < 4; ++m) c[m] = (s << a) | (uv[m][0] << u) | (uv[m][1] << v);
                if (s == 0) std::swap(c[1], c[3]);  // reverse orientation for the low face
                face[f] = c;
                for (int m = 0; m < 4; ++m) faceMask[edgeOf(c[m], c[(m + 1) % 4])] |= 1 << f;
                ++f;
            }
        }
        for (int a = 0; a < 3; ++a)
            for (int k = 0; k < 4; ++k) {
                int u = (a + 1) % 3, v = (a + 2) % 3;
                int e = a * 4 + k;
                edgeLow[e] = ((k & 1) << u) | ((k >> 1) << v);
                edgeAxis[e] = a;
            }
    }
    static int edgeOf(int c0, int c1) {
        int diff = c0 ^ c1;
        int a = diff == 1 ? 0 : diff == 2 ? 1 : 2;
        int low = c0 & c1;
        int u = (a + 1) % 3, v = (a + 2) % 3;
        return a * 4 + ((low >> u) & 1) + 2 * ((low >> v) & 1);
    }
};
const Tables T;

float triQuality(const vec3& a, const vec3& b, const vec3& c) {
    float area2 = glm::length(glm::cross(b - a, c - a));
    float s = glm::dot(b - a, b - a) + glm::dot(c - b, c - b) + glm::dot(a - c, a - c);
    return s > 0.f ? area2 / s : 0.f;
}

}  // namespace

Mesh polygonize(const Sdf& f, const Box& box, float h) {
    const int B = 4;  // cells per culling block
    vec3 o = box.lo - vec3(h);
    glm::ivec3 cells = glm::ivec3(glm::ceil((box.hi - box.lo) / h)) + 2;
    cells = ((cells + B - 1) / B) * B;
    const int nx = cells.x + 1, ny = cells.y + 1, nz = cells.z + 1;
    auto cid = [&](int i, int j, int k) { return size_t(i) + size_t(nx) * (size_t(j) + size_t(ny) * k); };
    std::vector<float> val(size_t(nx) * ny * nz, 0.f);
    std::vector<char> exact(val.size(), 0);

    // Pass 1: classify blocks by the field at their centre. The field is close to
    // 1-Lipschitz, so a block whose centre is farther than its half-diagonal
    // (with margin) cannot contain surface and keeps one value.
    glm::ivec3 nb = cells / B;
    std::vector<float> blockVal(size_t(nb.x) * nb.y * nb.z);
    std::vector<char> near(blockVal.size());
    const float halfDiag = 0.5f * std::sqrt(3.f) * B * h;
    for (int bz = 0; bz < nb.z; ++bz)
        for (int by = 0; by < nb.y; ++by)
            for (int bx = 0; bx < nb.x; ++bx) {
                size_t bi = (size_t(bz) * nb.y + by) * nb.x + bx;
                vec3 c = o + (vec3(bx, by, bz) + 0.5f) * float(B) * h;
                float d = f(c);
                blockVal[bi] = d;
                near[bi] = std::fabs(d) <= 1.5f * halfDiag + h;
            }
    // Pass 2: exact values on every corner of a near block.
    for (int bz = 0; bz < nb.z; ++bz)
        for (int by = 0; by < nb.y; ++by)
            for (int bx = 0; bx < nb.x; ++bx) {
                size_t bi = (size_t(bz) * nb.y + by) * nb.x + bx;
                if (!near[bi]) continue;
                for (int k = bz * B; k <= bz * B + B; ++k)
                    for (int j = by * B; j <= by * B + B; ++j)
                        for (int i = bx * B; i <= bx * B + B; ++i) {
                            size_t c = cid(i, j, k);
                            if (exact[c]) continue;
                            val[c] = f(o + vec3(i, j, k) * h);
                            exact[c] = 1;
                        }
            }
    for (int bz = 0; bz < nb.z; ++bz)
        for (int by = 0; by < nb.y; ++by)
            for (int bx = 0; bx < nb.x; ++bx) {
                size_t bi = (size_t(bz) * nb.y + by) * nb.x + bx;
                if (near[bi]) continue;
                for (int k = bz * B; k <= bz * B + B; ++k)
                    for (int j = by * B; j <= by * B + B; ++j)
                        for (int i = bx * B; i <= bx * B + B; ++i) {
                            size_t c = cid(i, j, k);
                            if (!exact[c]) val[c] = blockVal[bi];
                        }
            }

    Mesh m;
    std::unordered_map<uint64_t, uint32_t> vmap;
    auto vertexOn = [&](int i, int j, int k, int e) -> uint32_t {
        int lo = T.edgeLow[e], a = T.edgeAxis[e];
        int i0 = i + (lo & 1), j0 = j + ((lo >> 1) & 1), k0 = k + ((lo >> 2) & 1);
        uint64_t key = uint64_t(cid(i0, j0, k0)) * 3 + a;
        auto it = vmap.find(key);
        if (it != vmap.end()) return it->second;
        glm::ivec3 d(0);
        d[a] = 1;
        float f0 = val[cid(i0, j0, k0)], f1 = val[cid(i0 + d.x, j0 + d.y, k0 + d.z)];
        // Keep vertices off the grid corners so no triangle collapses to a point.
        float t = glm::clamp(f0 / (f0 - f1), 0.02f, 0.98f);
        vec3 p = o + (vec3(i0, j0, k0) + vec3(d) * t) * h;
        uint32_t id = uint32_t(m.pos.size());
        m.pos.push_back(p);
        vmap.emplace(key, id);
        return id;
    };

    std::vector<uint32_t> poly;
    std::vector<int> polyEdge;
    for (int k = 0; k < cells.z; ++k)
        for (int j = 0; j < cells.y; ++j)
            for (int i = 0; i < cells.x; ++i) {
                float v[8];
                int neg = 0;
                for (int c = 0; c < 8; ++c) {
                    v[c] = val[cid(i + (c & 1), j + ((c >> 1) & 1), k + ((c >> 2) & 1))];
                    if (v[c] < 0.f) neg |= 1 << c;
                }
                if (neg == 0 || neg == 255) continue;
                int next[12];
                std::fill(next, next + 12, -1);
                for (const auto& fc : T.face) {
                    bool n[4];
                    float fv[4];
                    int cross = 0;
                    for (int m2 = 0; m2 < 4; ++m2) {
                        n[m2] = (neg >> fc[m2]) & 1;
                        fv[m2] = v[fc[m2]];
                    }
                    for (int m2 = 0; m2 < 4; ++m2) cross += n[m2] != n[(m2 + 1) % 4];
                    if (cross == 0) continue;
                    bool joinNeg = false;
                    if (cross == 4) {
                        float den = fv[0] + fv[2] - fv[1] - fv[3];
                        float saddle = std::fabs(den) > 1e-12f ? (fv[0] * fv[2] - fv[1] * fv[3]) / den
                                                               : 0.25f * (fv[0] + fv[1] + fv[2] + fv[3]);
                        joinNeg = saddle < 0.f;
                    }
                    for (int m2 = 0; m2 < 4; ++m2) {
                        int a = m2, b = (m2 + 1) % 4;
                        if (!(!n[a] && n[b])) continue;  // only "entering" edges start a segment
                        int eIn = Tables::edgeOf(fc[a], fc[b]);
                        int outStep;
                        if (cross == 2) {
                            // walk forward to the edge where we leave the negative region
                            outStep = 1;
                            while (!(n[(m2 + outStep) % 4] && !n[(m2 + outStep + 1) % 4])) ++outStep;
                        } else {
                            outStep = joinNeg ? 3 : 1;
                        }
                        int s = (m2 + outStep) % 4;
                        int eOut = Tables::edgeOf(fc[s], fc[(s + 1) % 4]);
                        next[eIn] = eOut;
                    }
                }
                bool seen[12] = {};
                for (int e0 = 0; e0 < 12; ++e0) {
                    if (next[e0] < 0 || seen[e0]) continue;
                    poly.clear();
                    polyEdge.clear();
                    for (int e = e0; !seen[e]; e = next[e]) {
                        seen[e] = true;
                        poly.push_back(vertexOn(i, j, k, e));
                        polyEdge.push_back(e);
                    }
                    size_t n = poly.size();
                    if (n < 3) continue;
                    // Fan from the vertex that gives the best worst triangle. A diagonal
                    // between two vertices on the same cube face could be produced again
                    // by the neighbouring cube (non-manifold edge), so such fans are
                    // skipped; if every fan has one, a centre vertex is inserted instead.
                    size_t bestS = 0;
                    float bestQ = -1.f;
                    for (size_t s = 0; s < n && n > 3; ++s) {
                        bool shared = false;
                        for (size_t t = 2; t + 1 < n; ++t)
                            if (T.faceMask[polyEdge[s]] & T.faceMask[polyEdge[(s + t) % n]]) shared = true;
                        if (shared) continue;
                        float q = 1e9f;
                        for (size_t t = 1; t + 1 < n; ++t)
                            q = std::min(q, triQuality(m.pos[poly[s]], m.pos[poly[(s + t) % n]],
                                                       m.pos[poly[(s + t + 1) % n]]));
                        if (q > bestQ + 1e-7f) {
                            bestQ = q;
                            bestS = s;
                        }
                    }
                    // Loops run with the inside on their right seen from outside, so
                    // the loop order itself gives outward-facing triangles.
                    if (n > 3 && bestQ < 0.f) {
                        vec3 c(0.f);
                        for (auto pv : poly) c += m.pos[pv];
                        uint32_t ci = uint32_t(m.pos.size());
                        m.pos.push_back(c / float(n));
                        for (size_t t = 0; t < n; ++t) {
                            m.idx.push_back(ci);
                            m.idx.push_back(poly[t]);
                            m.idx.push_back(poly[(t + 1) % n]);
                        }
                        continue;
                    }
                    for (size_t t = 1; t + 1 < n; ++t) {
                        m.idx.push_back(poly[bestS]);
                        m.idx.push_back(poly[(bestS + t) % n]);
                        m.idx.push_back(poly[(bestS + t + 1) % n]);
                    }
                }
            }
    return m;
}

}  // namespace mg
