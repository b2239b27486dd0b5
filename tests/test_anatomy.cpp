// Anatomy tests: the committed models/*.glb are loaded with Assimp and measured
// like a specimen (fitted spheres, rays, slices), then compared with the ranges
// in shared/anatomy/REFERENCE.md (section 3). Tolerances are stated where used.
#include <doctest/doctest.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "anatomy_measure.hpp"

using namespace anatomy;

namespace {

const std::vector<std::string> kVertebrae = {"t12", "l1", "l2", "l3", "l4", "l5"};

std::vector<std::string> allIds() {
    std::vector<std::string> ids = kVertebrae;
    for (const char* d : {"disc_t12_l1", "disc_l1_l2", "disc_l2_l3", "disc_l3_l4", "disc_l4_l5", "disc_l5_s1"}) ids.push_back(d);
    for (const char* b : {"sacrum", "coccyx", "skin"}) ids.push_back(b);
    for (const char* p : {"hip_bone", "femur", "tibia", "fibula", "patella", "psoas_major", "psoas_minor", "iliacus", "iliopsoas_tendon", "inguinal_ligament"}) {
        ids.push_back(std::string(p) + "_l");
        ids.push_back(std::string(p) + "_r");
    }
    return ids;
}

// Vertebral body frame from the landmarks: y along the line joining the
// neighbouring body centres (the local spinal axis), x = patient's left.
struct BodyFrame {
    dvec3 o, x, y, z;
    dvec3 toLocal(dvec3 p) const { return {glm::dot(p - o, x), glm::dot(p - o, y), glm::dot(p - o, z)}; }
};
BodyFrame bodyFrame(const std::string& level) {
    size_t i = std::find(kVertebrae.begin(), kVertebrae.end(), level) - kVertebrae.begin();
    dvec3 c = lm("body_center_" + level);
    dvec3 above = i == 0 ? c : lm("body_center_" + kVertebrae[i - 1]);
    dvec3 below = i + 1 < kVertebrae.size() ? lm("body_center_" + kVertebrae[i + 1]) : lm("s1_endplate_center");
    BodyFrame f;
    f.o = c;
    f.y = glm::normalize(above - below);
    if (i == 0) f.y = glm::normalize(c - below);
    f.x = dvec3(1, 0, 0);
    f.z = glm::normalize(glm::cross(f.x, f.y));
    f.x = glm::cross(f.y, f.z);
    return f;
}

struct BodyDims {
    double width, depth, height, tpSpan, spLength;
};

// Body height on the axis through the centre; depth (mid-sagittal, front
// surface to the wall of the canal) and width 4 mm below the upper end plate,
// near the rim where end-plate dimensions are taken, clear of the waist.
BodyDims measureVertebra(const std::string& level) {
    const MeshData& m = mesh(level);
    BodyFrame F = bodyFrame(level);
    BodyDims d{};
    double up = firstHit(m, F.o, F.y), down = firstHit(m, F.o, -F.y);
    d.height = up + down;
    dvec3 o = F.o + F.y * (up - 4.0);
    double post = firstHit(m, o, -F.z);
    d.depth = firstHit(m, o, F.z) + post;
    d.width = firstHit(m, o, F.x) + firstHit(m, o, -F.x);
    Bounds b = bounds(m);
    d.tpSpan = b.hi.x - b.lo.x;
    double zmin = 0;
    for (const auto& p : m.v) zmin = std::min(zmin, F.toLocal(p).z);
    d.spLength = -zmin - post;  // posterior body wall to the tip of the spinous process
    return d;
}

dvec3 headCentre(int side, double* radius = nullptr) {
    // Seed from the landmark, then fit only the medial half of the head so the
    // neck does not pull the sphere.
    const MeshData& m = mesh(side == 0 ? "femur_l" : "femur_r");
    dvec3 seed = lm(side == 0 ? "hip_center_l" : "hip_center_r");
    double s = side == 0 ? 1.0 : -1.0;
    Sphere sp = fitSphere(m, [&](const dvec3& p) {
        return glm::length(p - seed) < 30.0 && (p.x - seed.x) * s < 2.0;
    });
    if (radius) *radius = sp.r;
    return sp.c;
}

}  // namespace

