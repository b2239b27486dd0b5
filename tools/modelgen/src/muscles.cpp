// Psoas major/minor, iliacus, the common tendon and the inguinal ligament.
// Paths are laid out for the left side and mirrored.
#include <memory>

#include "layout.hpp"
#include "pelvis_shape.hpp"

namespace mg {
namespace {

vec3 mirrorX(vec3 p, float s) { return {p.x * s, p.y, p.z}; }

Box tubeBox(const Tube& t, float pad) {
    Box b;
    t.bounds(b.lo, b.hi);
    b.lo -= vec3(pad);
    b.hi += vec3(pad);
    return b;
}

struct PsoasDef {
    std::vector<vec3> ctrl;                   // belly axis, T12 to lesser trochanter
    std::vector<float> rx, ry;                // knots along ctrl
    std::vector<std::pair<vec3, vec3>> slips; // origin -> point on belly
};

// Left psoas major: hugging the sides of the bodies, in front of the transverse
// processes, over the brim, under the inguinal ligament in front of the hip,
// then back to the lesser trochanter.
PsoasDef psoasDef(const Layout& L) {
    PsoasDef d;
    const char* lv[] = {"t12", "l1", "l2", "l3", "l4", "l5"};
    const float off[] = {4.f, 7.f, 11.f, 15.f, 18.f, 21.f};
    const float zoff[] = {0.f, -1.f, -2.f, -1.f, 1.f, 5.f};
    for (int i = 0; i < 6; ++i) {
        const Vertebra& V = L.vert(lv[i]);
        const Frame& m = V.body.mid;
        d.ctrl.push_back(m.toWorld(vec3(0.5f * V.body.w + off[i], i == 0 ? 0.4f * V.body.ha : 0.f, zoff[i])));
        // Superficial slips from the bodies/discs, deep ones from transverse processes.
        vec3 belly = m.toWorld(vec3(0.5f * V.body.w + off[i], -0.5f * V.body.ha, zoff[i]));
        d.slips.push_back({m.toWorld(vec3(0.5f * V.body.w - 2.f, 0.5f * V.body.ha + 1.f, 3.f)), belly});
        if (i >= 1 && i <= 4)
            d.slips.push_back({m.toWorld(vec3(0.8f * V.tpHalfSpan, 1.f, -0.5f * V.body.d - 6.f)), belly});
    }
    const FemurGeo& F = L.femur[0];
    d.ctrl.push_back({66, 62, 14});   // on the brim, lateral to the sacro-iliac joint
    d.ctrl.push_back({72, 26, 54});   // over the iliopubic eminence, under the ligament
    d.ctrl.push_back({78, -4, 47});   // in front of the femoral head
    d.ctrl.push_back({84, -32, 26});  // turning back
    d.ctrl.push_back(F.lesserTroch + vec3(-2, 2, 5));
    // Thin where it arises at T12, thickest at L4-L5, tapering into the tendon.
    d.rx = {4.5f, 10.5f, 15.5f, 20.f, 23.f, 23.f, 18.5f, 14.f, 10.5f, 7.f, 4.f};
    d.ry = {3.5f, 8.5f, 12.f, 15.f, 16.5f, 16.5f, 13.5f, 11.f, 9.f, 5.5f, 3.f};
    return d;
}

std::shared_ptr<Tube> makeTube(const std::vector<vec3>& ctrl, const std::vector<float>& rx,
                               const std::vector<float>& ry, int per, vec3 side) {
    auto t = std::make_shared<Tube>();
    t->pts = catmull(ctrl, per);
    int n = int(t->pts.size());
    t->rx = lerpProfile(rx, n);
    t->ry = lerpProfile(ry, n);
    t->side.assign(n, side);
    t->finalize();
    return t;
}

// Removes bone (plus a thin gap) from a muscle so that it moulds onto the
// skeleton instead of passing through it. Bones are only evaluated near their
// boxes: farther away they cannot change the sign of the field.
Sdf carve(Sdf muscle, std::vector<Part> bones, float gap) {
    return [muscle, bones, gap](const vec3& p) {
        float f = muscle(p);
        if (f > 2.f) return f;
        for (const auto& b : bones) {
            vec3 q = glm::max(glm::max(b.box.lo - p, p - b.box.hi), vec3(0.f));
            if (glm::length(q) > gap + 3.f) continue;
            f = smax(f, -(b.sdf(p) - gap), 1.f);
        }
        return f;
    };
}

}  // namespace

std::vector<Part> muscleParts(Layout& L) {
    std::vector<Part> out;
    PsoasDef pd = psoasDef(L);
    auto ish = std::make_shared<IliumShape>(L);
    const FemurGeo& F = L.femur[0];
    auto& P = L.pel;
    // Left-side bones the left muscles lie on (muscles are built on the left).
    std::vector<Part> bones;
    for (auto& b : spineParts(L))
        if (b.id.rfind("disc", 0) != 0 && b.id != "coccyx") bones.push_back(b);
    bones.push_back(pelvisParts(L)[0]);
    bones.push_back(femurParts(L)[0]);

    // Iliacus: a sheet lying on the fossa, offset by the bone's half thickness,
    // plus a converging lower belly lateral to psoas down to the trochanter.
    // Thickest low in the fossa, thinning towards the crest and the edges.
    auto iliacusThickness = [](float u, float v) {
        return 1.5f + 17.f * std::sin(kPi * u) * std::pow(1.f - v, 0.6f) * (0.35f + 0.65f * std::sin(kPi * std::min(1.f, v + 0.2f)));
    };
    auto iliacusSheet = std::make_shared<Patch>(
        [ish, iliacusThickness](float u, float v) {
            float uu = 0.08f + 0.84f * u, vv = 0.12f + 0.8f * v;
            return ish->surf(uu, vv) + ish->fossaNormal(uu, vv) * (ish->half(uu, vv) + iliacusThickness(u, v) + 0.6f);
        },
        iliacusThickness, 40, 30, 10.f);
    std::vector<vec3> iliCtrl = {{92, 50, 30}, {88, 26, 56}, {88, -6, 48}, {90, -34, 25}, F.lesserTroch + vec3(1, 0, 4)};
    auto iliBelly = makeTube(iliCtrl, {21.f, 17.5f, 12.5f, 7.5f, 3.5f}, {16.f, 13.f, 9.5f, 5.5f, 2.5f}, 8, vec3(1, 0, 0));

    auto psoas = makeTube(pd.ctrl, pd.rx, pd.ry, 8, vec3(1, 0, 0));
    std::vector<std::shared_ptr<Tube>> slips;
    // Slips are flat bands (tall, thin) so the attachments read as a sheet,
    // not as separate cords.
    for (auto& [a, b] : pd.slips) slips.push_back(makeTube({a, b}, {6.f, 9.f}, {2.5f, 4.f}, 2, vec3(0, 1, 0)));

    // Psoas minor: a slender belly on the front of psoas major, long tendon to the pecten.
    std::vector<vec3> minorCtrl;
    {
        const Vertebra& T = L.vert("t12");
        const Vertebra& V1 = L.vert("l1");
        minorCtrl.push_back(T.body.mid.toWorld(vec3(0.5f * T.body.w - 3.f, -0.3f * T.body.ha, 0.3f * T.body.d)));
        minorCtrl.push_back(V1.body.mid.toWorld(vec3(0.5f * V1.body.w + 3.f, 0.f, 0.4f * V1.body.d + 4.f)));
        for (int i = 2; i < 6; ++i) {
            vec3 c = pd.ctrl[i];
            minorCtrl.push_back(c + vec3(-4.f, 0, pd.ry[i] + 3.f));
        }
        minorCtrl.push_back({64, 58, 30});
        minorCtrl.push_back(P.at("iliopubic_eminence") + vec3(0, 4, 6));
    }
    auto minor = makeTube(minorCtrl, {3.f, 5.5f, 6.5f, 5.f, 2.5f, 2.f, 2.f, 2.5f}, {2.5f, 4.f, 4.5f, 3.5f, 1.8f, 1.5f, 1.5f, 2.f},
                          8, vec3(1, 0, 0));

    auto tendon = makeTube({{76, 10, 40}, {82, -14, 38}, {86, -36, 18}, F.lesserTroch + vec3(-1, 1, 2)},
                           {6.f, 6.5f, 5.5f, 4.5f}, {4.f, 4.f, 3.5f, 3.5f}, 8, vec3(1, 0, 0));

    auto ligament = makeTube({P.at("asis") + vec3(-3, -4, 2), {96, 38, 72}, {62, 12, 70}, P.at("pubic_tubercle") + vec3(1, 2, 3)},
                             {2.2f, 2.8f, 2.8f, 2.2f}, {2.2f, 2.8f, 2.8f, 2.2f}, 8, vec3(1, 0, 0));

    for (int s = 0; s < 2; ++s) {
        const float sx = s == 0 ? 1.f : -1.f;
        const std::string sfx = s == 0 ? "_l" : "_r";
        auto mirrored = [sx](Sdf f) { return Sdf([f, sx](const vec3& p) { return f(vec3(p.x * sx, p.y, p.z)); }); };
        auto mirrorBox = [sx](Box b) {
            if (sx > 0) return b;
            return Box{vec3(-b.hi.x, b.lo.y, b.lo.z), vec3(-b.lo.x, b.hi.y, b.hi.z)};
        };
        // Every part of the left side is built once and mirrored for the right.
        auto addPart = [&](const std::string& name, Sdf sdf, Box box, float h, int maxTris) {
            Part p;
            p.id = name + sfx;
            if (s == 1) p.mirrorOf = name + "_l";
            p.sdf = mirrored(std::move(sdf));
            p.box = mirrorBox(box);
            p.h = h;
            p.maxTris = maxTris;
            out.push_back(p);
        };
        {
            Box b = tubeBox(*psoas, 14.f);
            for (auto& t : slips) {
                Box c = tubeBox(*t, 8.f);
                b.lo = glm::min(b.lo, c.lo);
                b.hi = glm::max(b.hi, c.hi);
            }
            addPart("psoas_major",
                    carve(
                        [psoas, slips](const vec3& x) {
                            float f = psoas->eval(x);
                            for (auto& t : slips) f = smin(f, t->eval(x), 10.f);
                            return f;
                        },
                        bones, 0.4f),
                    b, 1.0f, 28000);
        }
        addPart("psoas_minor", carve([minor](const vec3& x) { return minor->eval(x); }, bones, 0.4f),
                tubeBox(*minor, 6.f), 0.7f, 8000);
        {
            Box b = tubeBox(*iliBelly, 14.f);
            b.lo = glm::min(b.lo, iliacusSheet->lo - vec3(12.f));
            b.hi = glm::max(b.hi, iliacusSheet->hi + vec3(12.f));
            addPart("iliacus",
                    carve([iliacusSheet, iliBelly](const vec3& x) { return smin(iliacusSheet->eval(x), iliBelly->eval(x), 14.f); },
                          bones, 0.4f),
                    b, 1.0f, 26000);
        }
        addPart("iliopsoas_tendon", carve([tendon](const vec3& x) { return tendon->eval(x); }, bones, 0.3f),
                tubeBox(*tendon, 6.f), 0.6f, 6000);
        addPart("inguinal_ligament", [ligament](const vec3& x) { return ligament->eval(x); }, tubeBox(*ligament, 5.f), 0.5f,
                4000);
        // Muscle path polylines for the landmarks file (origin to insertion).
        MusclePath mp;
        mp.muscle = "psoas_major" + sfx;
        for (auto& c : pd.ctrl) mp.pts.push_back(mirrorX(c, sx));
        L.paths.push_back(mp);
        MusclePath mi;
        mi.muscle = "iliacus" + sfx;
        mi.pts.push_back(mirrorX(ish->surf(0.5f, 0.85f) + ish->fossaNormal(0.5f, 0.85f) * 6.f, sx));
        mi.pts.push_back(mirrorX(ish->surf(0.5f, 0.4f) + ish->fossaNormal(0.5f, 0.4f) * 10.f, sx));
        for (auto& c : iliCtrl) mi.pts.push_back(mirrorX(c, sx));
        L.paths.push_back(mi);
        MusclePath mn;
        mn.muscle = "psoas_minor" + sfx;
        for (auto& c : minorCtrl) mn.pts.push_back(mirrorX(c, sx));
        L.paths.push_back(mn);
    }
    return out;
}

}  // namespace mg
