#include "layout.hpp"

#include <stdexcept>

namespace mg {
namespace {

vec3 upAt(float phi) { return {0.f, std::cos(phi), std::sin(phi)}; }
vec3 antAt(float phi) { return {0.f, -std::sin(phi), std::cos(phi)}; }

// Adds one wedge (disc or body) on top of the current end plate. phi is the tilt
// of the end-plate normal from +Y toward +Z; lordotic wedges (taller in front)
// turn the next end plate backwards.
StackElem stack(const std::string& id, vec3& c, float& phi, float ha, float hp, float depth, float w) {
    StackElem e;
    e.id = id;
    e.ha = ha;
    e.hp = hp;
    e.d = depth;
    e.w = w;
    float wedge = std::atan((ha - hp) / depth);
    float hm = 0.5f * (ha + hp);
    float mid = phi - 0.5f * wedge;
    e.lowC = c;
    e.lowN = upAt(phi);
    e.mid.o = c + upAt(mid) * (0.5f * hm);
    e.mid.x = {1, 0, 0};
    e.mid.y = upAt(mid);
    e.mid.z = antAt(mid);
    e.upC = c + upAt(mid) * hm;
    phi -= wedge;
    e.upN = upAt(phi);
    c = e.upC;
    return e;
}

}  // namespace

const Vertebra& Layout::vert(const std::string& id) const {
    for (auto& v : verts)
        if (v.body.id == id) return v;
    throw std::runtime_error("no vertebra " + id);
}

Layout makeLayout() {
    Layout L;
    // Standing pelvis: pelvic tilt 12 deg + sacral slope 38 deg = pelvic incidence
    // 50 deg (REFERENCE: PI 50.5 +/- 11.4). S1 end plate centre 108 mm from the hip
    // axis (pelvic radius), behind it by the pelvic tilt.
    const float PT = deg(12.f), SS = deg(38.f), R = 108.f;
    L.s1C = {0.f, R * std::cos(PT), -R * std::sin(PT)};
    L.s1N = upAt(SS);
    L.sacrum.o = L.s1C;
    L.sacrum.x = {1, 0, 0};
    L.sacrum.y = L.s1N;
    L.sacrum.z = antAt(SS);

    struct VDef {
        const char* id;
        float w, d, ha, hp, cw, cd, tp, spl, sph;
    };
    // Bodies: L2-L5 width/depth/height per the SSM means; L5 anterior/posterior
    // heights 30.3/26.3. T12-L1 scaled down, slightly kyphotic wedges.
    const VDef vd[] = {
        {"l5", 52.f, 37.5f, 30.3f, 26.3f, 27.f, 17.f, 47.5f, 48.f, 20.f},
        {"l4", 50.f, 38.f, 28.5f, 27.5f, 25.f, 17.f, 45.f, 52.f, 23.f},
        {"l3", 48.f, 37.f, 28.f, 28.5f, 24.f, 16.5f, 46.5f, 53.f, 25.f},
        {"l2", 46.f, 36.f, 27.f, 28.5f, 23.f, 16.5f, 41.5f, 52.f, 25.f},
        {"l1", 43.f, 34.f, 25.f, 27.f, 22.f, 16.5f, 35.f, 50.f, 24.f},
        {"t12", 40.f, 31.f, 22.f, 24.f, 20.f, 16.f, 26.f, 45.f, 22.f},
    };
    // Discs below each vertebra (anterior/posterior heights, MRI means).
    const float discA[] = {18.7f, 18.1f, 15.2f, 13.1f, 10.8f, 8.5f};
    const float discP[] = {8.5f, 10.1f, 9.1f, 8.6f, 7.3f, 6.0f};
    const char* discId[] = {"disc_l5_s1", "disc_l4_l5", "disc_l3_l4", "disc_l2_l3", "disc_l1_l2", "disc_t12_l1"};

    vec3 c = L.s1C;
    float phi = SS;
    float prevW = L.s1W, prevD = L.s1D;
    std::vector<Vertebra> up;
    std::vector<StackElem> discs;
    for (int i = 0; i < 6; ++i) {
        const VDef& v = vd[i];
        discs.push_back(stack(discId[i], c, phi, discA[i], discP[i], 0.5f * (prevD + v.d), 0.5f * (prevW + v.w)));
        Vertebra V;
        V.body = stack(v.id, c, phi, v.ha, v.hp, v.d, v.w);
        V.canalW = v.cw;
        V.canalD = v.cd;
        V.tpHalfSpan = v.tp;
        V.spLen = v.spl;
        V.spHeight = v.sph;
        V.thoracic = std::string(v.id) == "t12";
        up.push_back(V);
        prevW = v.w;
        prevD = v.d;
    }
    L.verts.assign(up.rbegin(), up.rend());
    L.discs.assign(discs.rbegin(), discs.rend());

    // Sacral axis: body centre of S1, then curving (concave forward) to the apex
    // and on through the coccyx; straight sacral length ~104 mm.
    vec3 s1body = L.s1C - L.s1N * 14.f;
    L.sacralAxis = {s1body, {0, 74, -52}, {0, 52, -66}, {0, 33, -73}, {0, 17, -73}, {0, 5, -68}, {0, -5, -60}, {0, -13, -51}};

    auto& P = L.pel;
    P["hip"] = {82, 0, 0};
    P["asis"] = {120, 66, 71};
    P["aiis"] = {103, 36, 50};
    P["psis"] = {38, 90, -76};
    P["piis"] = {46, 66, -74};
    P["crest_tubercle"] = {132, 118, 30};
    P["crest_top"] = {124, 139, -12};
    P["pubic_tubercle"] = {26, -15, 60};
    P["symphysis_top"] = {3, -13, 58};
    P["symphysis_bottom"] = {3, -52, 46};
    P["iliopubic_eminence"] = {62, 20, 40};
    P["ischial_spine"] = {47, -26, -50};
    P["ischial_tuberosity"] = {56, -86, -32};
    P["obturator_centre"] = {52, -46, 20};

    // Femur: neck-shaft angle 129 deg, anteversion 12 deg, shaft adducted 7 deg so
    // that the mechanical axis (head to knee) is near vertical, max length 436 mm.
    for (int side = 0; side < 2; ++side) {
        FemurGeo& F = L.femur[side];
        F.s = side == 0 ? 1.f : -1.f;
        F.lateral = {F.s, 0, 0};
        F.medial = -F.lateral;
        F.anterior = {0, 0, 1};
        F.head = {82.f * F.s, 0, 0};
        F.shaftUp = glm::normalize(vec3(0, 1, 0) * std::cos(deg(7.f)) + F.lateral * std::sin(deg(7.f)));
        vec3 medPerp = glm::normalize(F.medial - F.shaftUp * glm::dot(F.medial, F.shaftUp));
        vec3 antPerp = glm::normalize(F.anterior - F.shaftUp * glm::dot(F.anterior, F.shaftUp));
        vec3 horiz = medPerp * std::cos(deg(12.f)) + antPerp * std::sin(deg(12.f));
        F.neckDir = glm::normalize(F.shaftUp * std::cos(deg(180.f - 129.f)) + horiz * std::sin(deg(180.f - 129.f)));
        F.neckBase = F.head - F.neckDir * 52.f;
        F.condyleBottomY = F.head.y + F.headR - 436.f;
        // Knee centre: on the shaft axis at the condyle centre level.
        float kneeY = F.condyleBottomY + 24.f;
        float t = (F.neckBase.y - kneeY) / F.shaftUp.y;
        F.kneeC = F.neckBase - F.shaftUp * t;
        F.kneeC.z = 0.f;
        F.lesserTroch = F.head + F.lateral * 8.f + vec3(0, -58, -20);
        F.greaterTroch = F.neckBase + F.lateral * 12.f + vec3(0, 26, -10);
        F.trochFossa = F.neckBase + F.lateral * 3.f + vec3(0, 14, -20);
    }
    placeLegs(L);
    return L;
}

}  // namespace mg