TEST_CASE("anatomy: every structure is one closed, outward-wound, clean mesh named by its id") {
    size_t total = 0;
    for (const auto& id : allIds()) {
        INFO("structure ", id);
        const MeshData& m = mesh(id);
        REQUIRE(m.ok);
        CHECK(m.meshName == id);
        CHECK(m.nodeName == id);
        CHECK(m.n.size() == m.v.size());
        Topology t = topology(m, 1e-4);  // 1e-4 mm^2: far below any real facet at these resolutions
        CHECK(t.closed);
        CHECK(t.oriented);
        CHECK(t.degenerate == 0);
        CHECK(t.volume > 0.0);
        CHECK(t.components == 1);  // one solid piece per structure
        CHECK(selfIntersections(m) == 0);
        total += m.f.size();
    }
    // Budget from the renderer: all meshes together stay below 800k triangles.
    CHECK(total < 800000);
}

TEST_CASE("anatomy: femur length, head, neck-shaft angle, anteversion, condyles") {
    for (int side = 0; side < 2; ++side) {
        std::string id = side == 0 ? "femur_l" : "femur_r";
        const std::string idName(id);
        INFO(idName);
        const MeshData& m = mesh(id);
        REQUIRE(m.ok);
        // Maximum length: the femur stands almost vertical (mechanical axis), so its
        // height is the osteometric length within <1%. Range spans F 403 - M 436
        // with 4% tolerance for individual variation.
        Bounds b = bounds(m);
        double length = b.hi.y - b.lo.y;
        CHECK(length > 390.0);
        CHECK(length < 455.0);
        double r = 0;
        dvec3 H = headCentre(side, &r);
        // Head diameter: F 42.0 / M 47.6 mm; +-2 mm for the fit (fovea, cartilage).
        CHECK(2 * r > 40.0);
        CHECK(2 * r < 50.0);
        CHECK(glm::length(H - lm(side == 0 ? "hip_center_l" : "hip_center_r")) < 3.0);

        // Shaft axis from slice centroids 120 and 300 mm below the head centre.
        auto sliceCentre = [&](double y) {
            return centroidWhere(m, [&](const dvec3& p) { return std::fabs(p.y - y) < 2.0; });
        };
        dvec3 shaftDown = glm::normalize(sliceCentre(H.y - 300) - sliceCentre(H.y - 120));
        // Neck axis: head centre to the centroid of the neck surface 28-32 mm from
        // it (beyond the head, short of the trochanters).
        dvec3 neckC = centroidWhere(m, [&](const dvec3& p) {
            double d = glm::length(p - H);
            return d > 28.0 && d < 32.0 && p.y > H.y - 45.0;
        });
        dvec3 neck = glm::normalize(H - neckC);
        double nsa = angleDeg(neck, shaftDown);
        // Neck-shaft angle 122-133 deg (129 typical); 3 deg allowance for the
        // slice-centroid axes.
        CHECK(nsa > 119.0);
        CHECK(nsa < 136.0);

        // Anteversion: neck axis against the posterior condylar line, both
        // projected on the plane perpendicular to the shaft.
        double s = side == 0 ? 1.0 : -1.0;
        dvec3 kneeC = lm(side == 0 ? "knee_center_l" : "knee_center_r");
        dvec3 medPost(0, 0, 1e9), latPost(0, 0, 1e9);
        for (const auto& p : m.v) {
            if (p.y > b.lo.y + 40.0) continue;
            bool lateral = (p.x - kneeC.x) * s > 0;
            dvec3& best = lateral ? latPost : medPost;
            if (p.z < best.z) best = p;
        }
        auto proj = [&](dvec3 v) { return glm::normalize(v - shaftDown * glm::dot(v, shaftDown)); };
        dvec3 condyle = proj(medPost - latPost);  // points medially
        dvec3 neckP = proj(neck);                 // points medially and forward
        double av = angleDeg(condyle, neckP);
        // The neck must point forward of the condylar axis (ante-, not retroversion).
        CHECK(neckP.z > condyle.z);
        // Anteversion 10-14 deg; 4 deg allowance for the condylar-line extraction.
        CHECK(av > 6.0);
        CHECK(av < 18.0);

        // Bicondylar (epicondylar) width: M 82 / F 74 mm, +-6 mm.
        Bounds kb = boundsWhere(m, [&](const dvec3& p) { return p.y < b.lo.y + 55.0; });
        double bic = kb.hi.x - kb.lo.x;
        CHECK(bic > 70.0);
        CHECK(bic < 90.0);
        MESSAGE(id << ": length " << length << " mm, head " << 2 * r << " mm, neck-shaft " << nsa
                   << " deg, anteversion " << av << " deg, bicondylar " << bic << " mm");

        // Midshaft diameter 26-29 mm (+-3 mm).
        Bounds mid = boundsWhere(m, [&](const dvec3& p) { return std::fabs(p.y - (H.y - 210.0)) < 1.5; });
        CHECK(mid.hi.x - mid.lo.x > 23.0);
        CHECK(mid.hi.x - mid.lo.x < 33.0);

        // Lesser trochanter: 52-60 mm below and 19-25 mm behind the head centre;
        // the most medial-posterior point of the femur in that height band.
        dvec3 lt(0);
        double bestScore = -1e9;
        for (const auto& p : m.v) {
            if (p.y > H.y - 40 || p.y < H.y - 75) continue;
            double score = -(p.x - H.x) * s - p.z;  // medial + posterior
            if (score > bestScore) {
                bestScore = score;
                lt = p;
            }
        }
        CHECK(H.y - lt.y > 45.0);
        CHECK(H.y - lt.y < 68.0);
        CHECK(H.z - lt.z > 12.0);
        CHECK(H.z - lt.z < 32.0);
    }
}

