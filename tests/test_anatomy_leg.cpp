// Anatomy tests for the lower leg (tibia, fibula, patella) and for the joints
// between neighbouring bones: knee, patellofemoral and tibiofibular joint
// spaces, discs against their vertebral bodies, and the trochanteric fossa.
// Measured on the committed models/*.glb like tests/test_anatomy.cpp; ranges
// from shared/anatomy/REFERENCE.md §3 "Lower leg and motion" and the sources
// listed in docs/anatomy.md.
#include <doctest/doctest.h>

#include "anatomy_measure.hpp"

using namespace anatomy;

namespace {

const char* kSfx[2] = {"_l", "_r"};

// Vertices of `m` inside the closed mesh `solid` (every vertex, or every `step`-th).
size_t verticesInside(const MeshData& m, const MeshData& solid, size_t step = 1) {
    Solid s(solid, 2.0);
    size_t n = 0;
    for (size_t i = 0; i < m.v.size(); i += step)
        if (s.inside(m.v[i])) ++n;
    return n;
}

// Height of the medial tibial plateau: a ray straight down onto the medial condyle.
double medialPlateauY(int side) {
    double s = side == 0 ? 1.0 : -1.0;
    dvec3 T = lm(std::string("tibial_plateau_center") + kSfx[side]);
    dvec3 o = T + dvec3(-18.0 * s, 60.0, -3.0);
    return o.y - firstHit(mesh(std::string("tibia") + kSfx[side]), o, dvec3(0, -1, 0));
}

}  // namespace

TEST_CASE("anatomy: tibia length, plateau, tuberosity and three-sided shaft") {
    for (int side = 0; side < 2; ++side) {
        const std::string id = std::string("tibia") + kSfx[side];
        INFO(id);
        const MeshData& m = mesh(id);
        REQUIRE(m.ok);
        Bounds b = bounds(m);
        double top = medialPlateauY(side);
        // Percutaneous tibia height (medial joint line to the tip of the medial
        // malleolus) 37.4 +/- 3.1 cm.
        double length = top - b.lo.y;
        CHECK(length > 343.0);
        CHECK(length < 405.0);
        CHECK(b.lo.y == doctest::Approx(lm(std::string("medial_malleolus") + kSfx[side]).y).epsilon(0.01));
        // Proximal tibia 5-15 mm below the plateau: width M 75-83 / F 66-72 mm,
        // depth M 47-54 / F 42-47 mm; accept the female to male range.
        Bounds pb = boundsWhere(m, [&](const dvec3& p) { return p.y < top - 5.0 && p.y > top - 15.0; });
        double width = pb.hi.x - pb.lo.x, depth = pb.hi.z - pb.lo.z;
        CHECK(width > 66.0);
        CHECK(width < 83.0);
        CHECK(depth > 42.0);
        CHECK(depth < 54.0);
        // The intercondylar eminence rises above both plateaus.
        CHECK(b.hi.y > top + 4.0);
        // Mid-shaft: three-sided with the anterior border (the shin's crest) in
        // front. An elliptical section would be 87 % as wide a quarter of its
        // depth behind its front; a triangle pointing forward is much narrower.
        double midY = top - 0.5 * length;
        auto slice = [&](const dvec3& p) { return std::fabs(p.y - midY) < 1.5; };
        Bounds sb = boundsWhere(m, slice);
        double ml = sb.hi.x - sb.lo.x, ap = sb.hi.z - sb.lo.z;
        Bounds front = boundsWhere(m, [&](const dvec3& p) { return slice(p) && p.z > sb.hi.z - 0.25 * ap; });
        CHECK(front.hi.x - front.lo.x < 0.6 * ml);
        // Standing, the tibia is upright under the knee centre.
        dvec3 knee = lm(std::string("knee_center") + kSfx[side]);
        CHECK(std::fabs(centroidWhere(m, slice).x - knee.x) < 10.0);
        // The tuberosity, where the patellar ligament ends, lies on the front of the
        // bone 15-40 mm below the plateau.
        dvec3 tub = lm(std::string("tibial_tuberosity") + kSfx[side]);
        double nearest = 1e9;
        for (const auto& p : m.v) nearest = std::min(nearest, glm::length(p - tub));
        CHECK(nearest < 2.0);
        CHECK(top - tub.y > 15.0);
        CHECK(top - tub.y < 40.0);
        CHECK(tub.z > sb.hi.z);
        MESSAGE(id << ": length " << length << " mm, proximal " << width << " x " << depth << " mm, mid-shaft " << ml
                   << " x " << ap << " mm (front quarter " << front.hi.x - front.lo.x << " mm wide), eminence "
                   << b.hi.y - top << " mm above the plateau");
    }
}

