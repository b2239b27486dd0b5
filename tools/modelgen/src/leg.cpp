// Tibia, fibula and patella, placed under the femur in the standing pose. Built
// on the left (+X lateral) and mirrored for the right, like the femur.
//
// Dimensions (shared/anatomy/REFERENCE.md §3 "Lower leg and motion", and
// docs/anatomy.md for the sources not listed there):
//   tibia, medial plateau to medial malleolus tip 372 mm (percutaneous tibia
//     height 37.4 +/- 3.1 cm, J Basic Sci 2015);
//   proximal tibia 79 mm wide, ~50 mm deep (M 75-83 / 47-54 mm, PMC9703208);
//   fibula 378 mm, head apex to lateral malleolus tip (male 374.9 mm,
//     Caucasian 380.4 mm; Naidoo et al., South African osteometric study);
//   patella 36.5 x 44.8 x 22.4 mm (height 34.4, width 44.8, thickness 22.4 mm;
//     Iranpour et al., via Arthroplasty 2022 s42836-022-00117-8);
//   patellar ligament 42 mm (42-44 mm, PMC7205968), which with the patella's
//     height gives an Insall-Salvati ratio of ~1.15 (normal 0.8-1.2).
#include <memory>

#include "layout.hpp"

namespace mg {
namespace {

// Knee joint space between the femoral condyles and the tibial plateau (cartilage
// and menisci are not modelled, so the bones keep this distance).
constexpr float kKneeGap = 3.5f;
// Patellofemoral and tibiofibular joint spaces.
constexpr float kPatellaGap = 2.5f;
constexpr float kFibulaGap = 1.5f;
// Knee joint space below the lowest point of the femoral condyles.
constexpr float kPlateauBelowCondyles = 3.5f;
constexpr float kTibiaLen = 372.f;
// The patella is built this much thicker; the femur carves it off its back.
constexpr float kPatellaCarve = 3.f;
constexpr float kTendon = 42.f;

// Distance along a ray to the first zero crossing of f (0.25 mm steps, then bisection).
float surfaceAlong(const Sdf& f, vec3 from, vec3 dir, float maxT) {
    float prev = f(from), t = 0.f;
    for (float s = 0.25f; s <= maxT; s += 0.25f) {
        float v = f(from + dir * s);
        if (prev > 0.f && v <= 0.f) {
            float a = s - 0.25f, b = s;
            for (int i = 0; i < 30; ++i) {
                float m = 0.5f * (a + b);
                (f(from + dir * m) > 0.f ? a : b) = m;
            }
            return 0.5f * (a + b);
        }
        prev = v;
        t = s;
    }
    return t;
}

// 2D distance to a triangle (exact outside, negative inside).
float sdTriangle(vec2 p, vec2 a, vec2 b, vec2 c) {
    auto seg = [&](vec2 u, vec2 v) {
        vec2 uv = v - u;
        float t = glm::clamp(glm::dot(p - u, uv) / glm::dot(uv, uv), 0.f, 1.f);
        return glm::length(p - (u + uv * t));
    };
    float d = std::min(seg(a, b), std::min(seg(b, c), seg(c, a)));
    auto side = [&](vec2 u, vec2 v) { return (v.x - u.x) * (p.y - u.y) - (v.y - u.y) * (p.x - u.x); };
    float s0 = side(a, b), s1 = side(b, c), s2 = side(c, a);
    bool inside = (s0 >= 0 && s1 >= 0 && s2 >= 0) || (s0 <= 0 && s1 <= 0 && s2 <= 0);
    return inside ? -d : d;
}

// Tibial shaft: a rounded triangle whose corners are the anterior border (the
// shin's crest), the medial border and the interosseous (lateral) border facing
// the fibula. Tables over y below the plateau (local x lateral, z anterior); the
// section grows toward both ends and rounds off distally.
struct TibialShaft {
    std::vector<vec2> ax = {{-330, 2}, {-45, 2}};
    std::vector<vec2> az = {{-330, 11}, {-270, 12}, {-190, 14.5f}, {-110, 16}, {-45, 15}};
    std::vector<vec2> mx = {{-330, -13}, {-270, -10}, {-190, -8.5f}, {-110, -11}, {-45, -17}};
    std::vector<vec2> mz = {{-330, -8}, {-270, -8}, {-190, -8}, {-110, -10}, {-45, -13}};
    std::vector<vec2> lx = {{-330, 12}, {-270, 9.5f}, {-190, 8.5f}, {-110, 11}, {-45, 16}};
    std::vector<vec2> lz = {{-330, -8}, {-270, -7}, {-190, -6}, {-110, -8}, {-45, -11}};
    std::vector<vec2> round = {{-330, 7}, {-270, 5}, {-190, 3.5f}, {-110, 4}, {-45, 6}};
    float operator()(const vec3& l) const {
        float y = l.y;
        vec2 q(l.x, l.z);
        float d = sdTriangle(q, {tableAt(ax, y), tableAt(az, y)}, {tableAt(mx, y), tableAt(mz, y)},
                             {tableAt(lx, y), tableAt(lz, y)}) - tableAt(round, y);
        // Ends hidden inside the metaphyses.
        return smax(d, std::max(l.y + 40.f, -338.f - l.y), 3.f);
    }
};

// Fibula in its own field, local to the tibial plateau centre (left side).
Sdf fibulaLocal() {
    auto shaft = std::make_shared<Tube>();
    shaft->pts = catmull({{31, -30, -21}, {33, -60, -18}, {35, -130, -14}, {34, -210, -11}, {31, -285, -8}, {31, -335, -7},
                          {31, -352, -8}},
                         6);
    int n = int(shaft->pts.size());
    shaft->rx = lerpProfile({7.f, 6.5f, 7.f, 7.f, 7.f, 8.f, 9.f}, n);
    shaft->ry = lerpProfile({7.f, 6.f, 6.5f, 6.5f, 6.f, 7.f, 8.5f}, n);
    shaft->side.assign(n, vec3(1, 0, 0));
    shaft->finalize();
    return [shaft](const vec3& l) {
        // Head below the posterolateral lateral tibial condyle; its apex (styloid
        // process) points up and back.
        float f = sdEllipsoid(l - vec3(31, -26, -22), vec3(11.f, 10.5f, 11.5f));
        f = smin(f, sdCone(l, vec3(33, -22, -25), vec3(35, -13, -28), 6.f, 3.f), 5.f);
        f = smin(f, shaft->eval(l), 8.f);
        // Lateral malleolus: reaches about 1.5 cm lower than the medial one; its
        // medial face is the flat facet for the talus.
        float mal = sdEllipsoid(l - vec3(32, -369, -9), vec3(8.5f, 19.f, 12.f));
        mal = smax(mal, 24.5f - l.x, 3.f);
        return smin(f, mal, 8.f);
    };
}

// Tibia before the joint surfaces are carved (local to the plateau centre, left side).
float tibiaBase(const vec3& l, const TibialShaft& shaft) {
    // Condyles: the medial one larger; their tops are cut by the plateau plane
    // below, which slopes down backwards by 5 degrees (posterior tibial slope).
    float f = std::min(sdEllipsoid(l - vec3(-18, -8, -3), vec3(22.5f, 24.f, 26.f)),
                       sdEllipsoid(l - vec3(19, -8, -5), vec3(21.5f, 24.f, 24.f)));
    f = smin(f, sdEllipsoid(l - vec3(0, -10, -3), vec3(20.f, 18.f, 20.f)), 8.f);
    f = smax(f, glm::dot(l, vec3(0.f, 0.9962f, -0.0872f)), 5.f);
    // Intercondylar eminence: medial and lateral intercondylar tubercles.
    f = smin(f, sdEllipsoid(l - vec3(-5, 1, -3), vec3(4.f, 8.f, 6.f)), 4.f);
    f = smin(f, sdEllipsoid(l - vec3(4.5f, 0, -5), vec3(4.f, 7.f, 6.f)), 4.f);
    // Posterior intercondylar area, a notch between the condyles behind.
    f = smax(f, -sdEllipsoid(l - vec3(0, -6, -31), vec3(8.f, 14.f, 8.f)), 4.f);
    // Proximal metaphysis flaring from the shaft into the condyles.
    f = smin(f, sdEllipsoid(l - vec3(0, -30, -1), vec3(30.f, 28.f, 24.f)), 12.f);
    // Tibial tuberosity (patellar ligament) and Gerdy's tubercle (iliotibial tract).
    f = smin(f, sdEllipsoid(l - vec3(3, -37, 19), vec3(12.f, 16.f, 9.f)), 10.f);
    f = smin(f, sdEllipsoid(l - vec3(25, -14, 10), vec3(6.f, 6.f, 5.f)), 6.f);
    f = smin(f, shaft(l), 14.f);
    // Distal end: metaphysis with the flat plafond (the talar articular surface),
    // then the medial malleolus with its flat lateral (articular) face.
    float dist = sdEllipsoid(l - vec3(1, -334, -1), vec3(23.f, 30.f, 20.f));
    dist = smax(dist, -358.f - l.y, 3.f);
    f = smin(f, dist, 12.f);
    float mal = sdEllipsoid(l - vec3(-17, -kTibiaLen + 15.f, 1), vec3(7.5f, 15.f, 11.f));
    mal = smax(mal, l.x + 11.5f, 2.f);
    return smin(f, mal, 6.f);
}

}  // namespace

void placeLegs(Layout& L) {
    const FemurGeo& F = L.femur[0];
    const Sdf femur = femurSdf(L, 0);
    LegGeo G;
    G.plateau = {F.kneeC.x, F.condyleBottomY - kPlateauBelowCondyles, 0.f};
    G.tibiaLen = kTibiaLen;
    const vec3 T = G.plateau;
    G.medMalleolus = T + vec3(-17, -kTibiaLen, 1);
    G.latMalleolus = T + vec3(32, -388, -9);
    G.fibulaHead = T + vec3(35.5f, -10, -28.5f);
    // The ankle axis passes just below the tips of both malleoli.
    G.ankle = 0.5f * (G.medMalleolus + G.latMalleolus);
    // Tuberosity: where the patellar ligament inserts, on the tibia's front.
    const TibialShaft shaft;
    Sdf tib = [T, shaft](const vec3& p) { return tibiaBase(p - T, shaft); };
    vec3 tubFrom = T + vec3(2, -24, 60);
    G.tuberosity = tubFrom + vec3(0, 0, -1) * surfaceAlong(tib, tubFrom, vec3(0, 0, -1), 80.f);
    // Patella: seated kPatellaGap in front of the femoral trochlea, as high as a
    // 42 mm ligament from its apex to the tuberosity allows. Two passes: the
    // depth of the groove depends on the height.
    G.patH = 36.5f;
    G.patW = 44.8f;
    G.patT = 22.4f;
    const float buildT = G.patT + kPatellaCarve;  // the back is carved by the femur (see legParts)
    vec3 c = T + vec3(2, 36, 0);
    for (int pass = 0; pass < 3; ++pass) {
        vec3 from(c.x, c.y, 90.f);
        float zSurf = from.z - surfaceAlong(femur, from, vec3(0, 0, -1), 90.f);
        c.z = zSurf - 2.f + 0.5f * buildT;
        float dz = c.z - G.tuberosity.z;
        c.y = G.tuberosity.y + std::sqrt(kTendon * kTendon - dz * dz) + 0.5f * G.patH;
    }
    G.patella = c;
    L.leg[0] = G;
    LegGeo R = G;
    for (vec3* v : {&R.plateau, &R.tuberosity, &R.fibulaHead, &R.medMalleolus, &R.latMalleolus, &R.ankle, &R.patella}) v->x = -v->x;
    L.leg[1] = R;
}

std::vector<Part> legParts(const Layout& L) {
    const LegGeo G = L.leg[0];
    const vec3 T = G.plateau;
    const Sdf femurL = femurSdf(L, 0);
    const Sdf fib = fibulaLocal();
    const TibialShaft shaft;
    const char* sfx[2] = {"_l", "_r"};
    std::vector<Part> out;
    for (int s = 0; s < 2; ++s) {
        const float m = s == 0 ? 1.f : -1.f;
        auto left = [m](const vec3& q) { return vec3(q.x * m, q.y, q.z); };
        Part tibia, fibula, patella;
        tibia.id = std::string("tibia") + sfx[s];
        fibula.id = std::string("fibula") + sfx[s];
        patella.id = std::string("patella") + sfx[s];
        if (s == 1) {
            tibia.mirrorOf = "tibia_l";
            fibula.mirrorOf = "fibula_l";
            patella.mirrorOf = "patella_l";
        }
        // The tibia keeps the knee joint space from the femur (which also shapes
        // the plateau's shallow hollows and keeps the eminence in the notch) and
        // takes the fibula's facets: the superior tibiofibular joint under the
        // lateral condyle and the fibular notch above the ankle.
        tibia.sdf = [=](const vec3& q) {
            vec3 p = left(q);
            float f = tibiaBase(p - T, shaft);
            // The femur is > 50 mm away below this level, where the carve cannot
            // change the surface; skipping it there saves most femur evaluations.
            if (p.y > T.y - 60.f) f = smax(f, kKneeGap - femurL(p), 2.f);
            return smax(f, kFibulaGap - fib(p - T), 1.5f);
        };
        fibula.sdf = [=](const vec3& q) { return fib(left(q) - T); };
        // Patella: a shield with its apex down, thickest in the middle; its back is
        // moulded on the trochlea (a median ridge between a larger lateral and a
        // smaller medial facet follows from the groove).
        const vec3 C = G.patella;
        const float hw = 0.5f * G.patW, hh = 0.5f * G.patH, ht = 0.5f * (G.patT + kPatellaCarve);
        patella.sdf = [=](const vec3& q) {
            vec3 p = left(q);
            vec3 l = p - C;
            float taper = 1.f - 0.3f * glm::clamp(-l.y / hh, 0.f, 1.f);
            // x / taper stretches the field by up to 1/0.7; scaling by 0.7 keeps it a distance bound.
            float f = 0.7f * sdEllipsoid(vec3(l.x / taper, l.y, l.z), vec3(hw, hh, ht));
            return smax(f, kPatellaGap - femurL(p), 2.f);
        };
        float x0 = T.x - 45.f, x1 = T.x + 50.f;
        tibia.box = {vec3(std::min(x0 * m, x1 * m), T.y - kTibiaLen - 8.f, T.z - 40.f),
                     vec3(std::max(x0 * m, x1 * m), T.y + 15.f, T.z + 35.f)};
        float f0 = T.x + 15.f, f1 = T.x + 50.f;
        fibula.box = {vec3(std::min(f0 * m, f1 * m), T.y - 395.f, T.z - 45.f), vec3(std::max(f0 * m, f1 * m), T.y - 5.f, T.z + 10.f)};
        vec3 cm(C.x * m, C.y, C.z);
        patella.box = {cm - vec3(hw + 4.f, hh + 4.f, ht + 4.f), cm + vec3(hw + 4.f, hh + 4.f, ht + 4.f)};
        tibia.h = 0.8f;
        tibia.maxTris = 26000;
        fibula.h = 0.6f;
        fibula.maxTris = 10000;
        patella.h = 0.5f;
        patella.maxTris = 5000;
        for (Part* p : {&tibia, &fibula, &patella}) out.push_back(*p);
    }
    return out;
}

}  // namespace mg
