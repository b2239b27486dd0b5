// psoas-modelgen: writes models/<id>.glb for every structure of the atlas and
// assets/landmarks.json. Single-threaded and free of clocks or randomness so the
// output is byte-identical on every run.
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "glb_writer.hpp"
#include "landmarks.hpp"
#include "layout.hpp"
#include "decimate.hpp"
#include "marching_cubes.hpp"
#include "mesh.hpp"

using namespace mg;

namespace {

int usage() {
    std::fprintf(stderr, "usage: psoas-modelgen --out-dir DIR [--assets-dir DIR] [--only ID]\n");
    return 2;
}

// Tightens the part's box to where the surface actually is (coarse scan of a
// padded box), so hand-set boxes can be generous and never clip a surface.
Box fitBox(const Part& p) {
    const float step = std::max(4.f, 2.f * p.h);
    Box in{p.box.lo - vec3(30.f), p.box.hi + vec3(30.f)};
    Box out{vec3(1e9f), vec3(-1e9f)};
    for (float z = in.lo.z; z <= in.hi.z; z += step)
        for (float y = in.lo.y; y <= in.hi.y; y += step)
            for (float x = in.lo.x; x <= in.hi.x; x += step) {
                vec3 q(x, y, z);
                if (p.sdf(q) < step) {
                    out.lo = glm::min(out.lo, q);
                    out.hi = glm::max(out.hi, q);
                }
            }
    out.lo -= vec3(step + 2.f);
    out.hi += vec3(step + 2.f);
    if (out.lo.x <= in.lo.x || out.lo.y <= in.lo.y || out.lo.z <= in.lo.z || out.hi.x >= in.hi.x ||
        out.hi.y >= in.hi.y || out.hi.z >= in.hi.z)
        std::fprintf(stderr, "warning: %s reaches its search box\n", p.id.c_str());
    return out;
}

// Meshes one part: fine marching cubes, then decimation to its budget.
// MG_PROFILE=1 prints where the time goes (stderr only; files never see clocks).
Mesh meshPart(Part p) {
    auto t0 = std::chrono::steady_clock::now();
    p.box = fitBox(p);
    auto t1 = std::chrono::steady_clock::now();
    // Extract finely, then let the quadric decimator spend the triangle budget
    // where curvature needs it; flat shafts need far fewer triangles than crests.
    Mesh fine = polygonize(p.sdf, p.box, p.h);
    // Every structure is one piece; specks cut off by carving or thin blends go.
    dropSmallComponents(fine, 1.0f);
    auto t2 = std::chrono::steady_clock::now();
    Mesh m = fine;
    decimate(m, p.maxTris);
    auto t3 = std::chrono::steady_clock::now();
    if (std::getenv("MG_PROFILE"))
        std::fprintf(stderr, "%s: fit %.2fs mc %.2fs decimate %.2fs (%zu fine tris)\n", p.id.c_str(),
                     std::chrono::duration<double>(t1 - t0).count(), std::chrono::duration<double>(t2 - t1).count(),
                     std::chrono::duration<double>(t3 - t2).count(), fine.triangles());
    fieldNormals(m, p.sdf, 0.35f * p.h);
    for (auto& v : m.pos) v *= 0.001f;  // mm -> m
    return m;
}

}  // namespace

int main(int argc, char** argv) {
    std::string outDir, assetsDir, only;
    for (int i = 1; i < argc; ++i) {
        std::string a = argv[i];
        if (a == "--out-dir" && i + 1 < argc) outDir = argv[++i];
        else if (a == "--assets-dir" && i + 1 < argc) assetsDir = argv[++i];
        else if (a == "--only" && i + 1 < argc) only = argv[++i];
        else return usage();
    }
    if (outDir.empty()) return usage();
    std::filesystem::create_directories(outDir);

    Layout L = makeLayout();
    std::vector<Part> parts = spineParts(L);
    for (auto& p : pelvisParts(L)) parts.push_back(p);
    for (auto& p : femurParts(L)) parts.push_back(p);
    for (auto& p : legParts(L)) parts.push_back(p);
    for (auto& p : muscleParts(L)) parts.push_back(p);
    parts.push_back(skinPart(L));
    collectLandmarks(L);

    size_t total = 0;
    bool ok = true;
    std::map<std::string, Mesh> done;
    for (const auto& p : parts) {
        if (!only.empty() && p.id != only && p.mirrorOf != only) continue;
        float h = p.h;
        auto t0 = std::chrono::steady_clock::now();  // progress report only, never written to files
        Mesh m;
        if (!p.mirrorOf.empty() && done.count(p.mirrorOf)) {
            // Paired structures are exact mirror images: same triangles, x
            // negated, winding reversed so the normals still point outward.
            m = done.at(p.mirrorOf);
            for (auto& v : m.pos) v.x = -v.x;
            for (auto& n : m.nrm) n.x = -n.x;
            for (size_t t = 0; t < m.idx.size(); t += 3) std::swap(m.idx[t + 1], m.idx[t + 2]);
        } else {
            m = meshPart(p);
        }
        done[p.id] = m;
        double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        MeshCheck c = checkMesh(m, 1e-10);
        total += m.triangles();
        std::printf("%-22s %7zu tris  h=%.2f mm  vol=%8.1f cm3  comps=%zu%s%s deg=%zu  %.1fs\n", p.id.c_str(), m.triangles(), h,
                    c.volume * 1e6, c.components, c.closed ? "" : " OPEN", c.oriented ? "" : " NONMANIFOLD",
                    c.degenerate, secs);
        // The same bar as tests/test_anatomy.cpp: a structure that fails it fails the run.
        if (!c.closed || !c.oriented || c.volume <= 0.0 || c.degenerate > 0 || c.components != 1) {
            ok = false;
            std::printf("   problem near (%.1f, %.1f, %.1f) mm\n", c.openAt.x * 1e3, c.openAt.y * 1e3, c.openAt.z * 1e3);
        }
        if (!writeGlb(outDir + "/" + p.id + ".glb", p.id, m)) {
            std::fprintf(stderr, "cannot write %s\n", p.id.c_str());
            return 1;
        }
    }
    std::printf("total %zu triangles\n", total);
    if (!assetsDir.empty()) {
        std::filesystem::create_directories(assetsDir);
        if (!writeLandmarks(assetsDir + "/landmarks.json", L)) return 1;
    }
    return ok ? 0 : 1;
}