TEST_CASE("anatomy: knee joint space between the femoral condyles and the tibial plateau") {
    for (int side = 0; side < 2; ++side) {
        const std::string sfx = kSfx[side];
        INFO(sfx);
        const MeshData &tib = mesh("tibia" + sfx), &fem = mesh("femur" + sfx);
        REQUIRE(tib.ok);
        double s = side == 0 ? 1.0 : -1.0;
        dvec3 knee = lm("knee_center" + sfx);
        // Straight down from inside each femoral condyle: the femur's lower surface,
        // then the plateau. Cartilage and menisci are not modelled; the bones keep
        // a space of a few millimetres, as on standing radiographs.
        for (double dx : {-20.0, 20.0}) {
            dvec3 o = knee + dvec3(dx * s, 0.0, -5.0);
            double gap = firstHit(tib, o, dvec3(0, -1, 0)) - firstHit(fem, o, dvec3(0, -1, 0));
            MESSAGE("knee" << sfx << std::string(dx < 0 ? " medial" : " lateral") << " joint space " << gap << " mm");
            CHECK(gap > 2.0);
            CHECK(gap < 8.0);
        }
        CHECK(verticesInside(tib, fem) == 0);
        CHECK(verticesInside(fem, tib, 3) == 0);
    }
}

TEST_CASE("anatomy: fibula length, head under the lateral condyle, malleoli") {
    for (int side = 0; side < 2; ++side) {
        const std::string sfx = kSfx[side];
        INFO(sfx);
        const MeshData &fib = mesh("fibula" + sfx), &tib = mesh("tibia" + sfx);
        REQUIRE(fib.ok);
        double s = side == 0 ? 1.0 : -1.0;
        Bounds b = bounds(fib);
        // Fibular length (head apex to lateral malleolus tip): male 374.9, female
        // 345.5, Caucasian 380.4 mm (Naidoo et al.); accept 335-391 mm.
        double length = b.hi.y - b.lo.y;
        CHECK(length > 335.0);
        CHECK(length < 391.0);
        // The head sits below and behind the lateral tibial condyle, lateral to the
        // tibia's axis; its apex 5-25 mm below the plateau.
        double top = medialPlateauY(side);
        dvec3 T = lm("tibial_plateau_center" + sfx);
        dvec3 head = centroidWhere(fib, [&](const dvec3& p) { return p.y > b.hi.y - 20.0; });
        CHECK(top - b.hi.y > 5.0);
        CHECK(top - b.hi.y < 25.0);
        CHECK((head.x - T.x) * s > 20.0);
        CHECK(head.z < T.z - 10.0);
        // The lateral malleolus reaches about 1 cm lower than the medial one.
        double drop = bounds(tib).lo.y - b.lo.y;
        CHECK(drop > 5.0);
        CHECK(drop < 25.0);
        // Two separate bones: no vertex of one inside the other, and an interosseous
        // space at mid-shaft.
        CHECK(verticesInside(fib, tib) == 0);
        CHECK(verticesInside(tib, fib) == 0);
        double midY = 0.5 * (b.hi.y + b.lo.y), space = 1e9;
        for (const auto& p : fib.v) {
            if (std::fabs(p.y - midY) > 2.0) continue;
            for (const auto& q : tib.v)
                if (std::fabs(q.y - midY) < 2.0) space = std::min(space, glm::length(p - q));
        }
        CHECK(space > 5.0);
        MESSAGE("fibula" << sfx << ": length " << length << " mm, apex " << top - b.hi.y << " mm below the plateau, "
                         << "lateral malleolus " << drop << " mm below the medial, interosseous space " << space << " mm");
    }
}

