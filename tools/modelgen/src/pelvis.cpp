// Hip bones (os coxae). Built for the left side (+X) and mirrored for the right.
#include <memory>

#include "layout.hpp"
#include "pelvis_shape.hpp"

namespace mg {
namespace {

vec3 lerp3(const vec3& a, const vec3& b, float t) { return a + (b - a) * t; }

// Point on a Catmull-Rom polyline at arc fraction t (resampled polyline).
vec3 along(const std::vector<vec3>& pl, float t) {
    t = glm::clamp(t, 0.f, 1.f) * float(pl.size() - 1);
    size_t i = std::min(size_t(t), pl.size() - 2);
    return lerp3(pl[i], pl[i + 1], t - float(i));
}

float smooth01(float e0, float e1, float x) {
    float t = glm::clamp((x - e0) / (e1 - e0), 0.f, 1.f);
    return t * t * (3.f - 2.f * t);
}

}  // namespace

IliumShape::IliumShape(const Layout& L) {
    auto& P = L.pel;
    crest = catmull({P.at("asis"), {128, 100, 56}, P.at("crest_tubercle"), {131, 132, 10}, P.at("crest_top"),
                     {108, 135, -40}, {82, 118, -64}, P.at("psis")},
                    12);
    // Lower edge of the wing: the arcuate line (pelvic brim) from the iliopubic
    // eminence back to the front of the sacro-iliac joint.
    brim = catmull({P.at("iliopubic_eminence"), {67, 36, 10}, {63, 54, -22}, {54, 70, -44}}, 12);
    // Anterior border: the groove for iliopsoas between eminence and AIIS, then
    // the notch between AIIS and ASIS.
    front = catmull({P.at("iliopubic_eminence"), {88, 26, 44}, P.at("aiis"), {112, 50, 60}, P.at("asis")}, 12);
    back = catmull({{54, 70, -44}, {50, 80, -60}, P.at("psis")}, 12);
}

// Coons patch between the four border curves, bowed laterally in the middle so
// the inner face becomes the concave iliac fossa.
vec3 IliumShape::surf(float u, float v) const {
    vec3 c = (1 - v) * along(brim, u) + v * along(crest, u) + (1 - u) * along(front, v) + u * along(back, v) -
             ((1 - u) * (1 - v) * brim.front() + u * (1 - v) * brim.back() + (1 - u) * v * crest.front() +
              u * v * crest.back());
    float bow = std::sin(kPi * u) * std::sin(kPi * std::min(1.f, v * 1.1f));
    return c + glm::normalize(vec3(1.f, -0.15f, -0.35f)) * (16.f * bow);
}

// Half thickness: thin (~3 mm total) in the fossa, thick at the brim and behind,
// where the iliac tuberosity and auricular region carry the body weight.
float IliumShape::half(float u, float v) const {
    float t = 1.5f;
    t += 7.f * std::pow(1.f - v, 3.f);
    t += 5.f * smooth01(0.65f, 1.f, u) * (1.f - 0.5f * v);
    t += 2.5f * smooth01(0.25f, 0.f, u);
    return t;
}

vec3 IliumShape::fossaNormal(float u, float v) const {
    const float e = 1e-3f;
    vec3 du = surf(u + e, v) - surf(u - e, v);
    vec3 dv = surf(u, v + e) - surf(u, v - e);
    vec3 n = glm::normalize(glm::cross(du, dv));
    vec3 toward = vec3(0, 60, 20) - surf(u, v);
    return glm::dot(n, toward) > 0.f ? n : -n;
}

Sdf hipBoneSdf(const Layout& L, float side) {
    auto sh = std::make_shared<IliumShape>(L);
    auto wing = std::make_shared<Patch>([sh](float u, float v) { return sh->surf(u, v); },
                                        [sh](float u, float v) { return sh->half(u, v); }, 48, 32, 9.f);
    auto crestTube = std::make_shared<Tube>();
    crestTube->pts = sh->crest;
    crestTube->rx = lerpProfile({4.5f, 6.5f, 7.5f, 6.f, 5.f, 6.f, 7.f}, int(sh->crest.size()));
    crestTube->ry = crestTube->rx;
    auto& P = L.pel;
    const vec3 H = P.at("hip");
    const vec3 nAc = glm::normalize(vec3(0.62f, -0.68f, 0.36f));  // acetabular opening: lateral, down, forward
    const vec3 down = glm::normalize(vec3(0, -1, 0) - nAc * glm::dot(vec3(0, -1, 0), nAc));
    const float cupIn = L.femur[0].headR + 2.5f;  // cartilage-like gap around the head

    auto supRamus = std::make_shared<Tube>();
    supRamus->pts = catmull({{70, 6, 22}, {56, 8, 40}, {38, -2, 52}, {18, -18, 54}}, 14);
    supRamus->rx = lerpProfile({10.f, 8.f, 7.5f, 8.f}, int(supRamus->pts.size()));
    supRamus->ry = supRamus->rx;
    auto pecten = std::make_shared<Tube>();
    pecten->pts = catmull({P.at("iliopubic_eminence"), {48, 12, 47}, {34, 1, 55}, P.at("pubic_tubercle")}, 6);
    pecten->rx = lerpProfile({3.f, 2.5f, 2.5f, 3.f}, int(pecten->pts.size()));
    pecten->ry = pecten->rx;
    auto brimTube = std::make_shared<Tube>();
    brimTube->pts = sh->brim;
    brimTube->rx = lerpProfile({5.f, 5.f, 5.5f, 7.f}, int(sh->brim.size()));
    brimTube->ry = brimTube->rx;
    // Posterior column (behind the acetabulum) down to the ischial tuberosity,
    // then the ischial and inferior pubic rami closing the obturator foramen.
    auto column = std::make_shared<Tube>();
    column->pts = catmull({{56, 66, -50}, {66, 36, -40}, {70, 4, -30}, {64, -30, -34}, {60, -62, -34},
                           P.at("ischial_tuberosity")},
                          14);
    column->rx = lerpProfile({12.f, 13.f, 14.f, 11.f, 10.f, 12.f}, int(column->pts.size()));
    column->ry = column->rx;
    auto ramus = std::make_shared<Tube>();
    ramus->pts = catmull({P.at("ischial_tuberosity"), {46, -90, -8}, {33, -78, 18}, {22, -64, 36}, {12, -50, 44}}, 14);
    // Flat bars (broad in the plane of the foramen, thin across it).
    ramus->rx = lerpProfile({12.f, 9.f, 8.f, 8.5f, 9.f}, int(ramus->pts.size()));
    ramus->ry = lerpProfile({8.f, 4.5f, 4.f, 4.f, 5.f}, int(ramus->pts.size()));
    ramus->side.assign(ramus->pts.size(), vec3(0, 1, 0));
    ramus->finalize();

    auto pubis = std::make_shared<Tube>();
    pubis->pts = {{15, -14, 56}, {13, -30, 52}, {12, -47, 45}};
    pubis->rx = {9.f, 10.f, 9.f};
    pubis->ry = {7.f, 7.5f, 6.5f};
    pubis->side.assign(3, vec3(1, 0, 0));
    pubis->finalize();

    const Prim gWing = primSphereBound(0.5f * (wing->lo + wing->hi), 0.5f * glm::length(wing->hi - wing->lo), 1.f,
                                       [wing](const vec3& p) { return wing->eval(p); });
    const Sdf sacrum = sacrumSdf(L);
    const Prim gCrest = prim(crestTube), gSup = prim(supRamus), gPecten = prim(pecten), gBrim = prim(brimTube),
               gColumn = prim(column), gRamus = prim(ramus), gPubis = prim(pubis);
    // Looked up once: map lookups inside the field would dominate its cost.
    const vec3 k_aiis = P.at("aiis");
    const vec3 k_asis = P.at("asis");
    const vec3 k_iliopubic_eminence = P.at("iliopubic_eminence");
    const vec3 k_ischial_spine = P.at("ischial_spine");
    const vec3 k_ischial_tuberosity = P.at("ischial_tuberosity");
    const vec3 k_piis = P.at("piis");
    const vec3 k_psis = P.at("psis");
    const vec3 k_pubic_tubercle = P.at("pubic_tubercle");
    return [=](const vec3& q) {
        vec3 p(q.x * side, q.y, q.z);
        float f = gWing.f(p);
        f = U(f, p, gCrest, 6.f);
        f = smin(f, sdSphere(p, k_asis, 5.5f), 9.f);
        f = smin(f, sdEllipsoid(p - k_aiis, vec3(6.f, 8.f, 6.f)), 9.f);
        f = smin(f, sdSphere(p, k_psis, 7.f), 8.f);
        f = smin(f, sdEllipsoid(p - k_piis, vec3(6.f, 8.f, 6.f)), 9.f);
        // Iliac body and auricular block behind the brim.
        f = smin(f, sdEllipsoid(p - vec3(84, 36, 6), vec3(17.f, 24.f, 30.f)), 12.f);
        f = smin(f, sdEllipsoid(p - vec3(60, 78, -52), vec3(13.f, 28.f, 22.f)), 12.f);
        f = smin(f, sdEllipsoid(p - vec3(64, 56, -34), vec3(11.f, 16.f, 16.f)), 10.f);
        f = smin(f, sdEllipsoid(p - vec3(61, 48, -40), vec3(10.f, 20.f, 14.f)), 10.f);
        f = U(f, p, gBrim, 8.f);
        f = U(f, p, gColumn, 10.f);
        // Ischial spine: a pointed process on the back of the column.
        f = smin(f, sdCone(p, vec3(64, -20, -36), k_ischial_spine, 9.f, 2.5f), 8.f);
        f = smin(f, sdEllipsoid(p - (k_ischial_tuberosity + vec3(2, 2, 0)), vec3(11.f, 17.f, 14.f)), 8.f);
        f = U(f, p, gRamus, 8.f);
        f = U(f, p, gSup, 8.f);
        f = U(f, p, gPecten, 4.f);
        f = smin(f, sdSphere(p, k_iliopubic_eminence, 6.f), 6.f);
        f = smin(f, sdSphere(p, k_pubic_tubercle, 4.5f), 5.f);
        // Pubic body with a flat symphyseal face 3 mm from the midline.
        f = U(f, p, gPubis, 8.f);
        f = smax(f, 3.f - p.x, 2.f);
        // Acetabulum: a thick cup around the head opening laterally, down and forward.
        float r = glm::length(p - H);
        if (r < cupIn + 30.f) {
            float hgt = glm::dot(p - H, nAc);
            float cup = smax(r - (cupIn + 9.f), hgt - 4.f, 4.f);
            f = smin(f, cup, 10.f);
            // Raised rim (the acetabular margin), a torus around the opening.
            vec3 radial = (p - H) - nAc * hgt;
            float ring = glm::length(vec2(glm::length(radial) - (cupIn + 4.5f), hgt - 4.f)) - 4.5f;
            f = smin(f, ring, 4.f);
            // Socket, the deeper acetabular fossa in its floor, and the inferior notch.
            f = smax(f, -(r - cupIn), 2.f);
            f = smax(f, -sdSphere(p, H - nAc * 14.f + down * 6.f, 14.f), 2.f);
            f = smax(f, -sdSphere(p, H + down * (cupIn + 4.f) + nAc * 6.f, 10.f), 3.f);
        }
        // Sacro-iliac joint: the ilium keeps a 2.5 mm joint space from the
        // sacrum, so its auricular surface is the sacrum's, offset.
        if (p.x < 75.f && p.y > 35.f && p.y < 125.f && p.z > -95.f && p.z < 0.f) f = smax(f, -(sacrum(p) - 2.5f), 2.f);
        return f;
    };
}

std::vector<Part> pelvisParts(const Layout& L) {
    std::vector<Part> out;
    for (int s = 0; s < 2; ++s) {
        float side = s == 0 ? 1.f : -1.f;
        Part p;
        p.id = s == 0 ? "hip_bone_l" : "hip_bone_r";
        if (s == 1) p.mirrorOf = "hip_bone_l";
        p.sdf = hipBoneSdf(L, side);
        vec3 lo(0, -110, -100), hi(160, 155, 90);
        if (side < 0) {
            float a = -hi.x, b = -lo.x;
            lo.x = a;
            hi.x = b;
        }
        p.box = {lo, hi};
        p.h = 0.85f;
        p.maxTris = 60000;
        out.push_back(p);
    }
    return out;
}

}  // namespace mg
