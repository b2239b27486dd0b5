// The fitting half of `psoas-atlas import`: units, frame (femoral heads, pelvis orientation), registration of
// every built-in structure onto its counterpart, and the written atlas. See atlas_import.hpp.
#include <algorithm>
#include <cmath>
#include <future>
#include <map>
#include <set>

#include <glm/geometric.hpp>

#include "core/atlas.hpp"
#include "core/atlas_import.hpp"
#include "core/file_util.hpp"
#include "core/mesh_loader.hpp"
#include "core/resources.hpp"

namespace psoas {
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

struct Part {
  std::string id;
  fs::path file;
  std::vector<glm::vec3> raw;      // samples in file coordinates
  std::vector<glm::vec3> dense;    // every vertex, file coordinates (femoral head fits)
};

glm::vec3 centroid(const std::vector<glm::vec3>& pts) {
  glm::dvec3 c(0.0);
  for (auto& p : pts) c += glm::dvec3(p);
  return glm::vec3(c / double(std::max<std::size_t>(1, pts.size())));
}

float rmsRadius(const std::vector<glm::vec3>& pts) {
  glm::vec3 c = centroid(pts);
  double s = 0;
  for (auto& p : pts) s += double(glm::dot(p - c, p - c));
  return float(std::sqrt(s / double(std::max<std::size_t>(1, pts.size()))));
}

std::vector<glm::vec3> applied(const Similarity& t, const std::vector<glm::vec3>& pts) {
  std::vector<glm::vec3> out(pts.size());
  for (std::size_t i = 0; i < pts.size(); ++i) out[i] = t.apply(pts[i]);
  return out;
}

// Every structure of a set should be in the same unit: compared with its built-in counterpart, each one's
// size ratio should be near the set's median. A factor of three apart is a different unit (10, 25.4, 1000).
void checkUnits(const std::vector<Part>& parts, const Atlas& builtin, const std::map<std::string, std::vector<glm::vec3>>& bs) {
  std::vector<std::pair<float, const Part*>> ratios;
  for (auto& p : parts) ratios.push_back({rmsRadius(p.raw) / std::max(1e-12f, rmsRadius(bs.at(p.id))), &p});
  std::vector<float> sorted;
  for (auto& r : ratios) sorted.push_back(r.first);
  std::sort(sorted.begin(), sorted.end());
  float median = sorted[sorted.size() / 2];
  std::vector<std::string> odd;
  const Part* first = nullptr;
  for (auto& [ratio, p] : ratios)
    if (ratio > 3.f * median || ratio < median / 3.f) {
      char buf[200];
      std::snprintf(buf, sizeof buf, "%s (%.3g times the others' scale)", p->file.filename().string().c_str(), double(ratio / median));
      odd.push_back(buf);
      if (!first) first = p;
    }
  (void)builtin;
  if (first) {
    std::string list;
    for (auto& o : odd) list += (list.empty() ? "" : ", ") + o;
    throw ImportError(first->file, "mixed units: " + list + "; re-export these files in the unit of the rest");
  }
}

// Snaps a fitted scale to the unit it stands for when one is near (a real person differs from the built-in
// body by tens of percent, units by factors of 2.5 and more), so the individual keeps its real size.
std::string snapUnit(float& scale) {
  static const std::pair<const char*, float> units[] = {{"metres", 1.f},      {"decimetres", 0.1f}, {"feet", 0.3048f},
                                                        {"centimetres", 0.01f}, {"inches", 0.0254f}, {"millimetres", 0.001f}};
  for (auto& [name, value] : units)
    if (std::abs(std::log(scale / value)) < std::log(1.2f)) {
      scale = value;
      return name;
    }
  return "";
}

struct Fitter {
  const ImportTable& table;
  const Atlas& builtin;
  const ImportOptions& options;
  std::map<std::string, std::vector<glm::vec3>> builtinSamples;
  std::vector<Part> parts;
  ImportResult& result;

