#include "decimate.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <queue>
#include <tuple>

namespace mg {
namespace {

using glm::dvec3;

struct Quadric {
    std::array<double, 10> q{};  // symmetric 4x4, upper triangle
    void addPlane(const dvec3& n, double d, double w) {
        double a = n.x, b = n.y, c = n.z;
        double v[10] = {a * a, a * b, a * c, a * d, b * b, b * c, b * d, c * c, c * d, d * d};
        for (int i = 0; i < 10; ++i) q[i] += w * v[i];
    }
    void add(const Quadric& o) {
        for (int i = 0; i < 10; ++i) q[i] += o.q[i];
    }
    double eval(const dvec3& p) const {
        double x = p.x, y = p.y, z = p.z;
        return q[0] * x * x + 2 * q[1] * x * y + 2 * q[2] * x * z + 2 * q[3] * x + q[4] * y * y + 2 * q[5] * y * z +
               2 * q[6] * y + q[7] * z * z + 2 * q[8] * z + q[9];
    }
};

double quality(const dvec3& a, const dvec3& b, const dvec3& c) {
    double area2 = glm::length(glm::cross(b - a, c - a));
    double s = glm::dot(b - a, b - a) + glm::dot(c - b, c - b) + glm::dot(a - c, a - c);
    return s > 0 ? 1.7320508 * area2 / s : 0.0;  // 1 for equilateral
}

}  // namespace

void decimate(Mesh& m, size_t targetTris) {
    const size_t nv = m.pos.size(), nt = m.idx.size() / 3;
    if (nt <= targetTris) return;
    std::vector<dvec3> P(m.pos.begin(), m.pos.end());
    std::vector<std::array<uint32_t, 3>> T(nt);
    std::vector<char> alive(nt, 1);
    std::vector<std::vector<uint32_t>> vt(nv);
    std::vector<Quadric> Q(nv);
    for (size_t t = 0; t < nt; ++t) {
        T[t] = {m.idx[3 * t], m.idx[3 * t + 1], m.idx[3 * t + 2]};
        dvec3 a = P[T[t][0]], b = P[T[t][1]], c = P[T[t][2]];
        dvec3 n = glm::cross(b - a, c - a);
        double l = glm::length(n);
        if (l > 0) n /= l;
        // Area-weighted planes: big flat regions resist being bent.
        for (int k = 0; k < 3; ++k) {
            Q[T[t][k]].addPlane(n, -glm::dot(n, a), 0.5 * l);
            vt[T[t][k]].push_back(uint32_t(t));
        }
    }
    std::vector<uint32_t> version(nv, 0);
    std::vector<char> vAlive(nv, 1);
    using Entry = std::tuple<double, uint32_t, uint32_t, uint32_t, uint32_t>;  // cost, from, to, verFrom, verTo
    std::priority_queue<Entry, std::vector<Entry>, std::greater<Entry>> pq;
    auto cost = [&](uint32_t from, uint32_t to) { return Q[from].eval(P[to]) + Q[to].eval(P[to]); };
    auto pushEdges = [&](uint32_t v) {
        for (uint32_t t : vt[v]) {
            if (!alive[t]) continue;
            for (uint32_t w : T[t]) {
                if (w == v) continue;
                pq.emplace(cost(v, w), v, w, version[v], version[w]);
                pq.emplace(cost(w, v), w, v, version[w], version[v]);
            }
        }
    };
    // Every directed edge occurs once in a closed oriented mesh: queue both
    // collapse directions from the one with the smaller first vertex.
    for (size_t t = 0; t < nt; ++t)
        for (int k = 0; k < 3; ++k) {
            uint32_t a = T[t][k], b = T[t][(k + 1) % 3];
            if (a > b) continue;
            pq.emplace(cost(a, b), a, b, 0u, 0u);
            pq.emplace(cost(b, a), b, a, 0u, 0u);
        }

    size_t liveTris = nt;
    std::vector<uint32_t> nu, nw;
    auto ring = [&](uint32_t x, std::vector<uint32_t>& out) {
        out.clear();
        for (uint32_t t : vt[x])
            if (alive[t])
                for (uint32_t w : T[t])
                    if (w != x) out.push_back(w);
        std::sort(out.begin(), out.end());
        out.erase(std::unique(out.begin(), out.end()), out.end());
    };
    // Moves u onto v if that keeps the surface a manifold without flips; with
    // `strict`, also refuses to create slivers.
    auto tryCollapse = [&](uint32_t u, uint32_t v, bool strict) {
        // Link condition: u and v must share exactly the two vertices opposite
        // their common edge, otherwise the collapse would pinch the surface.
        ring(u, nu);
        ring(v, nw);
        if (!std::binary_search(nu.begin(), nu.end(), v)) return false;
        size_t common = 0;
        for (uint32_t x : nu)
            if (std::binary_search(nw.begin(), nw.end(), x)) ++common;
        if (common != 2) return false;
        if (nu.size() <= 3 || nw.size() <= 3) return false;
        for (uint32_t t : vt[u]) {
            if (!alive[t]) continue;
            const auto& tr = T[t];
            if (tr[0] == v || tr[1] == v || tr[2] == v) continue;
            dvec3 a[3], b[3];
            for (int k = 0; k < 3; ++k) {
                a[k] = P[tr[k]];
                b[k] = tr[k] == u ? P[v] : P[tr[k]];
            }
            dvec3 n0 = glm::cross(a[1] - a[0], a[2] - a[0]);
            dvec3 n1 = glm::cross(b[1] - b[0], b[2] - b[0]);
            double l0 = glm::length(n0), l1 = glm::length(n1);
            if (l1 <= 1e-9) return false;
            if (l0 > 1e-9 && glm::dot(n0, n1) < (strict ? 0.5 : 0.0) * l0 * l1) return false;
            double q0 = quality(a[0], a[1], a[2]), q1 = quality(b[0], b[1], b[2]);
            if (strict && q1 < 0.2 && q1 < q0) return false;
            if (!strict && q1 < 0.02 && q1 < 0.5 * q0) return false;
        }
        for (uint32_t t : vt[u]) {
            if (!alive[t]) continue;
            auto& tr = T[t];
            if (tr[0] == v || tr[1] == v || tr[2] == v) {
                alive[t] = 0;
                --liveTris;
                continue;
            }
            for (auto& k : tr)
                if (k == u) k = v;
            vt[v].push_back(t);
        }
        vAlive[u] = 0;
        Q[v].add(Q[u]);
        ++version[v];
        // Compact v's triangle list so rings stay cheap.
        auto& lv = vt[v];
        lv.erase(std::remove_if(lv.begin(), lv.end(), [&](uint32_t t) { return !alive[t]; }), lv.end());
        return true;
    };
    while (liveTris > targetTris && !pq.empty()) {
        auto [c, u, v, vu, vv] = pq.top();
        pq.pop();
        if (!vAlive[u] || !vAlive[v] || version[u] != vu || version[v] != vv) continue;
        if (tryCollapse(u, v, true)) pushEdges(v);
    }
    // Clean-up: marching cubes can leave needle triangles where the surface
    // passes close to grid corners; collapse their shortest edge.
    for (int pass = 0; pass < 4; ++pass) {
        bool changed = false;
        for (size_t t = 0; t < nt; ++t) {
            if (!alive[t]) continue;
            dvec3 a = P[T[t][0]], b = P[T[t][1]], c = P[T[t][2]];
            if (quality(a, b, c) > 0.05 && glm::length(glm::cross(b - a, c - a)) > 2e-3) continue;
            int k = 0;
            double best = 1e30;
            for (int e = 0; e < 3; ++e) {
                double l = glm::length(P[T[t][e]] - P[T[t][(e + 1) % 3]]);
                if (l < best) {
                    best = l;
                    k = e;
                }
            }
            uint32_t x = T[t][k], y = T[t][(k + 1) % 3];
            if (tryCollapse(x, y, false) || tryCollapse(y, x, false)) changed = true;
        }
        if (!changed) break;
    }
    m.idx.clear();
    for (size_t t = 0; t < nt; ++t)
        if (alive[t]) m.idx.insert(m.idx.end(), T[t].begin(), T[t].end());
    compact(m);
}

}  // namespace mg