TEST_CASE("anatomy: hip joints, acetabulum and pelvic widths") {
    double rl = 0, rr = 0;
    dvec3 Hl = headCentre(0, &rl), Hr = headCentre(1, &rr);
    // Hip joint centre spacing: OpenSim models 155 (Rajagopal) - 167 mm (gait2392), +-8 mm.
    double spacing = glm::length(Hl - Hr);
    CHECK(spacing > 147.0);
    CHECK(spacing < 175.0);
    // The frame origin is midway between the hip centres (REFERENCE section 1).
    CHECK(glm::length((Hl + Hr) * 0.5) < 2.0);

    for (int side = 0; side < 2; ++side) {
        std::string id = side == 0 ? "hip_bone_l" : "hip_bone_r";
        const std::string idName(id);
        INFO(idName);
        const MeshData& m = mesh(id);
        REQUIRE(m.ok);
        dvec3 H = side == 0 ? Hl : Hr;
        double rHead = side == 0 ? rl : rr;
        // Socket: fit the lunate surface, the vertices 22-30 mm from the head centre.
        Sphere cup = fitSphere(m, [&](const dvec3& p) {
            double d = glm::length(p - H);
            return d > rHead - 2.0 && d < rHead + 6.0;
        });
        // Acetabular diameter: 48-49 mm (rim), 56-62 mm on 3D-CT; accept 46-62.
        CHECK(2 * cup.r > 46.0);
        CHECK(2 * cup.r < 62.0);
        // Head seated with a 2-3 mm cartilage-like gap, concentric within 2 mm.
        CHECK(cup.r - rHead > 1.5);
        CHECK(cup.r - rHead < 3.5);
        CHECK(glm::length(cup.c - H) < 2.0);
        MESSAGE(id << ": acetabulum " << 2 * cup.r << " mm, gap to head " << cup.r - rHead << " mm");
    }
    // ASIS: the most anterior point of each hip bone above the acetabulum.
    auto asis = [&](const std::string& id) {
        const MeshData& m = mesh(id);
        dvec3 best(0, 0, -1e9);
        for (const auto& p : m.v)
            if (p.y > 35.0 && p.z > best.z) best = p;
        return best;
    };
    dvec3 al = asis("hip_bone_l"), ar = asis("hip_bone_r");
    // ASIS to ASIS 230-260 mm, +-5 mm for picking the apex on the mesh.
    CHECK(al.x - ar.x > 225.0);
    CHECK(al.x - ar.x < 265.0);
    CHECK(glm::length(al - lm("asis_l")) < 10.0);
    // Intercristal width: 260-290 mm, +-5 mm.
    double crest = bounds(mesh("hip_bone_l")).hi.x - bounds(mesh("hip_bone_r")).lo.x;
    CHECK(crest > 255.0);
    CHECK(crest < 295.0);
    MESSAGE("hip centres " << spacing << " mm apart, ASIS-ASIS " << al.x - ar.x << " mm, intercristal " << crest << " mm");
    // Iliac crest top near the L4/L5 level (intercristal line): between the
    // L5 body centre and the L4 body centre heights, +-10 mm.
    double crestTop = bounds(mesh("hip_bone_l")).hi.y;
    CHECK(crestTop > lm("body_center_l5").y - 10.0);
    CHECK(crestTop < lm("body_center_l4").y + 10.0);
    // Pubic symphysis: the two pubic bodies face each other across a 3-8 mm gap.
    double gap = bounds(mesh("hip_bone_l")).lo.x - bounds(mesh("hip_bone_r")).hi.x;
    CHECK(gap > 3.0);
    CHECK(gap < 10.0);
}