  const Part* part(const std::string& id) const {
    for (auto& p : parts) if (p.id == id) return &p;
    return nullptr;
  }
  glm::vec3 builtinLandmark(const std::string& id) const {
    int i = builtin.findLandmark(id);
    if (i < 0) throw AtlasError(builtin.file, "the import table names landmark " + id + ", which the atlas lacks");
    return builtin.landmarks[std::size_t(i)].position;
  }
  bool isCarrier(const std::string& id) const {
    int i = builtin.findStructure(id);
    return i >= 0 && std::find(table.carrierGroups.begin(), table.carrierGroups.end(),
                               builtin.structures[std::size_t(i)].group) != table.carrierGroups.end();
  }
  // The carrier bone of the set whose built-in surface is nearest p.
  std::string nearestCarrier(const glm::vec3& p) const {
    std::string best;
    float bestD = 1e30f;
    for (auto& part : parts) {
      if (!isCarrier(part.id)) continue;
      for (auto& q : builtinSamples.at(part.id)) {
        float d = glm::dot(q - p, q - p);
        if (d < bestD) { bestD = d; best = part.id; }
      }
    }
    return best;
  }

  // A built-in structure registered onto the set's counterpart under `frame` (file -> atlas-like coordinates).
  SurfaceMap registerPart(const Part& p, const Similarity& frame, bool nonRigid) const {
    NearestPoints target(applied(frame, p.raw));
    Similarity init;
    init.translation = centroid(target.points()) - centroid(builtinSamples.at(p.id));
    RegistrationOptions o;
    o.nonRigid = nonRigid;
    return registerSurface(builtinSamples.at(p.id), target, init, o);
  }

