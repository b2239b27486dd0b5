// Carrying the built-in teaching and motion data onto imported bones. See atlas_import.hpp.
//
// The walk below knows the atlas format's point fields (docs/teaching-format.md, docs/motion-format.md),
// never a structure: every point is moved by the map of the structure it belongs to (the structures a
// region is painted on, a trigger point's muscle) or of the nearest carrier bone.
#include <algorithm>
#include <cmath>
#include <map>
#include <optional>
#include <set>

#include <glm/geometric.hpp>

#include "core/atlas_import.hpp"
#include "core/file_util.hpp"

namespace psoas {
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

json parseFile(const fs::path& file) {
  try {
    return json::parse(readTextFile(file));
  } catch (const json::exception& e) {
    throw AtlasError(file, std::string("not valid JSON: ") + e.what());
  }
}

glm::vec3 toVec(const json& j) { return {j.at(0).get<float>(), j.at(1).get<float>(), j.at(2).get<float>()}; }
json fromVec(const glm::vec3& v) {
  // Rounded to 0.01 mm: the written atlas stays readable and nothing a figure shows changes.
  auto r = [](float x) { return std::round(double(x) * 1e5) / 1e5; };
  return json::array({r(v.x), r(v.y), r(v.z)});
}

std::vector<std::string> stringList(const json& j, const char* key) {
  std::vector<std::string> out;
  if (j.contains(key) && j[key].is_array())
    for (auto& s : j[key]) if (s.is_string()) out.push_back(s.get<std::string>());
  return out;
}

// Removes absent ids from list `key`; true if the list was there and is now empty.
bool filterIds(json& j, const char* key, const std::set<std::string>& absent) {
  if (!j.contains(key) || !j[key].is_array()) return false;
  json kept = json::array();
  for (auto& s : j[key]) if (!s.is_string() || !absent.count(s.get<std::string>())) kept.push_back(s);
  bool emptied = !j[key].empty() && kept.empty();
  j[key] = kept;
  return emptied;
}

// One shape. A shape in a bone frame is written as it is: the landmarks are carried and the frames are built
// from them, so it lands on the individual's bone when the atlas loads. A shape in the atlas frame (an
// atlas of the user's own; the built-in one has none) is still moved with the registration map: every point
// (a landmark plus `offset`, or coordinates) as a whole, its radius scaled there; a landmark without offset
// stays a reference.
void carryShape(json& shape, const Carrier& c, const std::vector<std::string>& on,
                const std::map<std::string, glm::vec3>& builtinLandmarks) {
  if (shape.contains("frame")) return;
  glm::vec3 offset = shape.contains("offset") ? toVec(shape["offset"]) : glm::vec3(0.f);
  bool hasOffset = shape.contains("offset");
  glm::vec3 mid(0.f);
  int n = 0;
  for (const char* key : {"at", "from", "to"}) {
    if (!shape.contains(key)) continue;
    json& p = shape[key];
    glm::vec3 builtin;
    if (p.is_string()) {
      auto it = builtinLandmarks.find(p.get<std::string>());
      if (it == builtinLandmarks.end() || !hasOffset) continue;  // an unknown id is the loader's to report
      builtin = it->second + offset;
    } else {
      builtin = toVec(p) + offset;
    }
    p = fromVec(c.carry(builtin, on));
    mid += builtin;
    ++n;
  }
  if (n > 0) {
    shape.erase("offset");
    if (shape.contains("radius")) shape["radius"] = shape["radius"].get<float>() * c.scaleNear(mid / float(n), on);
  }
}

void carryOverlays(json& doc, const Carrier& c, const std::set<std::string>& absent,
                   const std::map<std::string, glm::vec3>& landmarks, std::set<std::string>& droppedRegions,
                   std::vector<std::string>& dropped) {
  if (!doc.contains("overlays")) return;
  for (auto& overlay : doc["overlays"]) {
    json regions = json::array();
    for (auto& r : overlay.value("regions", json::array())) {
      bool noSurface = filterIds(r, "on", absent), noMuscle = filterIds(r, "structures", absent);
      if (noSurface || noMuscle) {
        droppedRegions.insert(r.value("id", ""));
        dropped.push_back("region " + r.value("id", ""));
        continue;
      }
      auto on = stringList(r, "on");
      for (auto& s : r["shapes"]) carryShape(s, c, on, landmarks);
      regions.push_back(r);
    }
    if (overlay.contains("regions")) overlay["regions"] = regions;
    json tps = json::array();
    for (auto& t : overlay.value("trigger_points", json::array())) {
      std::string muscle = t.value("structure", "");
      if (absent.count(muscle)) {
        dropped.push_back("trigger point " + t.value("id", ""));
        continue;
      }
      filterIds(t, "zones", droppedRegions);
      glm::vec3 offset = t.contains("offset") ? toVec(t["offset"]) : glm::vec3(0.f);
      if (!t.contains("frame") && t.contains("at") && t["at"].is_array()) {  // in a frame: as it is
        t["at"] = fromVec(c.carry(toVec(t["at"]) + offset, {muscle}));
        t.erase("offset");
      }
      tps.push_back(t);
    }
    if (overlay.contains("trigger_points")) overlay["trigger_points"] = tps;
  }
}

// The joints' centres and axes. Centres given as landmark ids follow the landmark (carried with the
// landmarks); coordinates are carried here. The axes turn with the bone at the centre, except the root
// joint's: they are the atlas frame's own (tilt about the line through the hip centres), which the frame
// fit has already matched.
// A joint's centre at rest: [x, y, z], a landmark id, or {"between": [landmark, landmark]}.
std::optional<glm::vec3> jointCentre(const json& j, const std::map<std::string, glm::vec3>& landmarks) {
  if (!j.contains("centre")) return std::nullopt;
  const json& c = j["centre"];
  auto landmark = [&](const json& id) -> std::optional<glm::vec3> {
    if (!id.is_string()) return std::nullopt;
    auto l = landmarks.find(id.get<std::string>());
    return l == landmarks.end() ? std::nullopt : std::optional<glm::vec3>(l->second);
  };
  if (c.is_array()) return toVec(c);
  if (c.is_string()) return landmark(c);
  if (c.is_object() && c.contains("between") && c["between"].is_array() && c["between"].size() == 2) {
    auto a = landmark(c["between"][0]), b = landmark(c["between"][1]);
    if (a && b) return 0.5f * (*a + *b);
  }
  return std::nullopt;
}

void carryJoints(json& doc, const Carrier& c, const std::map<std::string, glm::vec3>& landmarks) {
  std::set<std::string> roots;
  for (auto& s : doc.value("segments", json::array()))
    if (!s.contains("parent")) roots.insert(s.value("id", ""));
  for (auto& j : doc["joints"]) {
    const std::optional<glm::vec3> centre = jointCentre(j, landmarks);
    if (!centre) continue;
    if (j["centre"].is_array()) j["centre"] = fromVec(c.carry(*centre, {}));
    if (roots.count(j.value("child", ""))) continue;
    if (j.contains("dofs"))
      for (auto& d : j["dofs"])
        if (d.contains("axis") && d["axis"].is_array()) d["axis"] = fromVec(c.turn(*centre, toVec(d["axis"]), {}));
  }
}

// A wrap cylinder or sphere moves, scales and turns with the bone it lies on; its side stays across its axis.
void carryWrap(json& w, const Carrier& c) {
  if (!w.contains("centre") || !w["centre"].is_array()) return;
  const glm::vec3 centre = toVec(w["centre"]);
  const float s = c.scaleNear(centre, {});
  w["centre"] = fromVec(c.carry(centre, {}));
  for (const char* key : {"radius", "half_length"})
    if (w.contains(key)) w[key] = w[key].get<float>() * s;
  glm::vec3 axis(0.f);
  if (w.contains("axis") && w["axis"].is_array()) {
    axis = c.turn(centre, toVec(w["axis"]), {});
    w["axis"] = fromVec(axis);
  }
  if (w.contains("side") && w["side"].is_array()) {
    const glm::vec3 before = toVec(w["side"]);
    glm::vec3 side = c.turn(centre, before, {});
    side -= glm::dot(side, axis) * axis;
    // A bone bent hard enough to turn the side onto the axis leaves no direction to keep: the side as it
    // was, made square to the new axis, or any square direction (never a NaN in the written atlas).
    if (glm::length(side) < 1e-3f) side = before - glm::dot(before, axis) * axis;
    if (glm::length(side) < 1e-3f) side = glm::cross(axis, std::abs(axis.x) < 0.9f ? glm::vec3(1, 0, 0) : glm::vec3(0, 1, 0));
    w["side"] = fromVec(glm::normalize(side));
  }
}

void carryMotion(json& doc, const Carrier& c, const std::set<std::string>& absent,
                 const std::map<std::string, glm::vec3>& landmarks, std::vector<std::string>& dropped) {
  if (doc.contains("joints")) carryJoints(doc, c, landmarks);
  if (doc.contains("wrap_surfaces"))
    for (auto& w : doc["wrap_surfaces"]) carryWrap(w, c);
  if (doc.contains("muscle_paths")) {
    json kept = json::array();
    for (auto& m : doc["muscle_paths"]) {
      if (absent.count(m.value("muscle", ""))) {
        dropped.push_back("muscle path of " + m.value("muscle", ""));
        continue;
      }
      for (auto& p : m["points"])
        if (p.contains("position") && p["position"].is_array()) p["position"] = fromVec(c.carry(toVec(p["position"]), {}));
      kept.push_back(m);
    }
    doc["muscle_paths"] = kept;
  }
}

}  // namespace