TEST_CASE("anatomy: patella size, seated on the trochlea, patellar ligament") {
    for (int side = 0; side < 2; ++side) {
        const std::string sfx = kSfx[side];
        INFO(sfx);
        const MeshData &pat = mesh("patella" + sfx), &fem = mesh("femur" + sfx);
        REQUIRE(pat.ok);
        Bounds b = bounds(pat);
        double h = b.hi.y - b.lo.y, w = b.hi.x - b.lo.x, t = b.hi.z - b.lo.z;
        // Height / width / thickness 34.4 / 44.8 / 22.4 mm (Iranpour et al.).
        CHECK(h > 30.0);
        CHECK(h < 40.0);
        CHECK(w > 40.8);
        CHECK(w < 48.8);
        CHECK(t > 19.4);
        CHECK(t < 25.4);
        // On the trochlea: straight back from its centre, the femur follows the
        // patella's articular surface after a small joint space.
        dvec3 c = lm("patella_center" + sfx);
        double gap = firstHit(fem, c, dvec3(0, 0, -1)) - firstHit(pat, c, dvec3(0, 0, -1));
        CHECK(gap > 1.0);
        CHECK(gap < 5.0);
        CHECK(verticesInside(pat, fem) == 0);
        // Patellar ligament from the apex to the tuberosity: 42-44 mm (+-4 mm), and
        // the Insall-Salvati ratio (ligament / patellar height) 0.8-1.2 (Insall and
        // Salvati 1971, Radiology 101:101).
        dvec3 apex(0, 1e9, 0);
        for (const auto& p : pat.v)
            if (p.y < apex.y) apex = p;
        double lig = glm::length(apex - lm("tibial_tuberosity" + sfx));
        CHECK(lig > 38.0);
        CHECK(lig < 48.0);
        CHECK(lig / h > 0.8);
        CHECK(lig / h < 1.2);
        // Standing with the knee straight, the patella lies above the joint line.
        CHECK(apex.y > medialPlateauY(side));
        MESSAGE("patella" << sfx << ": " << h << " x " << w << " x " << t << " mm, patellofemoral space " << gap
                          << " mm, patellar ligament " << lig << " mm (Insall-Salvati " << lig / h << ")");
    }
}

TEST_CASE("anatomy: intervertebral discs do not overlap their vertebral bodies") {
    // A disc and a body that share space make cut caps and depth tests flicker
    // between the two. No disc vertex may lie inside the bone above or below, and
    // no point of a 0.7 mm grid inside the disc may lie inside either bone.
    const std::vector<std::string> discs = {"disc_t12_l1", "disc_l1_l2", "disc_l2_l3", "disc_l3_l4", "disc_l4_l5", "disc_l5_s1"};
    const std::vector<std::string> bones = {"t12", "l1", "l2", "l3", "l4", "l5", "sacrum"};
    for (size_t i = 0; i < discs.size(); ++i) {
        INFO(discs[i]);
        const MeshData& d = mesh(discs[i]);
        REQUIRE(d.ok);
        Solid disc(d, 2.0);
        Bounds b = bounds(d);
        for (const std::string& bone : {bones[i], bones[i + 1]}) {
            INFO(bone);
            const MeshData& bm = mesh(bone);
            CHECK(verticesInside(d, bm) == 0);
            Solid s(bm, 2.0);
            size_t shared = 0, inDisc = 0;
            for (double z = b.lo.z; z < b.hi.z; z += 0.7)
                for (double y = b.lo.y; y < b.hi.y; y += 0.7)
                    for (double x = b.lo.x; x < b.hi.x; x += 0.7) {
                        dvec3 p(x, y, z);
                        if (!disc.inside(p)) continue;
                        ++inDisc;
                        if (s.inside(p)) ++shared;
                    }
            MESSAGE(discs[i] << " vs " << bone << ": " << shared << " of " << inDisc << " disc grid points inside the bone");
            CHECK(inDisc > 1000);
            CHECK(shared == 0);
        }
    }
}

TEST_CASE("anatomy: the trochanteric fossa is a shallow pit, not a hole") {
    // The fossa is the depression at the root of the greater trochanter's medial
    // face, behind the neck, where obturator externus inserts (Gray's; Lakhwani et
    // al. 2014, JCDR 8(3):96). Probed with parallel rays from behind and medially:
    // its floor lies 1.5-8 mm deeper than the ring of bone around it, 11 mm out.
    for (int side = 0; side < 2; ++side) {
        const std::string sfx = kSfx[side];
        INFO(sfx);
        const MeshData& fem = mesh("femur" + sfx);
        double s = side == 0 ? 1.0 : -1.0;
        dvec3 d = glm::normalize(dvec3(0.6 * s, 0.0, 0.8));  // posteromedial to anterolateral
        dvec3 u = glm::normalize(glm::cross(d, dvec3(0, 1, 0))), v = glm::cross(u, d);
        dvec3 o = lm("trochanteric_fossa" + sfx) - d * 40.0;
        double floor = 0;
        for (double a = -3.0; a <= 3.0; a += 1.5)
            for (double bb = -3.0; bb <= 3.0; bb += 1.5) floor = std::max(floor, firstHit(fem, o + u * a + v * bb, d));
        double rim = 0;
        int n = 0;
        for (int k = 0; k < 12; ++k) {
            double ang = k * 3.14159265358979 / 6.0;
            double t = firstHit(fem, o + (u * std::cos(ang) + v * std::sin(ang)) * 11.0, d);
            if (t > 0) {
                rim += t;
                ++n;
            }
        }
        REQUIRE(n >= 8);
        double depth = floor - rim / n;
        MESSAGE("trochanteric fossa" << sfx << ": " << depth << " mm deeper than its rim");
        CHECK(depth > 1.5);
        CHECK(depth < 8.0);
    }
}