TEST_CASE("anatomy: lumbar vertebral bodies and processes") {
    std::map<std::string, BodyDims> dims;
    for (const auto& lv : kVertebrae) {
        const std::string lvName(lv);
        INFO(lvName);
        REQUIRE(mesh(lv).ok);
        dims[lv] = measureVertebra(lv);
        MESSAGE(lv << ": body " << dims[lv].width << " x " << dims[lv].depth << " x " << dims[lv].height
                   << " mm, TP span " << dims[lv].tpSpan << " mm, SP " << dims[lv].spLength << " mm");
    }
    for (const char* lv : {"l2", "l3", "l4", "l5"}) {
        const std::string lvName(lv);
        INFO(lvName);
        const BodyDims& d = dims[lv];
        // SSM ranges (87 CTs): width 39-59, depth 29.5-42, height 23.5-32.3 mm.
        CHECK(d.width > 39.0);
        CHECK(d.width < 59.0);
        CHECK(d.depth > 29.5);
        CHECK(d.depth < 42.0);
        CHECK(d.height > 23.5);
        CHECK(d.height < 32.3);
        // Spinous process 43-61 mm (+-3 mm: measured from the posterior body wall).
        CHECK(d.spLength > 40.0);
        CHECK(d.spLength < 64.0);
    }
    // Transverse process tip-to-tip: L2 83, L3 93, L4 90, L5 95 mm (mean mesh), +-8 mm.
    const std::map<std::string, double> tp = {{"l2", 83}, {"l3", 93}, {"l4", 90}, {"l5", 95}};
    for (const auto& [lv, ref] : tp) {
        const std::string lvName(lv);
        INFO(lvName);
        CHECK(std::fabs(dims[lv].tpSpan - ref) < 8.0);
    }
    // L3 carries the longest transverse processes (span beyond the body).
    auto tpLen = [&](const char* lv) { return 0.5 * (dims[lv].tpSpan - dims[lv].width); };
    CHECK(tpLen("l3") > tpLen("l2"));
    CHECK(tpLen("l3") > tpLen("l4"));
    CHECK(tpLen("l3") > tpLen("l1"));
    // T12 has short transverse processes; bodies grow from T12 down to L5.
    CHECK(dims["t12"].tpSpan < dims["l1"].tpSpan);
    CHECK(dims["t12"].width < dims["l3"].width);
    CHECK(dims["l3"].width < dims["l5"].width + 1.0);
}