glm::vec3 Carrier::turn(const glm::vec3& at, const glm::vec3& dir, const std::vector<std::string>& candidates) const {
  const float step = 0.02f;  // 2 cm in atlas metres: within one bone's map, long enough to stay above rounding
  const glm::vec3 d = glm::normalize(dir);
  const glm::vec3 moved = carry(at + step * d, candidates) - carry(at - step * d, candidates);
  const float len = glm::length(moved);
  return len > 1e-9f ? moved / len : d;
}

json mergedBuiltinDocument(const fs::path& atlasFile) {
  json doc = parseFile(atlasFile);
  fs::path dir = atlasFile.parent_path();
  for (auto& s : doc["structures"]) {
    fs::path mesh = s.value("mesh", "");
    if (mesh.is_relative()) s["mesh"] = fs::absolute(dir / mesh).lexically_normal().string();
  }
  for (auto& inc : doc.value("include", json::array())) {
    fs::path f = inc.get<std::string>();
    if (f.is_relative()) f = dir / f;
    json sub = parseFile(f);
    for (auto& [key, value] : sub.items()) {
      // "paths" is modelgen's own record in landmarks.json, which only an included file may hold.
      if (key == "schema" || key == "generated_by" || key == "paths" || key.rfind('_', 0) == 0) continue;
      if (!doc.contains(key)) doc[key] = value;
      else if (doc[key].is_array() && value.is_array()) doc[key].insert(doc[key].end(), value.begin(), value.end());
      else if (doc[key].is_object() && value.is_object()) doc[key].update(value);
      else doc[key] = value;
    }
  }
  doc.erase("include");
  return doc;
}

