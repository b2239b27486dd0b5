// Where everything sits: the skeleton's key points and frames, derived once from
// REFERENCE.md numbers and shared by all structure builders, the landmarks file
// and the muscle paths. Millimetres; +Y up, +Z anterior, +X patient's left;
// origin midway between the hip joint centres.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "marching_cubes.hpp"
#include "sdf.hpp"

namespace mg {

// One vertebral body or disc in the sagittal stack: lower and upper end-plate
// planes (centre + upward normal) and the mid frame (y along the element axis).
struct StackElem {
    std::string id;
    vec3 lowC, lowN, upC, upN;
    Frame mid;
    float ha = 0, hp = 0, w = 0, d = 0;
};

struct Vertebra {
    StackElem body;
    float canalW = 0, canalD = 0;  // vertebral foramen width (x) and depth (z)
    float tpHalfSpan = 0;          // transverse process tip distance from midline
    float spLen = 0, spHeight = 0; // spinous process length (from body back) and height
    bool thoracic = false;
};

// Femur placement (one side); `s` = +1 for the left femur (+X), -1 for the right.
struct FemurGeo {
    float s = 1;
    vec3 head;           // head centre
    float headR = 23.8f;
    vec3 neckDir;        // unit, from shaft axis toward the head
    vec3 neckBase;       // neck axis meets shaft axis
    vec3 shaftUp;        // unit, proximal direction of the anatomical shaft axis
    vec3 kneeC;          // between the condyles, at the level of their centres
    float condyleBottomY = 0;
    vec3 lesserTroch, greaterTroch;  // tips
    vec3 trochFossa;                 // centre of the carving that makes the trochanteric fossa
    vec3 lateral, medial, anterior;  // world directions for this side
};

// Lower leg placement (one side, built on the left and mirrored like the femur).
// Standing pose: the tibia stands vertically under the knee centre; all points are
// world millimetres for this side.
struct LegGeo {
    vec3 plateau;        // centre of the tibial plateau (top of the condyles, between them)
    float tibiaLen = 0;  // medial plateau to the tip of the medial malleolus
    vec3 tuberosity;     // patellar ligament insertion (upper tibial tuberosity)
    vec3 fibulaHead;     // apex of the fibular head
    vec3 medMalleolus, latMalleolus;  // tips
    vec3 ankle;          // centre of the talar dome, between the malleoli
    vec3 patella;        // centre of the patella
    float patH = 0, patW = 0, patT = 0;  // patella height, width, thickness
};

struct Landmark {
    std::string id, name;
    vec3 p;
    bool construction = false;          // a centre the model is built from; never asked in self-tests
    std::vector<std::string> aliases;   // abbreviations students use ("ASIS")
};

struct MusclePath {
    std::string muscle;
    std::vector<vec3> pts;
};

struct Layout {
    std::vector<Vertebra> verts;      // t12..l5 (top to bottom)
    std::vector<StackElem> discs;     // disc_t12_l1..disc_l5_s1
    vec3 s1C, s1N;                    // S1 upper end plate
    float s1W = 50.f, s1D = 38.f;
    Frame sacrum;                     // origin S1 end plate centre, y = end plate normal
    std::vector<vec3> sacralAxis;     // S1 body centre to sacral apex, then coccyx tip
    FemurGeo femur[2];                // [0] left (+X), [1] right
    LegGeo leg[2];                    // [0] left (+X), [1] right
    // Left-side pelvic points; mirror x for the right.
    std::map<std::string, vec3> pel;
    std::vector<Landmark> landmarks;
    std::vector<MusclePath> paths;

    const Vertebra& vert(const std::string& id) const;
    vec3 P(const std::string& key, float s) const {  // side-aware pelvic point
        vec3 p = pel.at(key);
        p.x *= s;
        return p;
    }
};

Layout makeLayout();

// A structure ready to be meshed.
struct Part {
    std::string id;
    Sdf sdf;
    Box box;
    float h = 1.f;            // grid cell size (mm)
    size_t maxTris = 60000;   // decimation target
    std::string mirrorOf;     // right-side parts: exact mirror image of this left part
};

std::vector<Part> spineParts(const Layout& L);
std::vector<Part> pelvisParts(const Layout& L);
std::vector<Part> femurParts(const Layout& L);
std::vector<Part> muscleParts(Layout& L);  // also fills muscle paths
std::vector<Part> legParts(const Layout& L);  // tibiae, fibulae, patellae
Part skinPart(const Layout& L);

// Shared field pieces (used by muscles to stay off bone and by checks).
Sdf hipBoneSdf(const Layout& L, float s);
Sdf femurSdf(const Layout& L, int side);
Sdf sacrumSdf(const Layout& L);
Sdf vertebraSdf(const Layout& L, const Vertebra& v);
void placeLegs(Layout& L);  // after the femora: the patella is seated on the femoral trochlea

}  // namespace mg
