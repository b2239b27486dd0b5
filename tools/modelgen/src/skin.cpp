// Body envelope from about T10 down to just above the knees.
#include "layout.hpp"

namespace mg {
namespace {

// Catmull-Rom interpolation of a table over increasing y: smooth (C1), so the
// envelope has no rings at the knots.
float table(const std::vector<vec2>& t, float y) {
    if (y <= t.front().x) return t.front().y;
    if (y >= t.back().x) return t.back().y;
    size_t i = 1;
    while (y > t[i].x) ++i;
    float f = (y - t[i - 1].x) / (t[i].x - t[i - 1].x);
    float p0 = t[i > 1 ? i - 2 : 0].y, p1 = t[i - 1].y, p2 = t[i].y, p3 = t[std::min(i + 1, t.size() - 1)].y;
    float f2 = f * f, f3 = f2 * f;
    return 0.5f * (2.f * p1 + (-p0 + p2) * f + (2.f * p0 - 5.f * p1 + 4.f * p2 - p3) * f2 + (-p0 + 3.f * p1 - 3.f * p2 + p3) * f3);
}

}  // namespace

Part skinPart(const Layout& L) {
    // Torso cross-section tables (y -> half width, back z, front z), mm.
    // Waist narrowest at L2-L3, widest over the greater trochanters; the back
    // follows the lumbar lordosis and then the buttocks.
    const std::vector<vec2> halfW = {{-60, 170}, {-20, 180}, {40, 176}, {120, 160}, {180, 140}, {250, 132}, {330, 142}, {400, 150}};
    const std::vector<vec2> back = {{-60, -145}, {0, -150}, {60, -122}, {140, -100}, {220, -93}, {300, -104}, {400, -112}};
    const std::vector<vec2> front = {{-60, 80}, {0, 92}, {60, 108}, {140, 120}, {220, 118}, {300, 108}, {400, 100}};
    const float topY = 395.f;
    Part p;
    p.id = "skin";
    const FemurGeo F = L.femur[0];
    p.sdf = [=](const vec3& q) {
        float y = q.y;
        float hw = table(halfW, y), zb = table(back, y), zf = table(front, y);
        float zc = 0.5f * (zb + zf), hd = 0.5f * (zf - zb);
        // Superellipse section (exponent 2.6): flanks fuller than an ellipse, so
        // the iliac spines and crests stay under the skin as in a real body.
        vec2 u = glm::abs(vec2(q.x / hw, (q.z - zc) / hd));
        float k = std::pow(std::pow(u.x, 2.6f) + std::pow(u.y, 2.6f), 1.f / 2.6f);
        float torso = (k - 1.f) * std::min(hw, hd);
        torso = smax(torso, y - topY, 30.f);
        torso = smax(torso, -75.f - y, 60.f);
        float thigh = 1e9f;
        for (int s = -1; s <= 1; s += 2) {
            vec3 a(s * 92.f, -20.f, -10.f), b(s * (F.kneeC.x + 4.f), -360.f, 8.f);
            thigh = std::min(thigh, sdCone(q, a, b, 86.f, 55.f));
        }
        // Ends a few centimetres above the knee joint line.
        thigh = smax(thigh, -342.f - y, 25.f);
        return smin(torso, thigh, 60.f);
    };
    p.box = {vec3(-200, -360, -175), vec3(200, 410, 140)};
    p.h = 4.f;
    p.maxTris = 32000;
    return p;
}

}  // namespace mg