TEST_CASE("anatomy: discs are wedges between the end plates, lordosis and pelvic parameters") {
    const std::vector<std::string> discs = {"disc_t12_l1", "disc_l1_l2", "disc_l2_l3", "disc_l3_l4", "disc_l4_l5", "disc_l5_s1"};
    const std::vector<std::string> above = {"t12", "l1", "l2", "l3", "l4", "l5"};
    for (size_t i = 0; i < discs.size(); ++i) {
        INFO(discs[i]);
        const MeshData& m = mesh(discs[i]);
        REQUIRE(m.ok);
        // Disc axis: from the centre of the bone below (S1 end plate for the
        // last disc) to the body centre above; heights measured with rays
        // parallel to it 10 mm in front of and behind the axis.
        dvec3 top = lm("body_center_" + above[i]);
        dvec3 bottom = i + 1 < discs.size() ? lm("body_center_" + above[i + 1]) : lm("s1_endplate_center");
        dvec3 ax = glm::normalize(top - bottom);
        dvec3 fwd = glm::normalize(glm::cross(dvec3(1, 0, 0), ax));
        Bounds b = bounds(m);
        dvec3 c0 = (b.lo + b.hi) * 0.5;
        dvec3 c = bottom + ax * glm::dot(c0 - bottom, ax);  // on the axis, at the disc's level
        auto heightAt = [&](double dz) {
            auto h = rayHits(m, c + fwd * dz - ax * 40.0, ax);
            return h.size() >= 2 ? h.back() - h.front() : 0.0;
        };
        double ha = heightAt(10.0), hp = heightAt(-10.0);
        MESSAGE(discs[i] << ": anterior " << ha << " mm, posterior " << hp << " mm");
        CHECK(ha > hp);  // lordotic wedge
        CHECK(ha > 5.0);
        CHECK(ha < 22.0);
        // The disc fills the space between the end plates: its top touches the
        // vertebra above (within 1.5 mm) and its bottom the bone below.
        const MeshData& up = mesh(above[i]);
        const MeshData& low = i + 1 < discs.size() ? mesh(above[i + 1]) : mesh("sacrum");
        double gapUp = firstHit(up, c, ax) - firstHit(m, c, ax);
        double gapDown = firstHit(low, c, -ax) - firstHit(m, c, -ax);
        CHECK(std::fabs(gapUp) < 1.5);
        CHECK(std::fabs(gapDown) < 1.5);
    }
    // End plate normals from the meshes: T12 upper and S1 upper.
    BodyFrame T = bodyFrame("t12");
    dvec3 nT12 = faceNormalWhere(mesh("t12"), [&](const dvec3& c, const dvec3& n) {
        dvec3 l = T.toLocal(c);
        return l.y > 0 && std::hypot(l.x, l.z) < 12.0 && glm::dot(n, T.y) > 0.8;
    });
    dvec3 s1 = lm("s1_endplate_center");
    dvec3 nS1 = faceNormalWhere(mesh("sacrum"), [&](const dvec3& c, const dvec3& n) {
        return glm::length(c - s1) < 14.0 && n.y > 0.5;
    });
    REQUIRE(glm::length(nT12) > 0.5);
    REQUIRE(glm::length(nS1) > 0.5);
    // Signed sagittal angles (positive = end plate facing forward).
    auto tilt = [](dvec3 n) { return std::atan2(n.z, n.y) * 180.0 / 3.14159265358979; };
    double lordosis = tilt(nS1) - tilt(nT12);
    MESSAGE("lordosis T12-S1 " << lordosis << " deg, sacral slope " << tilt(nS1) << " deg");
    // Standing lordosis 49.8 +/- 11.2 deg.
    CHECK(lordosis > 38.6);
    CHECK(lordosis < 61.0);
    // Sacral slope (angle of S1 to the horizontal) 30-50 deg in standing.
    double ss = tilt(nS1);
    CHECK(ss > 30.0);
    CHECK(ss < 50.0);
    // Pelvic incidence: S1 normal against the line from S1 to the hip axis, 50.5 +/- 11.4.
    dvec3 hipAxis = (headCentre(0) + headCentre(1)) * 0.5;
    double pi = angleDeg(nS1, s1 - hipAxis);
    MESSAGE("pelvic incidence " << pi << " deg");
    CHECK(pi > 39.0);
    CHECK(pi < 62.0);
}