  Similarity coarseFrame() const;
  glm::vec3 hipCentre(int side, const Similarity& coarse);
  Similarity fitFrame();
};

// From the centroids of the structures alone: good to a few centimetres and a few degrees, enough for ICP.
Similarity Fitter::coarseFrame() const {
  std::vector<glm::vec3> src, dst;
  for (auto& p : parts) {
    src.push_back(centroid(p.raw));
    dst.push_back(centroid(builtinSamples.at(p.id)));
  }
  try {
    return fitSimilarity(src, dst, true);
  } catch (const Error&) {
    throw ImportError(parts.front().file, "needs at least three structures that do not lie in one line to find the frame");
  }
}

// The femoral head's centre, file coordinates: the built-in femur is registered onto the set's; its head
// (the vertices within a few percent of the head radius of the hip centre) marks the set's head vertices,
// and a sphere is fitted to those.
glm::vec3 Fitter::hipCentre(int side, const Similarity& coarse) {
  auto& [landmark, bone] = table.hipCentres[std::size_t(side)];
  const Part* femur = part(bone);
  if (!femur) {
    std::vector<std::string> bones{table.hipCentres[0].second, table.hipCentres[1].second};
    throw ImportError(parts.front().file, "no femoral heads: the frame is fitted to both femoral heads, and the set lacks " +
                                              bone + " (name the file with --map FILE=" + bone + ")");
  }
  glm::vec3 hc = builtinLandmark(landmark);
  const Mesh& mesh = *builtin.structures[std::size_t(builtin.findStructure(bone))].mesh;
  float r = 1e30f;
  for (auto& p : mesh.positions) r = std::min(r, glm::length(p - hc));
  SurfaceMap map = registerPart(*femur, coarse, false);
  std::vector<glm::vec3> moved = applied(coarse, femur->dense);
  NearestPoints tree(moved);
  std::set<std::size_t> picked;
  float tol = 0.1f * r * map.similarity.scale;
  for (std::size_t v = 0; v < mesh.positions.size(); ++v) {
    // The head: near the centre, its surface facing straight away from it (not the neck's waist).
    glm::vec3 p = mesh.positions[v], radial = p - hc;
    float len = glm::length(radial);
    if (len > 1.3f * r || glm::dot(mesh.normals[v], radial) < 0.95f * len) continue;
    float d2 = 0;
    std::size_t j = tree.nearest(map.similarity.apply(p), &d2);
    if (d2 < tol * tol) picked.insert(j);
  }
  std::vector<glm::vec3> head;
  for (auto j : picked) head.push_back(femur->dense[j]);
  Sphere s;
  try {
    if (head.size() < 20) throw Error("too few points: " + std::to_string(head.size()) + " r " + std::to_string(r) + " icp rms " + std::to_string(map.rms));
    s = fitSphere(head);
  } catch (const Error& e) {
    throw ImportError(femur->file, std::string("no femoral head found (the femur's upper end is not a sphere where one is expected): ") + e.what());
  }
  float scale = coarse.scale;
  result.headRadius[side] = s.radius * scale;
  result.headRms[side] = s.rms * scale;
  float expected = r * map.similarity.scale * 1.f;
  if (s.rms > 0.1f * s.radius || std::abs(s.radius * scale / expected - 1.f) > 0.35f)
    throw ImportError(femur->file, "no femoral head found: the sphere fit there is poor (residual " +
                                       std::to_string(s.rms * scale * 1e3) + " mm)");
  if (s.rms > 0.03f * s.radius)
    result.warnings.push_back(femur->file.filename().string() + ": the femoral head is not very round (sphere fit residual " +
                              std::to_string(s.rms * scale * 1e3) + " mm); the hip centre may be off");
  return s.centre;
}

Similarity Fitter::fitFrame() {
  Similarity coarse = coarseFrame();
  std::vector<glm::vec3> src, dst;  // file coordinates -> built-in positions
  glm::vec3 hips[2];
  for (int side = 0; side < 2; ++side) {
    hips[side] = hipCentre(side, coarse);
    src.push_back(hips[side]);
    dst.push_back(builtinLandmark(table.hipCentres[std::size_t(side)].first));
  }
  Similarity back = coarse.inverse();
  std::vector<std::string> lacking;
  for (auto& id : table.orientation) {
    glm::vec3 b = builtinLandmark(id);
    std::string bone = nearestCarrier(b);
    if (bone.empty()) { lacking.push_back(id); continue; }
    SurfaceMap map = registerPart(*part(bone), coarse, true);
    src.push_back(back.apply(map.carry(b)));
    dst.push_back(b);
  }
  if (!lacking.empty()) result.warnings.push_back("no bone of the set carries " + std::to_string(lacking.size()) +
                                                  " orientation landmark(s); the frame's orientation rests on the rest");
  Similarity f = fitSimilarity(src, dst, true);
  result.fittedScale = f.scale;
  float scale = f.scale;
  result.unit = snapUnit(scale);
  Similarity frame;
  frame.scale = scale;
  frame.rotation = f.rotation;
  if (result.unit.empty())
    result.warnings.push_back("the fitted scale matches no known unit; the set is scaled to the built-in body's size");
  else  // the rotation again with the unit's scale fixed (the individual keeps its own size)
    frame.rotation = fitSimilarity(applied(Similarity{scale, glm::mat3(1.f), glm::vec3(0.f)}, src), dst, false).rotation;
  // Origin exactly between the fitted hip centres.
  glm::vec3 mid = 0.5f * (hips[0] + hips[1]);
  frame.translation = -(frame.scale * (frame.rotation * mid));
  double sum = 0;
  for (std::size_t i = 0; i < src.size(); ++i) {
    glm::vec3 d = frame.apply(src[i]) - dst[i];
    sum += double(glm::dot(d, d));
  }
  result.frameRms = float(std::sqrt(sum / double(src.size())));
  if (result.frameRms > 0.03f)
    result.warnings.push_back("the hip centres and pelvic landmarks sit " + std::to_string(int(result.frameRms * 1e3)) +
                              " mm (RMS) from the built-in atlas's; check the axes printed above");
  return frame;
}

// Maps of every built-in structure that has one; a point goes with the nearest candidate's map.
struct MapCarrier : Carrier {
  std::map<std::string, SurfaceMap> maps;
  std::map<std::string, NearestPoints> trees;  // built-in samples of each mapped structure
  std::vector<std::string> carriers;
  const SurfaceMap* pick(const glm::vec3& p, const std::vector<std::string>& candidates) const {
    const SurfaceMap* best = nullptr;
    float bestD = 1e30f;
    for (auto& id : candidates.empty() ? carriers : candidates) {
      auto t = trees.find(id);
      if (t == trees.end()) continue;
      float d2 = 0;
      t->second.nearest(p, &d2);
      if (d2 < bestD) { bestD = d2; best = &maps.at(id); }
    }
    if (!best && !candidates.empty()) return pick(p, {});
    return best;
  }
  glm::vec3 carry(const glm::vec3& p, const std::vector<std::string>& candidates) const override {
    const SurfaceMap* m = pick(p, candidates);
    return m ? m->carry(p) : p;
  }
  float scaleNear(const glm::vec3& p, const std::vector<std::string>& candidates) const override {
    const SurfaceMap* m = pick(p, candidates);
    return m ? m->similarity.scale : 1.f;
  }
};

// A structure the set lacks follows the carrier bones around it: the similarity that best takes its
// built-in samples where the bones' maps take them.
SurfaceMap fitMissing(const std::vector<glm::vec3>& samples, const MapCarrier& carrier) {
  std::vector<glm::vec3> src, dst;
  for (std::size_t i = 0; i < samples.size(); i += 4) {
    src.push_back(samples[i]);
    dst.push_back(carrier.carry(samples[i], {}));
  }
  SurfaceMap m;
  m.similarity = fitSimilarity(src, dst, true);
  return m;
}

std::string relativeTo(const fs::path& file, const fs::path& dir) {
  std::error_code ec;
  fs::path abs = fs::absolute(file, ec);
  fs::path rel = fs::relative(abs, fs::absolute(dir, ec), ec);
  return (ec || rel.empty()) ? abs.string() : rel.generic_string();
}

json transformJson(const Similarity& t) {
  json rows = json::array();
  for (int i = 0; i < 3; ++i) rows.push_back({t.rotation[0][i], t.rotation[1][i], t.rotation[2][i]});
  return {{"scale", t.scale}, {"axes", rows}, {"offset", {t.translation.x, t.translation.y, t.translation.z}}};
}

// The merged built-in document's structures as the imported atlas has them: the set's files in the fitted
// frame, the structures it lacks from the built-in atlas moved by their fitted similarity (or left out).
json importedStructures(const json& builtinStructures, const ImportResult& result, const MapCarrier& carrier,
                        const ImportOptions& options) {
  const fs::path outDir = fs::absolute(options.out).parent_path();
  json structures = json::array();
  for (json s : builtinStructures) {
    std::string id = s["id"];
    auto f = std::find_if(result.files.begin(), result.files.end(), [&](auto& x) { return x.structure == id; });
    if (f != result.files.end()) {
      s["mesh"] = relativeTo(f->file, outDir);
      s["transform"] = transformJson(result.frame);
    } else if (options.missingBuiltin) {
      s["mesh"] = relativeTo(s["mesh"].get<std::string>(), outDir);
      s["transform"] = transformJson(carrier.maps.at(id).similarity);
      s["note"] = "Not in the imported set: the built-in model, fitted to the imported bones around it.";
    } else {
      continue;
    }
    structures.push_back(s);
  }
  return structures;
}

}  // namespace