void carryDocument(json& doc, const Carrier& c, const std::vector<std::string>& absentList,
                   std::vector<std::string>& warnings) {
  std::set<std::string> absent(absentList.begin(), absentList.end());
  std::map<std::string, glm::vec3> landmarks;
  if (doc.contains("landmarks"))
    for (auto& l : doc["landmarks"]) {
      glm::vec3 p = toVec(l["position"]);
      landmarks[l.value("id", "")] = p;
      l["position"] = fromVec(c.carry(p, {}));
    }
  std::set<std::string> droppedRegions;
  std::vector<std::string> dropped;
  carryOverlays(doc, c, absent, landmarks, droppedRegions, dropped);
  carryMotion(doc, c, absent, landmarks, dropped);
  if (doc.contains("symptoms"))
    for (auto& s : doc["symptoms"]) {
      filterIds(s, "structures", absent);
      filterIds(s, "regions", droppedRegions);
    }
  if (doc.contains("label_sets")) {
    json kept = json::array();
    for (auto& l : doc["label_sets"]) {
      // A set that named only absent structures has nothing left to label.
      if (filterIds(l, "structures", absent) && !l.contains("landmarks") && !l.contains("layer")) {
        dropped.push_back("label set " + l.value("id", ""));
        continue;
      }
      if (l.contains("structures") && l["structures"].empty()) l.erase("structures");
      kept.push_back(l);
    }
    doc["label_sets"] = kept;
  }
  if (!dropped.empty()) {
    std::string list;
    for (auto& d : dropped) list += (list.empty() ? "" : ", ") + d;
    warnings.push_back("left out with the missing structures: " + list);
  }
}

}  // namespace psoas
