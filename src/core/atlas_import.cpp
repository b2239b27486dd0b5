// `psoas-atlas import`: which file is which structure, the frame fit and the per-structure registration.
// See atlas_import.hpp and docs/external-atlas.md.
#include "core/atlas_import.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <set>

#include <glm/geometric.hpp>

#include "core/atlas.hpp"
#include "core/file_util.hpp"
#include "core/mesh_loader.hpp"
#include "core/resources.hpp"

namespace psoas {
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

std::string lower(std::string s) {
  for (char& c : s) c = char(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// Words of a name: lower case, split at everything that is not a letter or digit.
std::vector<std::string> words(const std::string& s) {
  std::vector<std::string> out;
  std::string cur;
  for (char c : lower(s)) {
    if (std::isalnum(static_cast<unsigned char>(c))) cur += c;
    else if (!cur.empty()) { out.push_back(cur); cur.clear(); }
  }
  if (!cur.empty()) out.push_back(cur);
  return out;
}

std::string joined(const std::vector<std::string>& w, std::size_t from, std::size_t to) {
  std::string s;
  for (std::size_t i = from; i < to; ++i) s += (s.empty() ? "" : " ") + w[i];
  return s;
}

std::string listNames(const std::vector<std::string>& items) {
  std::string s;
  for (auto& i : items) s += (s.empty() ? "" : ", ") + i;
  return s;
}

}  // namespace

ImportTable loadImportTable(const fs::path& file) {
  json doc;
  try {
    doc = json::parse(readTextFile(file));
    ImportTable t;
    auto strings = [](const json& j, const char* key) {
      std::vector<std::string> out;
      for (auto& s : j.value(key, json::array())) out.push_back(lower(s.get<std::string>()));
      return out;
    };
    t.leftWords = strings(doc.at("side_words"), "left");
    t.rightWords = strings(doc.at("side_words"), "right");
    for (auto& e : doc.at("structures")) {
      ImportTable::Entry entry;
      entry.id = e.at("id").get<std::string>();
      entry.paired = e.value("paired", false);
      for (auto& n : strings(e, "names")) entry.names.push_back(joined(words(n), 0, words(n).size()));
      entry.names.push_back(joined(words(entry.id), 0, words(entry.id).size()));  // our own id counts as a name
      entry.ids = strings(e, "bodyparts3d");
      entry.idsLeft = strings(e, "bodyparts3d_left");
      entry.idsRight = strings(e, "bodyparts3d_right");
      t.entries.push_back(std::move(entry));
    }
    auto& frame = doc.at("frame");
    for (auto& h : frame.at("hip_centres"))
      t.hipCentres.push_back({h.at("landmark").get<std::string>(), h.at("bone").get<std::string>()});
    for (auto& o : frame.at("orientation")) t.orientation.push_back(o.get<std::string>());
    for (auto& g : doc.at("carrier_groups")) t.carrierGroups.push_back(g.get<std::string>());
    if (t.hipCentres.size() != 2) throw AtlasError(file, "frame.hip_centres: expected two hip centres");
    return t;
  } catch (const json::exception& e) {
    throw AtlasError(file, std::string("not a valid import table: ") + e.what());
  }
}

std::string matchStructure(const ImportTable& table, const std::string& fileStem) {
  auto w = words(fileStem);
  if (w.empty()) return "";
  auto has = [](const std::vector<std::string>& list, const std::string& s) {
    return std::find(list.begin(), list.end(), s) != list.end();
  };
  // BodyParts3D ids first: a file called "FJ3156_BP8542.obj" is T12 whatever else its name says.
  for (auto& e : table.entries)
    for (auto& word : w) {
      if (has(e.ids, word)) return e.id;
      if (has(e.idsLeft, word)) return e.id + "_l";
      if (has(e.idsRight, word)) return e.id + "_r";
    }
  std::string all = joined(w, 0, w.size());
  for (auto& e : table.entries) {
    if (!e.paired) {
      if (has(e.names, all)) return e.id;
      continue;
    }
    if (w.size() < 2) continue;
    // One side word at the start ("Left femur") or the end ("Femur.l", "femur_l").
    for (auto [side, rest] : {std::pair{w.front(), joined(w, 1, w.size())}, std::pair{w.back(), joined(w, 0, w.size() - 1)}}) {
      if (!has(e.names, rest)) continue;
      if (has(table.leftWords, side)) return e.id + "_l";
      if (has(table.rightWords, side)) return e.id + "_r";
    }
  }
  return "";
}

std::vector<ImportedFile> mapInputFiles(const ImportTable& table, const ImportOptions& options) {
  std::vector<fs::path> files;
  for (auto& in : options.inputs) {
    std::error_code ec;
    if (fs::is_directory(in, ec)) {
      std::vector<fs::path> found;
      for (auto& entry : fs::directory_iterator(in, ec))
        if (entry.is_regular_file(ec) && isSupportedModelFile(entry.path())) found.push_back(entry.path());
      if (found.empty()) throw ImportError(in, "the folder holds no model file Assimp reads");
      std::sort(found.begin(), found.end());
      files.insert(files.end(), found.begin(), found.end());
    } else {
      files.push_back(in);
    }
  }
  if (files.empty()) throw UsageError("import: no input files");
  std::vector<ImportedFile> out;
  std::vector<std::string> unmapped;
  std::set<std::string> mapUsed;
  for (auto& f : files) {
    std::string id;
    for (auto& [name, target] : options.maps)
      if (name == f.string() || name == f.filename().string() || name == f.stem().string()) { id = target; mapUsed.insert(name); }
    if (id.empty()) id = matchStructure(table, f.stem().string());
    if (id.empty()) unmapped.push_back(f.filename().string());
    else out.push_back({f, id});
  }
  if (!unmapped.empty())
    throw ImportError(files.front().parent_path() / unmapped.front(),
                      "no structure known for " + std::to_string(unmapped.size()) + " file(s): " + listNames(unmapped) +
                          "; name each with --map FILE=ID (ids: psoas-atlas list)");
  for (auto& [name, target] : options.maps)
    if (!mapUsed.count(name)) throw UsageError("import: --map " + name + "=" + target + " names no input file");
  for (std::size_t i = 0; i < out.size(); ++i)
    for (std::size_t j = i + 1; j < out.size(); ++j)
      if (out[i].structure == out[j].structure)
        throw ImportError(out[j].file, "is " + out[j].structure + ", and so is " + out[i].file.filename().string() +
                                           "; keep one or name one with --map FILE=ID");
  return out;
}

std::string describeImport(const ImportResult& r) {
  char buf[512];
  std::string s;
  auto line = [&](const std::string& l) { s += l + "\n"; };
  line("import: " + std::to_string(r.files.size()) + " model file(s)");
  if (!r.unit.empty())
    std::snprintf(buf, sizeof buf, "  units: %s (the landmark fit gave %.6g m per file unit)", r.unit.c_str(), double(r.fittedScale));
  else
    std::snprintf(buf, sizeof buf, "  units: no known unit matches; scale %.6g m per file unit from the fit", double(r.frame.scale));
  line(buf);
  const char* atlasAxes[3] = {"X (patient's left)", "Y (up)", "Z (anterior)"};
  for (int i = 0; i < 3; ++i) {
    glm::vec3 row(r.frame.rotation[0][i], r.frame.rotation[1][i], r.frame.rotation[2][i]);
    int best = 0;
    for (int k = 1; k < 3; ++k) if (std::abs(row[k]) > std::abs(row[best])) best = k;
    double off = std::acos(std::min(1.0, double(std::abs(row[best])))) * 180.0 / M_PI;
    std::snprintf(buf, sizeof buf, "  atlas %s = file %c%c (%.1f deg off)", atlasAxes[i], row[best] < 0 ? '-' : '+',
                  char('x' + best), off);
    line(buf);
  }
  std::snprintf(buf, sizeof buf, "  offset: [%.4f, %.4f, %.4f] m", double(r.frame.translation.x),
                double(r.frame.translation.y), double(r.frame.translation.z));
  line(buf);
  std::snprintf(buf, sizeof buf, "  femoral heads: left radius %.1f mm (fit residual %.2f mm), right %.1f mm (%.2f mm)",
                r.headRadius[0] * 1e3, r.headRms[0] * 1e3, r.headRadius[1] * 1e3, r.headRms[1] * 1e3);
  line(buf);
  std::snprintf(buf, sizeof buf, "  frame landmarks: %.1f mm RMS from the built-in atlas's (the individual's own shape)",
                r.frameRms * 1e3);
  line(buf);
  for (auto& [id, rms] : r.structureRms) {
    std::snprintf(buf, sizeof buf, "  registered %-22s %.2f mm RMS", id.c_str(), rms * 1e3);
    line(buf);
  }
  if (!r.fittedMissing.empty()) line("  taken from the built-in atlas and fitted: " + listNames(r.fittedMissing));
  if (!r.skippedMissing.empty()) line("  left out (not in the set): " + listNames(r.skippedMissing));
  for (auto& w : r.warnings) line("warning: " + w);
  return s;
}

}  // namespace psoas