ImportResult importAtlas(const ImportOptions& options) {
  // Before the fitting, so a mistyped --out costs no waiting.
  fs::path outParent = fs::absolute(options.out).parent_path();
  std::error_code ec;
  if (!fs::is_directory(outParent, ec)) throw OutputError(options.out, "directory " + outParent.string() + " does not exist");
  fs::path atlasFile = options.builtinAtlas.empty() ? builtinAtlasPath() : options.builtinAtlas;
  fs::path tableFile = options.table.empty() ? atlasFile.parent_path() / "import.json" : options.table;
  ImportTable table = loadImportTable(tableFile);
  ImportResult result;
  result.files = mapInputFiles(table, options);
  Atlas builtin = loadAtlas(atlasFile);
  Fitter fit{table, builtin, options, {}, {}, result};
  for (auto& s : builtin.structures) fit.builtinSamples[s.id] = surfaceSamples(*s.mesh, options.samples);
  for (auto& f : result.files)
    if (builtin.findStructure(f.structure) < 0)
      throw ImportError(f.file, "is mapped to " + f.structure + ", which the built-in atlas does not have (ids: psoas-atlas list)");
  // Files load in parallel (Assimp importers are independent); the first error is rethrown by get().
  std::vector<std::future<Part>> loading;
  for (auto& f : result.files)
    loading.push_back(std::async(std::launch::async, [&f, &options] {
      Mesh m = loadMesh(f.file);
      return Part{f.structure, f.file, surfaceSamples(m, options.samples), std::move(m.positions)};
    }));
  for (auto& l : loading) fit.parts.push_back(l.get());
  checkUnits(fit.parts, builtin, fit.builtinSamples);
  result.frame = fit.fitFrame();

  MapCarrier carrier;
  std::vector<std::future<SurfaceMap>> fitting;  // every structure on its own: in parallel
  for (auto& p : fit.parts)
    fitting.push_back(std::async(std::launch::async, [&fit, &p, &result] { return fit.registerPart(p, result.frame, true); }));
  for (std::size_t k = 0; k < fit.parts.size(); ++k) {
    const Part& p = fit.parts[k];
    SurfaceMap m = fitting[k].get();
    result.structureRms[p.id] = m.rms;
    if (m.rms > 0.004f)
      result.warnings.push_back(p.file.filename().string() + " fits the built-in " + p.id + " loosely (" +
                                std::to_string(int(m.rms * 1e3 + 0.5f)) + " mm RMS): is it the right structure?");
    carrier.maps[p.id] = m;
    carrier.trees.emplace(p.id, NearestPoints(fit.builtinSamples[p.id]));
    if (fit.isCarrier(p.id)) carrier.carriers.push_back(p.id);
  }
  if (carrier.carriers.empty()) throw ImportError(fit.parts.front().file, "the set holds no bone to carry the landmarks");
  std::vector<std::string> absent;
  for (auto& s : builtin.structures) {
    if (carrier.maps.count(s.id)) continue;
    if (!options.missingBuiltin) { absent.push_back(s.id); result.skippedMissing.push_back(s.id); continue; }
    carrier.maps[s.id] = fitMissing(fit.builtinSamples[s.id], carrier);
    carrier.trees.emplace(s.id, NearestPoints(fit.builtinSamples[s.id]));
    result.fittedMissing.push_back(s.id);
  }

  json doc = mergedBuiltinDocument(atlasFile);
  carryDocument(doc, carrier, absent, result.warnings);
  doc["structures"] = importedStructures(doc["structures"], result, carrier, options);
  doc["title"] = "Imported atlas: " + options.out.stem().string();
  doc["_comment"] = "Written by psoas-atlas import from " + std::to_string(result.files.size()) +
                    " model files; the built-in landmarks and motion data carried onto them, the teaching data as it is"
                    " (its shapes in bone frames built from the landmarks; docs/external-atlas.md).";
  std::string text = doc.dump(1);
  // Never write an atlas the program would refuse; what it would warn of when opened is said now.
  for (const std::string& w : parseAtlas(text, fs::absolute(options.out)).warnings) result.warnings.push_back(w);
  writeFileAtomic(options.out, text + "\n");
  result.atlas = std::move(doc);
  return result;
}

}  // namespace psoas
