#include "sdf.hpp"

#include <array>
#include <limits>

namespace mg {

void Tube::finalize() {
    jointN.assign(pts.size(), vec3(0.f));
    for (size_t i = 0; i < pts.size(); ++i) {
        vec3 d0 = i > 0 ? pts[i] - pts[i - 1] : vec3(0.f);
        vec3 d1 = i + 1 < pts.size() ? pts[i + 1] - pts[i] : vec3(0.f);
        if (glm::length(d0) > 1e-6f) d0 = glm::normalize(d0);
        if (glm::length(d1) > 1e-6f) d1 = glm::normalize(d1);
        vec3 n = d0 + d1;
        jointN[i] = glm::length(n) > 1e-6f ? glm::normalize(n) : vec3(0.f);
    }
}

float Tube::eval(const vec3& p) const {
    float best = std::numeric_limits<float>::max();
    const size_t last = pts.size() - 2;
    for (size_t i = 0; i + 1 < pts.size(); ++i) {
        const vec3& a = pts[i];
        const vec3& b = pts[i + 1];
        vec3 ba = b - a;
        float len = glm::length(ba);
        float rmax = std::max(std::max(rx[i], rx[i + 1]), ry.empty() ? 0.f : std::max(ry[i], ry[i + 1]));
        // Cheap reject: a segment can only win if p is within its bounding sphere.
        float bound = glm::length(p - (a + b) * 0.5f) - len * 0.5f - rmax;
        if (bound > best) continue;
        vec3 dir = len > 1e-6f ? ba / len : vec3(0, 1, 0);
        float traw = len > 1e-6f ? glm::dot(p - a, dir) / len : 0.f;
        float t = glm::clamp(traw, 0.f, 1.f);
        vec3 v = p - (a + ba * t);
        float r1 = rx[i] + (rx[i + 1] - rx[i]) * t;
        float d;
        if (side.empty()) {
            d = glm::length(v) - r1;
        } else {
            float r2 = ry[i] + (ry[i + 1] - ry[i]) * t;
            vec3 s = side[i] + (side[i + 1] - side[i]) * t;
            vec3 e1 = s - dir * glm::dot(s, dir);
            float l1 = glm::length(e1);
            e1 = l1 > 1e-6f ? e1 / l1 : vec3(1, 0, 0);
            vec3 e2 = glm::cross(dir, e1);
            float rmin = std::min(r1, r2);
            // Inside the slab between the joint bisectors the section is used
            // as is, so consecutive segments meet without ripples; only the two
            // free ends get ellipsoidal caps.
            bool inSlab = !jointN.empty() && (i > 0 || traw >= 0.f) && (i < last || traw <= 1.f) &&
                          (i == 0 || glm::dot(p - a, jointN[i]) >= 0.f) &&
                          (i == last || glm::dot(p - b, jointN[i + 1]) <= 0.f);
            vec3 w = p - (a + ba * traw);
            vec3 q = inSlab ? vec3(glm::dot(w, e1), glm::dot(w, e2), 0.f)
                            : vec3(glm::dot(v, e1), glm::dot(v, e2), glm::dot(v, dir));
            d = sdEllipsoid(q, vec3(r1, r2, rmin));
        }
        best = std::min(best, d);
    }
    return best;
}

Prim prim(std::shared_ptr<const Tube> tp) {
    const Tube& t = *tp;
    vec3 lo, hi;
    t.bounds(lo, hi);
    Prim g;
    g.c = 0.5f * (lo + hi);
    g.r = 0.5f * glm::length(hi - lo);
    g.lip = 1.f;
    for (size_t i = 0; i < t.rx.size(); ++i) {
        float a = t.rx[i], b = t.ry.empty() ? a : t.ry[i];
        g.lip = std::max(g.lip, std::max(a, b) / std::max(0.1f, std::min(a, b)));
    }
    g.f = [tp](const vec3& p) { return tp->eval(p); };
    return g;
}

Prim primSphereBound(const vec3& c, float r, float lip, Sdf f) { return Prim{c, r, lip, std::move(f)}; }

void Tube::bounds(vec3& lo, vec3& hi) const {
    lo = vec3(1e9f);
    hi = vec3(-1e9f);
    for (size_t i = 0; i < pts.size(); ++i) {
        float r = std::max(rx[i], ry.empty() ? rx[i] : ry[i]);
        lo = glm::min(lo, pts[i] - vec3(r));
        hi = glm::max(hi, pts[i] + vec3(r));
    }
}

std::vector<vec3> catmull(const std::vector<vec3>& c, int per) {
    std::vector<vec3> out;
    size_t n = c.size();
    for (size_t i = 0; i + 1 < n; ++i) {
        vec3 p0 = c[i == 0 ? 0 : i - 1], p1 = c[i], p2 = c[i + 1], p3 = c[i + 2 < n ? i + 2 : n - 1];
        for (int s = 0; s < per; ++s) {
            float t = float(s) / float(per);
            float t2 = t * t, t3 = t2 * t;
            out.push_back(0.5f * ((2.f * p1) + (-p0 + p2) * t + (2.f * p0 - 5.f * p1 + 4.f * p2 - p3) * t2 +
                                  (-p0 + 3.f * p1 - 3.f * p2 + p3) * t3));
        }
    }
    out.push_back(c.back());
    return out;
}

float tableAt(const std::vector<vec2>& t, float y) {
    if (y <= t.front().x) return t.front().y;
    if (y >= t.back().x) return t.back().y;
    size_t i = 1;
    while (y > t[i].x) ++i;
    float f = (y - t[i - 1].x) / (t[i].x - t[i - 1].x);
    float p0 = t[i > 1 ? i - 2 : 0].y, p1 = t[i - 1].y, p2 = t[i].y, p3 = t[std::min(i + 1, t.size() - 1)].y;
    float f2 = f * f, f3 = f2 * f;
    return 0.5f * (2.f * p1 + (-p0 + p2) * f + (2.f * p0 - 5.f * p1 + 4.f * p2 - p3) * f2 + (-p0 + 3.f * p1 - 3.f * p2 + p3) * f3);
}

std::vector<float> lerpProfile(const std::vector<float>& k, int n) {
    std::vector<float> out(n);
    for (int i = 0; i < n; ++i) {
        float s = n > 1 ? float(i) / float(n - 1) * float(k.size() - 1) : 0.f;
        int j = std::min(int(s), int(k.size()) - 2);
        float f = s - float(j);
        // Smoothstep between knots so muscle bellies swell without kinks.
        f = f * f * (3.f - 2.f * f);
        out[i] = k[j] + (k[j + 1] - k[j]) * f;
    }
    return out;
}

namespace {
// Closest point on a segment, returns parameter.
float segParam(const vec3& p, const vec3& a, const vec3& b) {
    vec3 ab = b - a;
    float l2 = glm::dot(ab, ab);
    return l2 > 0.f ? glm::clamp(glm::dot(p - a, ab) / l2, 0.f, 1.f) : 0.f;
}
}  // namespace

Patch::Patch(const std::function<vec3(float, float)>& surf, const std::function<float(float, float)>& halfThick,
             int nu, int nv, float reach)
    : reach_(reach) {
    std::vector<vec3> P((nu + 1) * (nv + 1));
    std::vector<float> T(P.size());
    float tmax = 0.f;
    for (int j = 0; j <= nv; ++j)
        for (int i = 0; i <= nu; ++i) {
            float u = float(i) / nu, v = float(j) / nv;
            P[j * (nu + 1) + i] = surf(u, v);
            T[j * (nu + 1) + i] = halfThick(u, v);
            tmax = std::max(tmax, T[j * (nu + 1) + i]);
        }
    lo = vec3(1e9f);
    hi = vec3(-1e9f);
    for (auto& p : P) {
        lo = glm::min(lo, p);
        hi = glm::max(hi, p);
    }
    for (int j = 0; j < nv; ++j)
        for (int i = 0; i < nu; ++i) {
            int a = j * (nu + 1) + i, b = a + 1, c = a + nu + 1, d = c + 1;
            for (auto [x, y, z] : {std::array<int, 3>{a, b, d}, std::array<int, 3>{a, d, c}}) {
                vec3 ctr = (P[x] + P[y] + P[z]) / 3.f;
                float r = std::max(glm::length(P[x] - ctr), std::max(glm::length(P[y] - ctr), glm::length(P[z] - ctr)));
                float tm = std::max(T[x], std::max(T[y], T[z]));
                tris_.push_back({P[x], P[y], P[z], T[x], T[y], T[z], ctr, r + tm});
            }
        }
    float pad = reach_ + tmax;
    glo_ = lo - vec3(pad);
    vec3 ghi = hi + vec3(pad);
    ghi_ = ghi;
    lo -= vec3(tmax);
    hi += vec3(tmax);
    cell_ = 3.f;
    gx_ = int((ghi.x - glo_.x) / cell_) + 1;
    gy_ = int((ghi.y - glo_.y) / cell_) + 1;
    gz_ = int((ghi.z - glo_.z) / cell_) + 1;
    buckets_.assign(size_t(gx_) * gy_ * gz_, {});
    for (int t = 0; t < int(tris_.size()); ++t) {
        const Tri& tr = tris_[t];
        float r = reach_ + std::max(tr.ta, std::max(tr.tb, tr.tc));
        vec3 tl = glm::min(tr.a, glm::min(tr.b, tr.c)) - vec3(r);
        vec3 th = glm::max(tr.a, glm::max(tr.b, tr.c)) + vec3(r);
        glm::ivec3 i0 = glm::clamp(glm::ivec3((tl - glo_) / cell_), glm::ivec3(0), glm::ivec3(gx_ - 1, gy_ - 1, gz_ - 1));
        glm::ivec3 i1 = glm::clamp(glm::ivec3((th - glo_) / cell_), glm::ivec3(0), glm::ivec3(gx_ - 1, gy_ - 1, gz_ - 1));
        for (int z = i0.z; z <= i1.z; ++z)
            for (int y = i0.y; y <= i1.y; ++y)
                for (int x = i0.x; x <= i1.x; ++x) buckets_[(size_t(z) * gy_ + y) * gx_ + x].push_back(t);
    }
}

float Patch::eval(const vec3& p) const {
    glm::ivec3 c = glm::ivec3(glm::floor((p - glo_) / cell_));
    if (c.x < 0 || c.y < 0 || c.z < 0 || c.x >= gx_ || c.y >= gy_ || c.z >= gz_) {
        // Far away: distance to the padded box is a valid lower bound and lets
        // the mesher skip empty space.
        vec3 q = glm::max(glm::max(glo_ - p, p - ghi_), vec3(0.f));
        return std::max(reach_, reach_ + glm::length(q));
    }
    const auto& b = buckets_[(size_t(c.z) * gy_ + c.y) * gx_ + c.x];
    float best = reach_;
    for (int ti : b) {
        const Tri& t = tris_[ti];
        if (glm::length(p - t.centre) - t.radius >= best) continue;
        vec3 ab = t.b - t.a, ac = t.c - t.a;
        vec3 n = glm::cross(ab, ac);
        float nn = glm::dot(n, n);
        float d, th;
        if (nn < 1e-12f) continue;
        // Barycentric coordinates of the projection onto the triangle's plane.
        vec3 ap = p - t.a;
        float w2 = glm::dot(glm::cross(ab, ap), n) / nn;
        float w1 = glm::dot(glm::cross(ap, ac), n) / nn;
        float w0 = 1.f - w1 - w2;
        if (w0 >= 0.f && w1 >= 0.f && w2 >= 0.f) {
            d = std::fabs(glm::dot(ap, n)) / std::sqrt(nn);
            th = w0 * t.ta + w1 * t.tb + w2 * t.tc;
        } else {
            float s0 = segParam(p, t.a, t.b), s1 = segParam(p, t.b, t.c), s2 = segParam(p, t.c, t.a);
            float d0 = glm::length(p - (t.a + (t.b - t.a) * s0));
            float d1 = glm::length(p - (t.b + (t.c - t.b) * s1));
            float d2 = glm::length(p - (t.c + (t.a - t.c) * s2));
            if (d0 <= d1 && d0 <= d2) {
                d = d0;
                th = t.ta + (t.tb - t.ta) * s0;
            } else if (d1 <= d2) {
                d = d1;
                th = t.tb + (t.tc - t.tb) * s1;
            } else {
                d = d2;
                th = t.tc + (t.ta - t.tc) * s2;
            }
        }
        best = std::min(best, d - th);
    }
    return best;
}

}  // namespace mg
