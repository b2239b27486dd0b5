// Signed-distance building blocks. All lengths are millimetres; negative = inside.
// Several primitives return distance *bounds* rather than exact distances; the
// mesher only needs the zero set and a roughly Lipschitz field (see grid.cpp).
#pragma once

#include <glm/glm.hpp>

#include <algorithm>
#include <cmath>
#include <functional>
#include <memory>
#include <vector>

namespace mg {

using glm::vec2;
using glm::vec3;
using Sdf = std::function<float(const vec3&)>;

constexpr float kPi = 3.14159265358979f;
inline float deg(float d) { return d * kPi / 180.f; }

// Polynomial smooth minimum: blends within k, which gives fillets of radius ~k/4
// where bony parts meet instead of knife-edge creases.
inline float smin(float a, float b, float k) {
    if (k <= 0.f) return std::min(a, b);
    float h = std::max(k - std::fabs(a - b), 0.f) / k;
    return std::min(a, b) - h * h * k * 0.25f;
}
inline float smax(float a, float b, float k) { return -smin(-a, -b, k); }

// Orthonormal frame: columns x, y, z. Local coordinates are projections.
struct Frame {
    vec3 o{0.f};
    vec3 x{1, 0, 0}, y{0, 1, 0}, z{0, 0, 1};
    vec3 toLocal(const vec3& p) const {
        vec3 d = p - o;
        return {glm::dot(d, x), glm::dot(d, y), glm::dot(d, z)};
    }
    vec3 toWorld(const vec3& l) const { return o + x * l.x + y * l.y + z * l.z; }
    vec3 dir(const vec3& l) const { return x * l.x + y * l.y + z * l.z; }
};

// Builds a frame whose y axis is `up` and whose z axis is as close to `fwd` as possible.
inline Frame makeFrame(vec3 o, vec3 up, vec3 fwd) {
    Frame f;
    f.o = o;
    f.y = glm::normalize(up);
    f.z = glm::normalize(fwd - f.y * glm::dot(fwd, f.y));
    f.x = glm::cross(f.y, f.z);
    return f;
}

inline float sdSphere(const vec3& p, const vec3& c, float r) { return glm::length(p - c) - r; }

// Segment with radius interpolated linearly: not exact for strong tapers, but its
// gradient stays within ~1 for the gentle tapers used here.
inline float sdCone(const vec3& p, const vec3& a, const vec3& b, float ra, float rb) {
    vec3 ba = b - a, pa = p - a;
    float l2 = glm::dot(ba, ba);
    float t = l2 > 0.f ? glm::clamp(glm::dot(pa, ba) / l2, 0.f, 1.f) : 0.f;
    return glm::length(pa - ba * t) - (ra + (rb - ra) * t);
}
inline float sdCapsule(const vec3& p, const vec3& a, const vec3& b, float r) {
    return sdCone(p, a, b, r, r);
}

// Ellipsoid bound: scaled-sphere distance times the smallest radius, which never
// overestimates the true distance, so block culling in the mesher stays safe.
inline float sdEllipsoid(const vec3& l, const vec3& r) {
    float k = glm::length(l / r);
    return (k - 1.f) * std::min(r.x, std::min(r.y, r.z));
}
inline float sdEllipsoid(const vec3& p, const Frame& f, const vec3& r) {
    return sdEllipsoid(f.toLocal(p), r);
}

inline float sdRoundBox(const vec3& l, const vec3& half, float round) {
    vec3 q = glm::abs(l) - half + vec3(round);
    return glm::length(glm::max(q, vec3(0.f))) + std::min(std::max(q.x, std::max(q.y, q.z)), 0.f) -
           round;
}

inline float sdEllipse2(vec2 q, vec2 r) {
    float k = glm::length(q / r);
    return (k - 1.f) * std::min(r.x, r.y);
}

// Plane through o with outward normal n (inside is the side opposite to n).
inline float sdPlane(const vec3& p, const vec3& o, const vec3& n) { return glm::dot(p - o, n); }

// Tube along a polyline with per-point radius, optionally elliptical: rx is the
// radius along `side` (projected perpendicular to the path), ry across it.
struct Tube {
    std::vector<vec3> pts;
    std::vector<float> rx, ry;
    std::vector<vec3> side;  // optional; empty = circular section
    float eval(const vec3& p) const;
    void bounds(vec3& lo, vec3& hi) const;
    // Call after filling the arrays: caches joint planes so interior joints are
    // seamless (each segment owns the slab between the bisector planes).
    void finalize();
    std::vector<vec3> jointN;
};

// A field with a bounding sphere, so unions can skip evaluating it far away.
// `lip` >= 1 bounds how much the field underestimates the true distance
// (elliptic bounds shrink by up to rmax/rmin), keeping the skip exact.
struct Prim {
    vec3 c{0.f};
    float r = 0.f, lip = 1.f;
    Sdf f;
};
Prim prim(std::shared_ptr<const Tube> t);
Prim primSphereBound(const vec3& c, float r, float lip, Sdf f);

// Smooth union that leaves f untouched when g cannot reach it.
inline float U(float f, const vec3& p, const Prim& g, float k) {
    float b = glm::length(p - g.c) - g.r;
    if (b >= 0.f && b >= (f + k) * g.lip) return f;
    return smin(f, g.f(p), k);
}

// Catmull-Rom resampling of control points: `per` samples per span.
std::vector<vec3> catmull(const std::vector<vec3>& c, int per);
std::vector<float> lerpProfile(const std::vector<float>& knots, int n);
// Catmull-Rom interpolation of a table of (y, value) over increasing y, clamped
// at the ends: smooth (C1), so sections built from it show no rings at the knots.
float tableAt(const std::vector<vec2>& t, float y);

// Distance to a thickened parametric surface patch (triangulated, bucketed).
class Patch {
public:
    // surf(u,v) in mm, halfThick(u,v) >= 0; u,v in [0,1].
    Patch(const std::function<vec3(float, float)>& surf,
          const std::function<float(float, float)>& halfThick, int nu, int nv, float reach);
    float eval(const vec3& p) const;
    vec3 lo, hi;  // bounds incl. thickness

private:
    struct Tri {
        vec3 a, b, c;
        float ta, tb, tc;
        vec3 centre;
        float radius;  // bounding sphere incl. thickness, for a cheap skip
    };
    std::vector<Tri> tris_;
    float cell_ = 4.f, reach_ = 8.f;
    int gx_ = 0, gy_ = 0, gz_ = 0;
    vec3 glo_{0.f}, ghi_{0.f};
    std::vector<std::vector<int>> buckets_;
};

}  // namespace mg