TEST_CASE("anatomy: iliopsoas volumes, paths and course in front of the hip") {
    for (const char* sfx : {"_l", "_r"}) {
        const std::string sfxName(sfx);
        INFO(sfxName);
        const MeshData& ps = mesh(std::string("psoas_major") + sfx);
        const MeshData& il = mesh(std::string("iliacus") + sfx);
        REQUIRE(ps.ok);
        REQUIRE(il.ok);
        double vPs = topology(ps, 0).volume / 1000.0, vIl = topology(il, 0).volume / 1000.0;  // cm3
        MESSAGE("psoas " << vPs << " cm3, iliacus " << vIl << " cm3");
        // Handsfield 2014 regression for 60-90 kg, 1.60-1.90 m adults:
        // psoas 200-400 cm3, iliacus 140-235 cm3 (75 kg/1.75 m: 290 and 185).
        CHECK(vPs > 200.0);
        CHECK(vPs < 400.0);
        CHECK(vIl > 140.0);
        CHECK(vIl < 235.0);
        // Path lengths. OpenSim's psoas starts at L4/L5 (~260 mm to the lesser
        // trochanter); ours starts at T12, so compare the part below the
        // OpenSim origin height (155 mm above the hip centres) and the total.
        const auto& pp = landmarks().paths.at(std::string("psoas_major") + sfx);
        double total = pathLength(pp);
        std::vector<dvec3> low;
        for (size_t i = 0; i < pp.size(); ++i) {
            if (pp[i].y > 155.0 && i + 1 < pp.size() && pp[i + 1].y <= 155.0) {
                double t = (pp[i].y - 155.0) / (pp[i].y - pp[i + 1].y);
                low.push_back(pp[i] + (pp[i + 1] - pp[i]) * t);
            }
            if (pp[i].y <= 155.0) low.push_back(pp[i]);
        }
        double lowLen = pathLength(low);
        MESSAGE("psoas path " << total << " mm (below L4/L5: " << lowLen << " mm)");
        CHECK(lowLen > 220.0);
        CHECK(lowLen < 300.0);
        CHECK(total > 330.0);
        CHECK(total < 460.0);
        double ilLen = pathLength(landmarks().paths.at(std::string("iliacus") + sfx));
        MESSAGE("iliacus path " << ilLen << " mm");
        // Iliacus ~205 mm (OpenSim), +-45 mm: our origin is higher in the fossa.
        CHECK(ilLen > 160.0);
        CHECK(ilLen < 260.0);
        // Both end at the lesser trochanter.
        dvec3 lt = lm(std::string("lesser_trochanter") + sfx);
        CHECK(glm::length(pp.back() - lt) < 15.0);

        // In the slice at the height of the hip centre the psoas lies wholly in
        // front of the femoral head (it turns over the head to reach the trochanter).
        int side = std::string(sfx) == "_l" ? 0 : 1;
        double rHead = 0;
        dvec3 H = headCentre(side, &rHead);
        Bounds sl = boundsWhere(ps, [&](const dvec3& p) { return std::fabs(p.y - H.y) < 3.0; });
        CHECK(sl.lo.z > H.z + rHead);
        // It passes under (behind) the inguinal ligament: where the ligament
        // crosses it, the ligament's back lies in front of the muscle's front.
        const MeshData& lig = mesh(std::string("inguinal_ligament") + sfx);
        double sx = side == 0 ? 1.0 : -1.0;
        auto inBand = [&](const dvec3& p) { return p.x * sx > 65.0 && p.x * sx < 85.0; };
        size_t nl = 0;
        dvec3 ligC = centroidWhere(lig, inBand, &nl);
        REQUIRE(nl > 0);
        Bounds ligB = boundsWhere(lig, inBand);
        size_t np = 0;
        auto under = [&](const dvec3& p) { return inBand(p) && std::fabs(p.y - ligC.y) < 8.0; };
        centroidWhere(ps, under, &np);
        REQUIRE(np > 0);
        Bounds psB = boundsWhere(ps, under);
        MESSAGE("inguinal ligament back at z " << ligB.lo.z << " mm, psoas front below it at z " << psB.hi.z << " mm");
        CHECK(ligB.lo.z > psB.hi.z);
        // Hip-flexion moment arm ~38-40 mm in OpenSim; the belly centre at
        // this level should be 25-55 mm in front of the hip centre.
        double zc = 0.5 * (sl.lo.z + sl.hi.z) - H.z;
        CHECK(zc > 25.0);
        CHECK(zc < 55.0);
    }
}

