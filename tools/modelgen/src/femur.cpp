// Femur, built from the placement in Layout (one side, then mirrored).
#include <memory>

#include "layout.hpp"

namespace mg {

Sdf femurSdf(const Layout& L, int side) {
    const FemurGeo F = L.femur[0];  // built on the left, mirrored for the right
    const float mirror = side == 0 ? 1.f : -1.f;
    const vec3 H = F.head, lat = F.lateral, med = F.medial, ant = F.anterior;
    const vec3 up(0, 1, 0);

    // Shaft axis with the forward bow (apex ~10 mm anterior at mid-shaft).
    auto shaft = std::make_shared<Tube>();
    vec3 top = F.neckBase + F.shaftUp * 12.f;
    vec3 bot = F.kneeC + vec3(0, 55, -4);
    std::vector<vec3> ctrl;
    for (int i = 0; i <= 6; ++i) {
        float t = float(i) / 6.f;
        ctrl.push_back(top + (bot - top) * t + ant * (10.f * std::sin(kPi * t)));
    }
    // Dense samples: the radius slope changes per segment, and coarse steps
    // would show as rings in the shading of the distal flare.
    shaft->pts = catmull(ctrl, 16);
    int n = int(shaft->pts.size());
    shaft->rx = lerpProfile({18.f, 16.f, 14.5f, 14.f, 14.5f, 17.f, 27.f}, n);
    shaft->ry = lerpProfile({14.f, 14.f, 13.5f, 13.5f, 13.5f, 15.f, 22.f}, n);
    shaft->side.assign(n, lat);
    shaft->finalize();
    // Linea aspera: a posterior ridge along the middle of the shaft.
    auto aspera = std::make_shared<Tube>();
    for (int i = 0; i < n; ++i) {
        float t = float(i) / float(n - 1);
        if (t < 0.22f || t > 0.8f) continue;
        float w = std::sin(kPi * (t - 0.22f) / 0.58f);
        aspera->pts.push_back(shaft->pts[i] - ant * (shaft->ry[i] - 3.f + 2.5f * w));
        aspera->rx.push_back(2.f + 3.f * w);
    }
    aspera->ry = aspera->rx;
    // Neck: flattened front-to-back, narrowest in the middle.
    auto neck = std::make_shared<Tube>();
    neck->pts = {H - F.neckDir * 6.f, H - F.neckDir * 22.f, H - F.neckDir * 38.f, F.neckBase + F.shaftUp * 4.f};
    neck->rx = {17.f, 15.f, 16.5f, 20.f};
    neck->ry = {14.f, 12.f, 13.f, 16.f};
    vec3 neckUp = glm::normalize(up - F.neckDir * glm::dot(up, F.neckDir));
    neck->side.assign(4, neckUp);
    neck->finalize();

    const vec3 gtC = F.neckBase + lat * 13.f + vec3(0, 9, -5);
    const vec3 ltBase = F.neckBase - F.shaftUp * 26.f - ant * 6.f + med * 4.f;
    const vec3 fovea = H + glm::normalize(F.neckDir + vec3(0, -0.45f, -0.25f)) * (F.headR + 2.f);
    const vec3 K = F.kneeC;
    return [=](const vec3& q) {
        vec3 p(q.x * mirror, q.y, q.z);
        float f = sdSphere(p, H, F.headR);
        f = smax(f, -sdSphere(p, fovea, 5.f), 1.5f);
        f = smin(f, neck->eval(p), 6.f);
        f = smin(f, shaft->eval(p), 10.f);
        f = smin(f, aspera->eval(p), 5.f);
        // Greater trochanter overhanging the neck base, tip just below head centre level.
        f = smin(f, sdEllipsoid(p - gtC, vec3(12.f, 25.f, 22.f)), 10.f);
        f = smin(f, sdEllipsoid(p - F.greaterTroch, vec3(8.f, 9.f, 11.f)), 8.f);
        // Trochanteric fossa on the medial face of the trochanter, behind the neck:
        // a shallow pit (obturator externus inserts in it), centred near the bone
        // surface so that only part of the carving bites (it used to sit 5 mm
        // inside the trochanter and read as a deep hole).
        f = smax(f, -sdEllipsoid(p - F.trochFossa, vec3(6.f, 9.f, 6.f)), 4.f);
        // Lesser trochanter: conical, posteromedial.
        f = smin(f, sdCone(p, ltBase, F.lesserTroch, 10.f, 5.5f), 5.f);
        // Intertrochanteric crest (back) and line (front).
        f = smin(f, sdCone(p, gtC - ant * 15.f + vec3(0, -6, 0), F.lesserTroch + ant * 3.f + lat * 3.f, 6.f, 5.f), 8.f);
        f = smin(f, sdSphere(p, 0.55f * (gtC - ant * 15.f + vec3(0, -6, 0)) + 0.45f * F.lesserTroch - ant * 2.f, 4.f), 8.f);
        f = smin(f, sdCapsule(p, gtC + ant * 14.f + vec3(0, 6, 0), ltBase + ant * 20.f - vec3(0, 6, 0), 2.5f), 5.f);
        // Distal end: metaphysis, condyles, epicondyles.
        f = smin(f, sdEllipsoid(p - (K + vec3(0, 30, -3)), vec3(33.f, 30.f, 22.f)), 12.f);
        float cm = sdEllipsoid(p - (K + med * 20.f + vec3(0, 0, -6)), vec3(13.5f, 24.f, 30.f));
        float cl = sdEllipsoid(p - (K + lat * 20.f + vec3(0, 0, -5)), vec3(14.5f, 24.f, 30.f));
        f = smin(f, std::min(cm, cl), 8.f);
        // Trochlea: bridges the condyles in front; the patellar groove is cut into it.
        f = smin(f, sdEllipsoid(p - (K + vec3(0, -2, 10)), vec3(25.f, 17.f, 14.f)), 8.f);
        f = smin(f, sdEllipsoid(p - (K + med * 33.f + vec3(0, 8, -6)), vec3(8.f, 13.f, 13.f)), 10.f);
        f = smin(f, sdEllipsoid(p - (K + lat * 33.f + vec3(0, 8, -5)), vec3(8.f, 12.f, 12.f)), 10.f);
        f = smin(f, sdSphere(p, K + med * 30.f + vec3(0, 26, -8), 4.f), 5.f);  // adductor tubercle
        // Patellar groove in front and the intercondylar notch behind/below.
        f = smax(f, -sdCapsule(p, K + vec3(0, 44, 34), K + vec3(0, -12, 30), 9.f), 4.f);
        f = smax(f, -sdCapsule(p, K + vec3(0, -13, -13), K + vec3(0, -6, -50), 9.5f), 3.f);
        return f;
    };
}

std::vector<Part> femurParts(const Layout& L) {
    std::vector<Part> out;
    for (int s = 0; s < 2; ++s) {
        Part p;
        p.id = s == 0 ? "femur_l" : "femur_r";
        if (s == 1) p.mirrorOf = "femur_l";
        p.sdf = femurSdf(L, s);
        const FemurGeo& F = L.femur[s];
        float xa = F.head.x - F.s * 40.f, xb = F.head.x + F.s * 90.f;
        p.box = {vec3(std::min(xa, xb), F.condyleBottomY - 6.f, -60.f), vec3(std::max(xa, xb), 35.f, 45.f)};
        p.h = 0.9f;
        p.maxTris = 62000;
        out.push_back(p);
    }
    return out;
}

}  // namespace mg
