#include "landmarks.hpp"

#include <nlohmann/json.hpp>

#include <cmath>
#include <fstream>

#include "pelvis_shape.hpp"

namespace mg {
namespace {

// 0.01 mm resolution keeps the file readable and byte-stable.
double metres(float mm) { return std::round(double(mm) * 100.0) / 100000.0; }

}  // namespace

void collectLandmarks(Layout& L) {
    auto add = [&](const std::string& id, const std::string& name, vec3 p, std::vector<std::string> aliases = {}) {
        L.landmarks.push_back({id, name, p, false, std::move(aliases)});
    };
    // Centres are construction points: labels may point at them, a self-test must not ask them.
    auto centre = [&](const std::string& id, const std::string& name, vec3 p) {
        L.landmarks.push_back({id, name, p, true, {}});
    };
    IliumShape ish(L);
    for (int s = 0; s < 2; ++s) {
        const float sx = s == 0 ? 1.f : -1.f;
        const std::string sfx = s == 0 ? "_l" : "_r";
        const std::string side = s == 0 ? "Left " : "Right ";
        auto P = [&](const char* k) { return L.P(k, sx); };
        const FemurGeo& F = L.femur[s];
        centre("hip_center" + sfx, side + "hip joint centre", F.head);
        add("asis" + sfx, side + "anterior superior iliac spine", P("asis"), {"ASIS"});
        add("aiis" + sfx, side + "anterior inferior iliac spine", P("aiis"), {"AIIS"});
        add("psis" + sfx, side + "posterior superior iliac spine", P("psis"), {"PSIS"});
        add("pubic_tubercle" + sfx, side + "pubic tubercle", P("pubic_tubercle"));
        add("iliopubic_eminence" + sfx, side + "iliopubic eminence", P("iliopubic_eminence"));
        add("iliac_crest_top" + sfx, side + "highest point of the iliac crest", P("crest_top"));
        add("iliac_tubercle" + sfx, side + "tubercle of the iliac crest", P("crest_tubercle"));
        add("ischial_spine" + sfx, side + "ischial spine", P("ischial_spine"));
        add("ischial_tuberosity" + sfx, side + "ischial tuberosity", P("ischial_tuberosity"));
        vec3 fc = ish.surf(0.45f, 0.5f) + ish.fossaNormal(0.45f, 0.5f) * ish.half(0.45f, 0.5f);
        fc.x *= sx;
        centre("iliac_fossa_center" + sfx, side + "iliac fossa centre", fc);
        add("greater_trochanter" + sfx, side + "greater trochanter tip", F.greaterTroch);
        add("lesser_trochanter" + sfx, side + "lesser trochanter tip", F.lesserTroch);
        add("trochanteric_fossa" + sfx, side + "trochanteric fossa", F.trochFossa);
        centre("knee_center" + sfx, side + "knee centre (between the femoral condyles)", F.kneeC);
        const LegGeo& G = L.leg[s];
        centre("tibial_plateau_center" + sfx, side + "tibial plateau centre (between the condyles)", G.plateau);
        add("tibial_tuberosity" + sfx, side + "tibial tuberosity (patellar ligament insertion)", G.tuberosity);
        add("fibular_head" + sfx, side + "apex of the fibular head", G.fibulaHead);
        centre("patella_center" + sfx, side + "patella centre", G.patella);
        add("medial_malleolus" + sfx, side + "tip of the medial malleolus", G.medMalleolus);
        add("lateral_malleolus" + sfx, side + "tip of the lateral malleolus", G.latMalleolus);
        centre("ankle_center" + sfx, side + "ankle centre (between the malleolar tips)", G.ankle);
    }
    for (const auto& V : L.verts) {
        std::string up = V.body.id;
        for (auto& c : up) c = char(std::toupper(c));
        centre("body_center_" + V.body.id, up + " vertebral body centre", V.body.mid.o);
    }
    centre("s1_endplate_center", "S1 superior end plate centre", L.s1C);
    add("sacral_promontory", "Sacral promontory", L.s1C + L.sacrum.z * (0.5f * L.s1D));
    add("pubic_symphysis", "Pubic symphysis (upper border)", vec3(0.f, L.pel.at("symphysis_top").y, L.pel.at("symphysis_top").z));
    add("coccyx_tip", "Tip of the coccyx", L.sacralAxis.back());
}

bool writeLandmarks(const std::string& path, const Layout& L) {
    // Hand-laid JSON (one landmark or path per line) keeps diffs readable; the
    // pieces themselves are serialised by nlohmann::json for correct escaping
    // and shortest round-trip numbers. Positions are metres in the model frame
    // (+Y up, +Z anterior, +X patient's left, origin between the hip centres).
    using nlohmann::json;
    auto vec = [](const vec3& p) { return json::array({metres(p.x), metres(p.y), metres(p.z)}).dump(); };
    std::string out = "{\n";
    out += "  \"schema\": 1,\n";
    out += "  \"generated_by\": \"psoas-modelgen\",\n";
    out += "  \"landmarks\": [\n";
    for (size_t i = 0; i < L.landmarks.size(); ++i) {
        const auto& l = L.landmarks[i];
        out += "    {\"id\": " + json(l.id).dump() + ", \"name\": " + json(l.name).dump() + ", \"position\": " + vec(l.p);
        if (!l.aliases.empty()) out += ", \"aliases\": " + json(l.aliases).dump();
        if (l.construction) out += ", \"construction\": true";
        out += "}";
        out += i + 1 < L.landmarks.size() ? ",\n" : "\n";
    }
    out += "  ],\n  \"paths\": [\n";
    for (size_t i = 0; i < L.paths.size(); ++i) {
        const auto& p = L.paths[i];
        out += "    {\"muscle\": " + json(p.muscle).dump() + ", \"points\": [";
        for (size_t k = 0; k < p.pts.size(); ++k) out += (k ? ", " : "") + vec(p.pts[k]);
        out += "]}";
        out += i + 1 < L.paths.size() ? ",\n" : "\n";
    }
    out += "  ]\n}\n";
    std::ofstream f(path, std::ios::binary);
    f << out;
    return bool(f);
}

}  // namespace mg
