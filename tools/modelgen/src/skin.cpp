// Body envelope from about T10 down to mid-calf.
#include "layout.hpp"

namespace mg {
namespace {

// Knee and calf of both legs down to mid-calf (half-way down the tibia, y ~ -603),
// elliptical sections from tables over y (left leg; the right is its mirror).
// The shin is subcutaneous, so the front follows the tibial crest a few
// millimetres in front of it; behind, the calf bulges over gastrocnemius and
// soleus; at the knee the front clears the patella.
struct LowerLeg {
    float centreX;  // leg centre line, slightly lateral of the knee centre
    std::vector<vec2> halfW = {{-640, 38}, {-580, 45}, {-520, 50}, {-460, 50}, {-420, 52}, {-380, 54}, {-330, 58}};
    std::vector<vec2> front = {{-640, 22}, {-580, 24}, {-520, 28}, {-460, 40}, {-420, 56}, {-380, 62}, {-330, 64}};
    std::vector<vec2> back = {{-640, -58}, {-580, -74}, {-520, -80}, {-460, -62}, {-420, -50}, {-380, -50}, {-330, -52}};
    float operator()(const vec3& q) const {
        const float y = q.y;
        const float hw = tableAt(halfW, y), zf = tableAt(front, y), zb = tableAt(back, y);
        const float zc = 0.5f * (zf + zb), hd = 0.5f * (zf - zb);
        float leg = sdEllipse2(vec2(std::fabs(q.x) - centreX, q.z - zc), vec2(hw, hd));
        // Joins the thigh above (the thigh cone runs to y = -360); ends at mid-calf.
        leg = smax(leg, y + 300.f, 20.f);
        return smax(leg, -620.f - y, 25.f);
    }
};

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
    const LowerLeg lowerLegs{F.kneeC.x + 3.f};
    p.sdf = [=](const vec3& q) {
        float y = q.y;
        float hw = tableAt(halfW, y), zb = tableAt(back, y), zf = tableAt(front, y);
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
        return smin(smin(torso, thigh, 60.f), lowerLegs(q), 30.f);
    };
    p.box = {vec3(-200, -660, -175), vec3(200, 410, 140)};
    p.h = 4.f;
    p.maxTris = 34000;
    return p;
}

}  // namespace mg