TEST_CASE("anatomy: muscles do not sink into bone away from their attachments") {
    // A muscle vertex deeper than 2 mm inside a bone is a modelling error,
    // except near the attachments (lesser trochanter for the tendon ends).
    auto count = [](const MeshData& muscle, const MeshData& bone, dvec3 exempt, double exemptR) {
        Solid s(bone);
        size_t n = 0;
        Bounds where;
        for (const auto& p : muscle.v)
            if (glm::length(p - exempt) > exemptR && s.deeplyInside(p, 2.0)) {
                ++n;
                where.lo = glm::min(where.lo, p);
                where.hi = glm::max(where.hi, p);
            }
        if (n)
            MESSAGE(n << " vertices inside bone between (" << where.lo.x << ", " << where.lo.y << ", " << where.lo.z
                      << ") and (" << where.hi.x << ", " << where.hi.y << ", " << where.hi.z << ") mm");
        return n;
    };
    for (const char* sfx : {"_l", "_r"}) {
        const std::string sfxName(sfx);
        INFO(sfxName);
        std::string s(sfx);
        dvec3 lt = lm("lesser_trochanter" + s);
        for (const char* mus : {"psoas_major", "iliacus", "psoas_minor", "iliopsoas_tendon"}) {
            const MeshData& m = mesh(mus + s);
            for (const char* bone : {"hip_bone_l", "hip_bone_r", "femur_l", "femur_r", "sacrum", "t12", "l1", "l2", "l3", "l4", "l5"}) {
                std::string what = std::string(mus) + s + " vs " + bone;
                INFO(what);
                CHECK(count(m, mesh(bone), lt, 20.0) == 0);
            }
        }
    }
}

TEST_CASE("anatomy: skin envelops the skeleton from T12 to mid-calf") {
    const MeshData& skin = mesh("skin");
    REQUIRE(skin.ok);
    Solid s(skin, 8.0);
    Bounds sb = bounds(skin);
    for (const char* id : {"t12", "l1", "l3", "l5", "sacrum", "coccyx", "hip_bone_l", "hip_bone_r", "psoas_major_l", "iliacus_r",
                           "inguinal_ligament_l"}) {
        const std::string idName(id);
        INFO(idName);
        size_t outside = 0;
        const MeshData& m = mesh(id);
        Bounds where;
        for (size_t i = 0; i < m.v.size(); i += 7)
            if (!s.inside(m.v[i])) {
                ++outside;
                where.lo = glm::min(where.lo, m.v[i]);
                where.hi = glm::max(where.hi, m.v[i]);
            }
        if (outside)
            MESSAGE(outside << " vertices outside the skin between (" << where.lo.x << ", " << where.lo.y << ", "
                            << where.lo.z << ") and (" << where.hi.x << ", " << where.hi.y << ", " << where.hi.z << ")");
        CHECK(outside == 0);
    }
    // The envelope now runs down to mid-calf: femora and patellae are wholly
    // inside, tibiae and fibulae down to 30 mm above its lower end.
    for (const char* id : {"femur_l", "femur_r", "patella_l", "patella_r", "tibia_l", "tibia_r", "fibula_l", "fibula_r"}) {
        const std::string idName(id);
        INFO(idName);
        size_t outside = 0;
        const MeshData& m = mesh(id);
        for (size_t i = 0; i < m.v.size(); i += 7)
            if (m.v[i].y > sb.lo.y + 30.0 && !s.inside(m.v[i])) ++outside;
        CHECK(outside == 0);
    }
    // Spans at least T12 to mid-calf (half-way between the tibial plateau and the
    // tip of the medial malleolus).
    CHECK(sb.hi.y > lm("body_center_t12").y);
    double midCalf = 0.5 * (lm("tibial_plateau_center_l").y + lm("medial_malleolus_l").y);
    CHECK(sb.lo.y < midCalf);
    MESSAGE("skin from y " << sb.lo.y << " to " << sb.hi.y << " mm; mid-calf at " << midCalf << " mm");
}

