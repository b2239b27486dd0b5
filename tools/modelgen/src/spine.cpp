// Lumbar vertebrae, T12, intervertebral discs, sacrum and coccyx.
#include <memory>

#include "layout.hpp"

namespace mg {
namespace {

// Kidney-shaped end-plate outline: an ellipse with its posterior border pushed in,
// the characteristic concavity facing the vertebral canal.
float kidney(vec2 q, float w, float d, float notch) {
    float e = sdEllipse2(q, vec2(0.5f * w, 0.5f * d));
    float rk = 0.42f * w;
    float c = glm::length(q - vec2(0.f, -0.5f * d - rk + notch)) - rk;
    return smax(e, -c, 4.f);
}

vec3 toLocalDir(const Frame& f, const vec3& d) { return {glm::dot(d, f.x), glm::dot(d, f.y), glm::dot(d, f.z)}; }

// World AABB of a local box.
Box worldBox(const Frame& f, vec3 lo, vec3 hi) {
    Box b{vec3(1e9f), vec3(-1e9f)};
    for (int i = 0; i < 8; ++i) {
        vec3 l(i & 1 ? hi.x : lo.x, i & 2 ? hi.y : lo.y, i & 4 ? hi.z : lo.z);
        vec3 w = f.toWorld(l);
        b.lo = glm::min(b.lo, w);
        b.hi = glm::max(b.hi, w);
    }
    return b;
}

// Body between the two end-plate planes with a slight waist (concave sides).
float bodyField(const StackElem& e, const vec3& l, float bulge, float round) {
    float hm = 0.5f * (e.ha + e.hp);
    float yy = glm::clamp(2.f * l.y / hm, -1.f, 1.f);
    float d2 = kidney(vec2(l.x, l.z), e.w, e.d, 2.5f) + bulge * (1.f - yy * yy);
    vec3 upC = e.mid.toLocal(e.upC), lowC = e.mid.toLocal(e.lowC);
    vec3 upN = toLocalDir(e.mid, e.upN), lowN = toLocalDir(e.mid, e.lowN);
    float top = glm::dot(l - upC, upN);
    float bot = -glm::dot(l - lowC, lowN);
    return smax(smax(d2, top, round), bot, round);
}

}  // namespace

// Distance in the xz plane to segment ab.
static float seg2(vec2 q, vec2 a, vec2 b) {
    vec2 ab = b - a;
    float t = glm::clamp(glm::dot(q - a, ab) / glm::dot(ab, ab), 0.f, 1.f);
    return glm::length(q - (a + ab * t));
}

Sdf vertebraSdf(const Layout&, const Vertebra& V) {
    const StackElem e = V.body;
    const float hp = e.hp, d = e.d, cw = V.canalW, cd = V.canalD;
    const float zb = -0.5f * d + 1.f;  // posterior body wall (kidney notch)
    const bool t12 = V.thoracic;
    const bool l5 = e.id == "l5";
    // Spinous process: a vertical plate (hatchet) sloping down, thickened at its tip.
    const float spTipZ = zb - V.spLen, spTipY = -4.f - (t12 ? 10.f : 0.f);
    const vec3 spRoot(0.f, 1.f, zb - cd - 4.f);
    // Transverse processes: flattened front-to-back, pointing laterally and a
    // little backward (lumbar "costal processes"); short and stubby on T12.
    std::shared_ptr<Tube> tp[2];
    for (int s = 0; s < 2; ++s) {
        float sx = s == 0 ? 1.f : -1.f;
        tp[s] = std::make_shared<Tube>();
        float tipY = t12 ? 5.f : 3.f;
        float tipZ = t12 ? zb - 22.f : zb - 14.f;
        vec3 root(sx * (0.5f * cw + 5.f), 3.f, zb - 9.f);
        vec3 tip(sx * (V.tpHalfSpan - 4.f), tipY, tipZ);
        tp[s]->pts = {root, root + (tip - root) * 0.5f + vec3(0, 0.5f, 1.f), tip};
        tp[s]->rx = {l5 ? 9.f : 6.f, l5 ? 7.f : 4.8f, l5 ? 6.f : 4.5f};
        tp[s]->ry = {l5 ? 6.f : 4.f, 3.f, 3.2f};
        tp[s]->side = {{0, 1, 0}, {0, 1, 0}, {0, 1, 0}};
        tp[s]->finalize();
    }
    return [=](const vec3& p) {
        vec3 l = e.mid.toLocal(p);
        float body = bodyField(e, l, 1.6f, 2.5f);
        float f = body;
        const float ax = std::fabs(l.x);
        // Pedicles: short thick bars from the upper back of the body.
        {
            vec3 q(ax - (0.5f * cw + 4.5f), l.y - 3.f, 0.f);
            float along = std::max(l.z - (zb + 4.f), (zb - 11.f) - l.z);
            float sec = sdEllipse2(vec2(q.x, q.y), vec2(4.8f, 7.5f));
            f = smin(f, smax(sec, along, 2.f), 4.f);
        }
        // Laminae: plates from the pedicles to the midline roofing the canal.
        {
            vec2 a(0.5f * cw + 4.5f, zb - 9.f), b(0.f, zb - cd - 4.f);
            float plate = seg2(vec2(ax, l.z), a, b) - 3.2f;
            float ytop = 0.5f * hp - 5.f + 0.15f * (l.z - zb);
            float ybot = -0.5f * hp - 3.f + 0.2f * (l.z - zb);
            f = smin(f, smax(plate, std::max(l.y - ytop, ybot - l.y), 2.f), 4.f);
        }
        // Spinous process.
        {
            vec2 a(spRoot.z, spRoot.y), b(spTipZ, spTipY);
            vec2 q(l.z, l.y);
            vec2 ab = b - a;
            float t = glm::clamp(glm::dot(q - a, ab) / glm::dot(ab, ab), 0.f, 1.f);
            float halfH = 0.5f * V.spHeight * (0.75f + 0.25f * t);
            vec2 c = a + ab * t;
            float inPlane = std::fabs(glm::dot(q - c, vec2(-ab.y, ab.x) / glm::length(ab))) - halfH;
            float thick = ax - (3.3f + 2.f * t * t);
            float sp = smax(inPlane, thick, 3.f);
            float ends = std::max(glm::dot(q - b, glm::normalize(ab)), glm::dot(a - q, glm::normalize(ab)));
            sp = smax(sp, ends, 4.f);
            f = smin(f, sp, 4.f);
        }
        for (int s = 0; s < 2; ++s) {
            f = smin(f, tp[s]->eval(l), 4.f);
        }
        // Superior articular process: a plate rising above the body, facet facing
        // medially; mamillary process on its back edge. (T12: facing backward.)
        {
            vec3 c(0.5f * cw + 6.f, 0.5f * hp + 1.f, zb - 13.f);
            vec3 r = t12 ? vec3(6.f, 9.f, 3.8f) : vec3(3.8f, 10.f, 7.5f);
            f = smin(f, sdEllipsoid(vec3(ax, l.y, l.z) - c, r), 4.f);
            if (!t12) f = smin(f, sdSphere(vec3(ax, l.y, l.z), vec3(0.5f * cw + 8.f, 0.5f * hp - 1.f, zb - 19.f), 2.5f), 3.f);
        }
        // Inferior articular process hanging below the lamina, facet facing
        // laterally, medial to the superior process of the vertebra below.
        {
            vec3 c(0.5f * cw - 2.f, -0.5f * hp - 4.f, zb - 17.f);
            f = smin(f, sdEllipsoid(vec3(ax, l.y, l.z) - c, vec3(3.5f, 9.5f, 6.5f)), 4.f);
        }
        if (t12) {
            // Costal facet for the 12th rib on the body, just in front of the pedicle.
            f = smax(f, -sdSphere(vec3(ax, l.y, l.z), vec3(0.5f * e.w + 3.f, 0.5f * hp - 7.f, -0.5f * d + 7.f), 5.f), 1.f);
        }
        // Vertebral foramen: a rounded triangle, base on the back of the body.
        {
            float front = l.z - zb;
            vec2 A(0.5f * cw, zb), n = glm::normalize(vec2(cd, -0.5f * cw));
            float sx = std::sqrt(l.x * l.x + 4.f);
            float side = glm::dot(vec2(sx, l.z) - A, n);
            float canal = smax(front, side, 4.f);
            canal = smax(canal, std::fabs(l.y) - (0.5f * hp + 8.f), 1.f);
            f = smax(f, -canal, 1.5f);
        }
        return f;
    };
}

std::vector<Part> spineParts(const Layout& L) {
    std::vector<Part> out;
    for (const auto& V : L.verts) {
        Part p;
        p.id = V.body.id;
        p.sdf = vertebraSdf(L, V);
        float hp = V.body.hp;
        p.box = worldBox(V.body.mid, vec3(-V.tpHalfSpan - 8.f, -0.5f * hp - 18.f, -0.5f * V.body.d - V.spLen - 10.f),
                         vec3(V.tpHalfSpan + 8.f, 0.5f * hp + 18.f, 0.5f * V.body.d + 6.f));
        p.h = 0.55f;
        p.maxTris = 32000;
        out.push_back(p);
    }
    for (size_t i = 0; i < L.discs.size(); ++i) {
        const StackElem& D = L.discs[i];
        Part p;
        p.id = D.id;
        StackElem e = D;
        // The disc shares its end-plate planes with the bodies above and below; left
        // alone, both surfaces would lie on the same plane and cut caps (and depth
        // tests) would flicker between disc and bone. Carving it by the adjacent
        // bones, kept kDiscGap away, makes the two never overlap.
        constexpr float kDiscGap = 0.5f;
        Sdf above = vertebraSdf(L, L.verts[i]);
        Sdf below = i + 1 < L.verts.size() ? vertebraSdf(L, L.verts[i + 1]) : sacrumSdf(L);
        p.sdf = [e, above, below](const vec3& x) {
            float f = bodyField(e, e.mid.toLocal(x), -0.8f, 1.2f);
            f = smax(f, kDiscGap - above(x), 1.f);
            return smax(f, kDiscGap - below(x), 1.f);
        };
        float hm = 0.5f * (D.ha + D.hp);
        p.box = worldBox(D.mid, vec3(-0.5f * D.w - 6.f, -hm - 6.f, -0.5f * D.d - 6.f),
                         vec3(0.5f * D.w + 6.f, hm + 6.f, 0.5f * D.d + 6.f));
        p.h = 0.8f;
        p.maxTris = 4000;
        out.push_back(p);
    }
    {
        Part p;
        p.id = "sacrum";
        p.sdf = sacrumSdf(L);
        p.box = {vec3(-62, 5, -95), vec3(62, 118, 20)};
        p.h = 0.7f;
        p.maxTris = 50000;
        out.push_back(p);
    }
    {
        Part p;
        p.id = "coccyx";
        // Three to four fused segments tapering from the sacral apex: a tapered
        // tube with shallow waists between the segments.
        auto ax = L.sacralAxis;
        std::vector<vec3> c(ax.begin() + 4, ax.end());
        vec3 dir0 = glm::normalize(c[1] - c[0]);
        c[0] += dir0 * 3.f;  // sacrococcygeal joint gap
        auto t = std::make_shared<Tube>();
        t->pts = catmull(c, 8);
        int n = int(t->pts.size());
        t->rx = lerpProfile({11.f, 8.f, 6.f, 3.5f}, n);
        t->ry = lerpProfile({5.f, 4.5f, 3.8f, 2.8f}, n);
        t->side.assign(n, vec3(1, 0, 0));
        t->finalize();
        p.sdf = [t, c](const vec3& x) {
            float f = t->eval(x);
            for (size_t i = 1; i + 1 < c.size(); ++i) {
                f = smax(f, -sdSphere(x, c[i] + vec3(12.f, 0, 0), 4.5f), 1.f);
                f = smax(f, -sdSphere(x, c[i] - vec3(12.f, 0, 0), 4.5f), 1.f);
            }
            return f;
        };
        Box b{vec3(1e9f), vec3(-1e9f)};
        for (auto& q : c) {
            b.lo = glm::min(b.lo, q - vec3(14.f));
            b.hi = glm::max(b.hi, q + vec3(14.f));
        }
        p.box = b;
        p.h = 0.5f;
        p.maxTris = 6000;
        out.push_back(p);
    }
    return out;
}

Sdf sacrumSdf(const Layout& L) {
    const Frame S = L.sacrum;
    const float w = L.s1W, d = L.s1D;
    auto ax = std::make_shared<Tube>();
    std::vector<vec3> c(L.sacralAxis.begin(), L.sacralAxis.begin() + 5);
    // The lateral parts start below the S1 body so that the alae, not this
    // slab, shape the sloping base of the sacrum.
    std::vector<vec3> cl = c;
    cl[0] = c[0] + (c[1] - c[0]) * 0.35f;
    ax->pts = catmull(cl, 16);
    int n = int(ax->pts.size());
    ax->rx = lerpProfile({40.f, 40.f, 30.f, 19.f, 10.f}, n);
    ax->ry = lerpProfile({17.f, 15.f, 12.f, 9.f, 6.f}, n);
    ax->side.assign(n, vec3(1, 0, 0));
    ax->finalize();
    // Sacral canal runs behind the bodies, from behind S1 down to the hiatus.
    auto canal = std::make_shared<Tube>();
    std::vector<vec3> cc;
    for (size_t i = 0; i < c.size(); ++i) {
        vec3 t = glm::normalize(c[std::min(i + 1, c.size() - 1)] - c[i > 0 ? i - 1 : 0]);
        vec3 back = glm::normalize(glm::cross(vec3(1, 0, 0), t));  // posterior, perpendicular to axis
        cc.push_back(c[i] + back * (i == 0 ? 26.f : 8.f - float(i)));
    }
    cc.insert(cc.begin(), cc[0] + L.s1N * 25.f);
    canal->pts = catmull(cc, 4);
    int nc = int(canal->pts.size());
    canal->rx = lerpProfile({12.f, 11.f, 7.f, 5.f, 4.f, 4.f}, nc);
    canal->ry = lerpProfile({6.5f, 6.f, 4.5f, 3.5f, 3.f, 3.5f}, nc);
    canal->side.assign(nc, vec3(1, 0, 0));
    canal->finalize();
    // Anterior sacral foramina between fused segments, four pairs.
    struct Hole {
        vec3 a, b;
        float r;
    };
    std::vector<Hole> holes;
    const float lat[] = {15.f, 14.f, 12.f, 8.5f};
    const float rad[] = {5.5f, 5.f, 4.2f, 3.f};
    // Transverse ridges: the fused intervertebral discs, between each pair of foramina.
    struct Ridge {
        vec3 a, b;
        float r;
    };
    std::vector<Ridge> ridges;
    const float antOff[] = {14.5f, 12.5f, 10.f, 8.f};
    for (int i = 0; i < 4; ++i) {
        vec3 p0 = c[i] + (c[i + 1] - c[i]) * 0.6f;
        vec3 t = glm::normalize(c[i + 1] - c[i]);
        vec3 ant = glm::normalize(glm::cross(t, vec3(1, 0, 0)));
        vec3 rc = p0 + ant * (antOff[i] - 1.5f);
        ridges.push_back({rc - vec3(lat[i] - 7.f, 0, 0), rc + vec3(lat[i] - 7.f, 0, 0), 2.2f});
        for (int s = -1; s <= 1; s += 2) {
            vec3 base = p0 + vec3(s * lat[i], 0, 0);
            holes.push_back({base + ant * 25.f, base - ant * 3.f, rad[i]});
            // Dorsal foramina sit a little more laterally.
            holes.push_back({base - ant * 3.f, base + vec3(s * 4.f, 0, 0) - ant * 25.f, rad[i] * 0.8f});
        }
    }
    return [=](const vec3& p) {
        vec3 l = S.toLocal(p);
        float f0 = 1e9f;
        // S1 body below the end plate.
        float kid = kidney(vec2(l.x, l.z), w, d, 3.f);
        float body = smax(smax(kid, l.y, 2.5f), -l.y - 30.f, 4.f);
        // Alae: wings sloping down laterally from the body.
        float ala = 1e9f;
        for (int s = -1; s <= 1; s += 2) {
            vec3 a = l - vec3(s * 30.f, -18.f - 0.2f * std::fabs(l.x), -3.f);
            ala = std::min(ala, sdEllipsoid(a, vec3(24.f, 8.5f, 19.f)));
            // Lateral mass carrying the auricular surface, facing the ilium.
            vec3 au = p - vec3(s * 40.f, 80.f, -44.f);
            ala = smin(ala, sdEllipsoid(au, vec3(10.f, 22.f, 16.f)), 8.f);
            // Superior articular process of S1, meeting the inferior process of L5.
            f0 = smin(f0, sdEllipsoid(l - vec3(s * 19.f, 6.f, -30.f), vec3(4.f, 9.f, 7.f)), 4.f);
        }
        float f = smin(smin(body, ala, 7.f), f0, 4.f);
        f = smin(f, ax->eval(p), 10.f);
        // Median sacral crest: small spinous tubercles.
        for (size_t i = 1; i < 5; ++i) {
            vec3 t = glm::normalize(c[std::min(i + 1, c.size() - 1)] - c[i - 1]);
            vec3 back = glm::normalize(glm::cross(vec3(1, 0, 0), t));
            f = smin(f, sdEllipsoid(p - (c[i] + back * (16.f - 2.5f * float(i))), vec3(3.5f, 6.f, 4.f)), 5.f);
        }
        for (const auto& r : ridges) f = smin(f, sdCapsule(p, r.a, r.b, r.r), 3.f);
        f = smax(f, -canal->eval(p), 1.5f);
        // The blends above must not rise above the S1 end plate the disc sits on.
        f = smax(f, l.y, 1.5f);
        for (const auto& h : holes) f = smax(f, -sdCapsule(p, h.a, h.b, h.r), 1.5f);
        // Flatten the auricular surfaces (the ilium is carved to match them).
        for (int s = -1; s <= 1; s += 2) {
            // Only within the ear-shaped auricular area; elsewhere the sides stay rounded.
            float plane = float(s) * p.x - (47.f + 0.25f * (p.z + 45.f));
            float ear = sdEllipse2(vec2(p.y - 80.f, p.z + 44.f), vec2(27.f, 20.f));
            f = smax(f, -std::max(-plane, ear), 6.f);
        }
        return f;
    };
}

}  // namespace mg