TEST_CASE("anatomy: landmarks file lists the required points") {
    for (const char* id : {"hip_center_l", "hip_center_r", "asis_l", "asis_r", "aiis_l", "aiis_r", "psis_l", "psis_r",
                           "pubic_tubercle_l", "pubic_tubercle_r", "lesser_trochanter_l", "lesser_trochanter_r",
                           "greater_trochanter_l", "greater_trochanter_r", "body_center_t12", "body_center_l1",
                           "body_center_l2", "body_center_l3", "body_center_l4", "body_center_l5", "sacral_promontory",
                           "iliac_fossa_center_l", "iliac_fossa_center_r", "trochanteric_fossa_l", "trochanteric_fossa_r",
                           "tibial_plateau_center_l",
                           "tibial_plateau_center_r", "tibial_tuberosity_l", "tibial_tuberosity_r", "fibular_head_l",
                           "fibular_head_r", "patella_center_l", "patella_center_r", "medial_malleolus_l",
                           "medial_malleolus_r", "lateral_malleolus_l", "lateral_malleolus_r", "ankle_center_l",
                           "ankle_center_r"}) {
        const std::string idName(id);
        INFO(idName);
        CHECK(landmarks().pts.count(id) == 1);
    }
    for (const char* m : {"psoas_major_l", "psoas_major_r", "iliacus_l", "iliacus_r", "psoas_minor_l", "psoas_minor_r"}) {
        const std::string mName(m);
        INFO(mName);
        REQUIRE(landmarks().paths.count(m) == 1);
        CHECK(landmarks().paths.at(m).size() >= 3);
    }
    // Paired landmarks mirror across the midline.
    dvec3 a = lm("asis_l"), b = lm("asis_r");
    CHECK(std::fabs(a.x + b.x) < 0.05);
    CHECK(a.x > 0);  // _l is the patient's left, +X
}

#ifdef PSOAS_MODELGEN_EXE
TEST_CASE("anatomy: psoas-modelgen reproduces the committed models byte for byte") {
    namespace fs = std::filesystem;
    // Unique per run so concurrent test runs do not share the directory.
    fs::path tmp = fs::temp_directory_path() /
                   ("psoas_modelgen_repro_" + std::to_string(std::chrono::steady_clock::now().time_since_epoch().count()));
    fs::remove_all(tmp);
    fs::create_directories(tmp);
    std::string cmd = std::string("\"") + PSOAS_MODELGEN_EXE + "\" --out-dir \"" + (tmp / "models").string() +
                      "\" --assets-dir \"" + (tmp / "assets").string() + "\" > \"" + (tmp / "log.txt").string() + "\" 2>&1";
    REQUIRE(std::system(cmd.c_str()) == 0);
    auto slurp = [](const fs::path& p) {
        std::ifstream in(p, std::ios::binary);
        return std::string(std::istreambuf_iterator<char>(in), {});
    };
    size_t compared = 0;
    for (const auto& e : fs::directory_iterator(fs::path(sourceDir()) / "models")) {
        if (e.path().extension() != ".glb") continue;
        INFO(e.path().filename().string());
        fs::path gen = tmp / "models" / e.path().filename();
        REQUIRE(fs::exists(gen));
        CHECK(slurp(gen) == slurp(e.path()));
        ++compared;
    }
    CHECK(compared == allIds().size());
    CHECK(slurp(tmp / "assets" / "landmarks.json") == slurp(fs::path(sourceDir()) / "assets" / "landmarks.json"));
    fs::remove_all(tmp);
}
#endif
