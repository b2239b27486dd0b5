// Teaching data (docs/teaching-format.md): read from the atlas document and its included files, in
// dependency order (levels and styles before the regions that use them), every reference checked.
#include <algorithm>
#include <cmath>

#include <glm/common.hpp>
#include <glm/geometric.hpp>
#include <glm/vector_relational.hpp>

#include "core/atlas.hpp"
#include "core/color.hpp"
#include "core/errors.hpp"
#include "core/id_index.hpp"
#include "core/file_util.hpp"
#include "core/json_cursor.hpp"

namespace psoas {
namespace fs = std::filesystem;
using Cursor = JsonCursor<AtlasError>;

const char* layerName(Overlay::Layer layer) {
  return layer == Overlay::Layer::Referral ? "referral" : "attachments";
}

namespace {

// The lists being filled while parseTeaching runs (ids are checked and resolved through it, see IdIndex).
thread_local IdIndex* g_ids = nullptr;

// What parseTeaching found wrong or missing while reading, so that a file's author hears of every bad
// reference at once (not one per run), and an included file written for a fuller atlas still loads.
struct References {
  bool lenient = false;     // the item is in an included file: structures the atlas lacks are skipped
  bool skipped = false;     // the item at hand needs a missing structure (or a skipped item) and is left out
  std::vector<std::pair<std::filesystem::path, std::string>> errors;  // (file, "json.path: what")
  std::vector<std::string> missing;                                    // structure ids, first seen first
  std::vector<std::filesystem::path> missingIn;                        // the files that named them
  std::vector<std::string> skippedRegions;                             // ids of regions left out
  int regionsLeftOut = 0, triggerPointsLeftOut = 0, otherLeftOut = 0;
};
thread_local References* g_refs = nullptr;

template <class T>
int lookUp(const std::vector<T>& list, std::string_view id) {
  return g_ids ? g_ids->find(list, id) : findId(list, id);
}

template <class T>
std::string idList(const std::vector<T>& list) {
  std::string s;
  for (std::size_t i = 0; i < list.size() && i < 12; ++i) s += (s.empty() ? "" : ", ") + list[i].id;
  if (list.size() > 12) s += ", ...";
  return s.empty() ? "none defined" : s;
}

// The index `c` names in `list`. Unknown: -1, and recorded in g_refs (an error, or in an included file a
// structure the atlas lacks, or a region left out for one: the item is then skipped); without g_refs it throws.
template <class T>
int refer(const Cursor& c, const std::vector<T>& list, const char* what) {
  std::string id = c.idStr();
  int i = lookUp(list, id);
  if (i >= 0) return i;
  References* refs = g_refs;
  const std::string_view kind = what;
  if (refs && refs->lenient && kind == "structure") {
    if (std::find(refs->missing.begin(), refs->missing.end(), id) == refs->missing.end()) refs->missing.push_back(id);
    if (std::find(refs->missingIn.begin(), refs->missingIn.end(), c.file()) == refs->missingIn.end())
      refs->missingIn.push_back(c.file());
    refs->skipped = true;
    return -1;
  }
  if (refs && kind == "region" &&
      std::find(refs->skippedRegions.begin(), refs->skippedRegions.end(), id) != refs->skippedRegions.end()) {
    refs->skipped = true;
    return -1;
  }
  const std::string msg = std::string("unknown ") + what + " " + quoteValue(id) + " (known: " + idList(list) + ")";
  if (!refs) c.fail(msg);
  refs->errors.push_back({c.file(), (c.path().empty() ? std::string("(top level)") : c.path()) + ": " + msg});
  return -1;
}

// Every index the list names; the unknown ones (see refer) are left out. `gone`: some were skipped.
template <class T>
std::vector<int> referAll(const Cursor& c, const std::vector<T>& list, const char* what, bool* gone = nullptr) {
  std::vector<int> out;
  const bool wasSkipped = g_refs && g_refs->skipped;
  for (std::size_t i = 0; i < c.size(); ++i)
    if (int k = refer(c[i], list, what); k >= 0) out.push_back(k);
  if (g_refs && !wasSkipped && g_refs->skipped) {
    if (gone) *gone = true;
    g_refs->skipped = false;  // a list loses the missing entries; the item needing them decides
  }
  return out;
}

// The item's "id": letters, digits, '_' and '-' only, and not yet used by another `what` in `list`.
template <class T>
std::string newId(const Cursor& item, const std::vector<T>& list, const char* what) {
  const Cursor c = item.at("id");
  std::string id = c.idStr();
  for (char ch : id)
    if (!(std::isalnum(static_cast<unsigned char>(ch)) || ch == '_' || ch == '-'))
      c.fail("ids may hold only letters, digits, '_' and '-', got " + quoteValue(id));
  if (lookUp(list, id) >= 0) c.fail(std::string("duplicate ") + what + " id " + quoteValue(id));
  return id;
}

Citation readCitation(const Cursor& c, const Atlas& atlas) {
  Citation cite;
  cite.evidence = refer(c.at("evidence"), atlas.evidenceLevels, "evidence level");
  auto src = c.at("sources");
  cite.sources = src.strings();
  if (cite.sources.empty()) src.fail("list at least one source");
  return cite;
}

Overlay::Layer readLayer(const Cursor& c) {
  std::string layer = c.nonEmptyStr();
  if (layer == "referral") return Overlay::Layer::Referral;
  if (layer != "attachments") c.fail("expected \"attachments\" or \"referral\", got " + quoteValue(layer));
  return Overlay::Layer::Attachments;
}

std::string readSide(const Cursor& c) {
  std::string side = c.nonEmptyStr();
  if (side != "left" && side != "right" && side != "midline")
    c.fail("expected \"left\", \"right\" or \"midline\", got " + quoteValue(side));
  return side;
}

// A landmark id (its position, whatever the frame) or [x, y, z]: in `frame`'s local coordinates when the
// item names one, else in the atlas frame.
glm::vec3 readPoint(const Cursor& c, const Atlas& atlas, const BoneFrame* frame = nullptr) {
  if (c.json().is_string()) {
    int l = refer(c, atlas.landmarks, "landmark");
    return l >= 0 ? atlas.landmarks[std::size_t(l)].position : glm::vec3(0.f);  // an error is recorded
  }
  auto v = c.numbers(3);
  const glm::vec3 p{float(v[0]), float(v[1]), float(v[2])};
  return frame ? frame->toAtlas(p) : p;
}

glm::vec3 readOffset(const Cursor& c, const BoneFrame* frame = nullptr) {
  glm::vec3 off(0.f);
  if (auto o = c.find("offset")) {
    auto v = o->numbers(3);
    off = {float(v[0]), float(v[1]), float(v[2])};
  }
  return frame ? frame->vectorToAtlas(off) : off;
}

// The frame an item names with "frame", or none (also for an unknown id: recorded, reported with the rest).
const BoneFrame* readFrameRef(const Cursor& c, const Atlas& atlas) {
  auto f = c.find("frame");
  if (!f) return nullptr;
  const int i = refer(*f, atlas.frames, "frame");
  return i >= 0 ? &atlas.frames[std::size_t(i)] : nullptr;
}

Shape readShape(const Cursor& c, const Atlas& atlas) {
  c.allowOnly({"at", "from", "to", "radius", "offset", "frame"});
  Shape s;
  const BoneFrame* frame = readFrameRef(c, atlas);
  glm::vec3 off = readOffset(c, frame);
  if (auto at = c.find("at")) {
    if (c.find("from") || c.find("to")) c.fail("a shape is either a sphere (\"at\") or a capsule (\"from\", \"to\")");
    s.a = s.b = readPoint(*at, atlas, frame) + off;
  } else if (c.find("from") || c.find("to")) {
    s.a = readPoint(c.at("from"), atlas, frame) + off;
    s.b = readPoint(c.at("to"), atlas, frame) + off;
  } else {
    c.fail("a shape needs \"at\" (sphere) or \"from\" and \"to\" (capsule)");
  }
  // In a frame the radius is local too: a region on a bigger bone of an individual is bigger with it.
  s.radius = float(c.at("radius").num(1e-5, 0.5)) * (frame ? frame->scale : 1.f);
  return s;
}

// A region that belongs to, or is painted on, only structures the atlas lacks is left out (an included file
// written for a fuller atlas); one that loses some of them keeps the rest.
void readRegion(const Cursor& c, Atlas& atlas, int overlay) {
  c.allowOnly({"id", "style", "side", "structures", "name", "body_region", "text", "on", "shapes", "evidence", "sources",
               "facing"});
  Region r;
  // Opt-in: on the built-in spine the test broke the psoas origin's strip into patches (the muscle's mean
  // point lies in front of the bodies' lateral faces), so only regions that ask for it get it.
  r.facing = false;
  if (auto f = c.find("facing")) r.facing = f->boolean();
  r.id = newId(c, atlas.regions, "region");
  r.overlay = overlay;
  r.style = refer(c.at("style"), atlas.regionStyles, "region style");
  r.side = readSide(c.at("side"));
  bool gone = false;
  r.structures = referAll(c.at("structures"), atlas.structures, "structure", &gone);
  if (r.structures.empty() && !gone && c.at("structures").size() == 0)
    c.at("structures").fail("name at least one structure the region belongs to");
  r.name = c.at("name").nonEmptyStr();
  if (auto t = c.find("text")) r.text = t->str();
  if (auto b = c.find("body_region")) r.bodyRegion = b->nonEmptyStr();
  bool goneOn = false;
  r.on = referAll(c.at("on"), atlas.structures, "structure", &goneOn);
  if (r.on.empty() && !goneOn && c.at("on").size() == 0) c.at("on").fail("name at least one structure to paint the region on");
  auto shapes = c.at("shapes");
  if (shapes.size() == 0) shapes.fail("a region needs at least one shape");
  if (shapes.size() > 32) shapes.fail("at most 32 shapes per region");
  for (std::size_t i = 0; i < shapes.size(); ++i) r.shapes.push_back(readShape(shapes[i], atlas));
  r.cite = readCitation(c, atlas);
  if (g_refs && ((gone && r.structures.empty()) || (goneOn && r.on.empty()))) {
    g_refs->skippedRegions.push_back(r.id);
    ++g_refs->regionsLeftOut;
    return;
  }
  if (r.structures.empty() || r.on.empty()) return;  // an unknown id: recorded, reported with the others
  atlas.overlays[std::size_t(overlay)].regions.push_back(int(atlas.regions.size()));
  atlas.regions.push_back(std::move(r));
}

void readTriggerPoint(const Cursor& c, Atlas& atlas, int overlay) {
  c.allowOnly({"id", "name", "side", "structure", "at", "offset", "frame", "zones", "text", "evidence", "sources"});
  TriggerPoint t;
  t.id = newId(c, atlas.triggerPoints, "trigger point");
  t.overlay = overlay;
  t.name = c.at("name").nonEmptyStr();
  t.side = readSide(c.at("side"));
  if (g_refs) g_refs->skipped = false;
  t.structure = refer(c.at("structure"), atlas.structures, "structure");
  const bool missing = g_refs && g_refs->skipped;
  const BoneFrame* frame = readFrameRef(c, atlas);
  t.position = readPoint(c.at("at"), atlas, frame) + readOffset(c, frame);
  auto zones = c.at("zones");
  t.zones = referAll(zones, atlas.regions, "region");
  for (std::size_t i = 0; i < t.zones.size(); ++i)
    if (atlas.regions[std::size_t(t.zones[i])].overlay != overlay)
      zones[i].fail("zone \"" + atlas.regions[std::size_t(t.zones[i])].id + "\" belongs to another overlay");
  if (auto x = c.find("text")) t.text = x->str();
  t.cite = readCitation(c, atlas);
  if (missing) {
    g_refs->skipped = false;
    ++g_refs->triggerPointsLeftOut;
    return;
  }
  if (t.structure < 0) return;  // an unknown id: recorded
  atlas.overlays[std::size_t(overlay)].triggerPoints.push_back(int(atlas.triggerPoints.size()));
  atlas.triggerPoints.push_back(std::move(t));
}

void readOverlay(const Cursor& c, Atlas& atlas) {
  c.allowOnly({"id", "name", "layer", "regions", "trigger_points"});
  Overlay o;
  o.id = newId(c, atlas.overlays, "overlay");
  o.name = c.at("name").nonEmptyStr();
  o.layer = readLayer(c.at("layer"));
  int index = int(atlas.overlays.size());
  atlas.overlays.push_back(std::move(o));
  auto regions = c.at("regions");
  for (std::size_t i = 0; i < regions.size(); ++i) readRegion(regions[i], atlas, index);
  if (auto tps = c.find("trigger_points"))
    for (std::size_t i = 0; i < tps->size(); ++i) readTriggerPoint((*tps)[i], atlas, index);
}

void readSymptom(const Cursor& c, Atlas& atlas) {
  c.allowOnly({"id", "name", "evidence", "explanation", "advice", "regions", "structures", "red_flag", "sources"});
  Symptom s;
  s.id = newId(c, atlas.symptoms, "symptom");
  s.name = c.at("name").nonEmptyStr();
  s.explanation = c.at("explanation").nonEmptyStr();
  if (auto a = c.find("advice")) s.advice = a->str();
  if (auto rf = c.find("red_flag")) s.redFlag = rf->boolean();
  if (s.redFlag && s.advice.empty()) c.fail("a red-flag symptom needs \"advice\" (what to do, e.g. see a clinician)");
  // A symptom stays when some of what it names is missing: its words hold without the picture.
  if (auto r = c.find("regions")) s.regions = referAll(*r, atlas.regions, "region");
  if (auto r = c.find("structures")) s.structures = referAll(*r, atlas.structures, "structure");
  s.cite = readCitation(c, atlas);
  atlas.symptoms.push_back(std::move(s));
}

void readFactSheet(const Cursor& c, Atlas& atlas) {
  c.allowOnly({"id", "facts"});
  FactSheet sheet;
  sheet.id = newId(c, atlas.factSheets, "fact sheet");
  auto facts = c.at("facts");
  for (std::size_t i = 0; i < facts.size(); ++i) {
    auto f = facts[i];
    f.allowOnly({"topic", "text", "evidence", "sources"});
    sheet.facts.push_back({f.at("topic").nonEmptyStr(), f.at("text").nonEmptyStr(), readCitation(f, atlas)});
  }
  atlas.factSheets.push_back(std::move(sheet));
}

void readLabelSet(const Cursor& c, Atlas& atlas) {
  c.allowOnly({"id", "name", "structures", "landmarks", "layer"});
  LabelSet set;
  set.id = newId(c, atlas.labelSets, "label set");
  set.name = c.at("name").nonEmptyStr();
  bool gone = false;
  if (auto s = c.find("structures")) set.structures = referAll(*s, atlas.structures, "structure", &gone);
  if (auto l = c.find("landmarks")) set.landmarks = referAll(*l, atlas.landmarks, "landmark");
  if (auto l = c.find("layer")) {
    set.hasLayer = true;
    set.layer = readLayer(*l);
  }
  if (set.structures.empty() && set.landmarks.empty() && !set.hasLayer) {
    if (gone) {  // every structure it names is missing here
      ++g_refs->otherLeftOut;
      return;
    }
    if (!(g_refs && !g_refs->errors.empty())) c.fail("a label set needs \"structures\", \"landmarks\" or \"layer\"");
  }
  atlas.labelSets.push_back(std::move(set));
}

template <class F>
void eachItem(const std::vector<std::pair<const nlohmann::json*, fs::path>>& docs, const char* key, F f) {
  for (std::size_t d = 0; d < docs.size(); ++d) {
    Cursor root(*docs[d].first, docs[d].second);
    if (g_refs) g_refs->lenient = d > 0;  // the atlas's own file names only its own structures
    if (auto list = root.find(key))
      for (std::size_t i = 0; i < list->size(); ++i) {
        if (g_refs) g_refs->skipped = false;
        f((*list)[i]);
      }
  }
  if (g_refs) g_refs->lenient = false;
}

// One error for every bad reference, grouped by file (the first file's first); one warning for every
// structure the included files name and the atlas lacks.
void reportReferences(Atlas& atlas, const References& refs) {
  if (!refs.errors.empty()) {
    const fs::path first = refs.errors.front().first;
    if (refs.errors.size() == 1) throw AtlasError(first, refs.errors.front().second);  // "file: path: what", as ever
    std::string msg = std::to_string(refs.errors.size()) + (refs.errors.size() == 1 ? " bad reference:" : " bad references:");
    for (const auto& [file, what] : refs.errors)
      if (file == first) msg += "\n  " + what;
    for (const auto& [file, what] : refs.errors)
      if (file != first) msg += "\n  " + file.string() + ": " + what;
    throw AtlasError(first, msg);
  }
  if (refs.missing.empty()) return;
  std::string ids, files, what;
  for (const auto& id : refs.missing) ids += (ids.empty() ? "" : ", ") + quoteValue(id);
  for (const auto& f : refs.missingIn) files += (files.empty() ? "" : ", ") + f.filename().string();
  auto count = [&](int n, const char* one, const char* many) {
    if (n > 0) what += (what.empty() ? "" : ", ") + std::to_string(n) + " " + (n == 1 ? one : many);
  };
  count(refs.regionsLeftOut, "region", "regions");
  count(refs.triggerPointsLeftOut, "trigger point", "trigger points");
  count(refs.otherLeftOut, "label set", "label sets");
  atlas.warnings.push_back(atlas.file.string() + ": " + files + " name" + (refs.missingIn.size() == 1 ? "s" : "") +
                           " structures this atlas lacks, skipped: " + ids +
                           (what.empty() ? "" : " (left out with them: " + what + ")"));
}

}  // namespace

namespace {
// The shaders take a fixed number of shapes per painted structure: more would be dropped without a word.
void checkShapeCounts(const Atlas& atlas) {
  std::vector<std::size_t> count(atlas.structures.size(), 0);
  for (const Region& r : atlas.regions)
    for (int on : r.on) count[std::size_t(on)] += r.shapes.size();
  for (std::size_t i = 0; i < count.size(); ++i)
    if (count[i] > std::size_t(kMaxRegionShapes))
      throw AtlasError(atlas.file, "structure " + quoteValue(atlas.structures[i].id) + " is painted by " +
                                       std::to_string(count[i]) + " region shapes, more than the " +
                                       std::to_string(kMaxRegionShapes) + " one structure can show");
}
}  // namespace

void parseTeaching(Atlas& atlas, const std::vector<std::pair<const nlohmann::json*, fs::path>>& docs) {
  IdIndex ids;
  References refs;
  struct Scope {
    Scope(IdIndex* i, References* r) { g_ids = i; g_refs = r; }
    ~Scope() { g_ids = nullptr; g_refs = nullptr; }
  } scope(&ids, &refs);
  eachItem(docs, "evidence_levels", [&](const Cursor& c) {
    c.allowOnly({"id", "name", "description"});
    EvidenceLevel e{newId(c, atlas.evidenceLevels, "evidence level"), c.at("name").nonEmptyStr(), ""};
    if (auto d = c.find("description")) e.description = d->str();
    atlas.evidenceLevels.push_back(e);
  });
  eachItem(docs, "region_styles", [&](const Cursor& c) {
    c.allowOnly({"id", "name", "color", "pattern", "border"});
    RegionStyle s;
    s.id = newId(c, atlas.regionStyles, "region style");
    s.name = c.at("name").nonEmptyStr();
    auto rgba = parseColor(c.at("color").str());
    if (!rgba) c.at("color").fail("expected a colour like \"#d7301f\", got \"" + c.at("color").str() + "\"");
    s.color = glm::vec3(*rgba);
    std::string pattern = c.at("pattern").nonEmptyStr();
    if (pattern == "solid") s.pattern = RegionStyle::Pattern::Solid;
    else if (pattern == "stipple") s.pattern = RegionStyle::Pattern::Stipple;
    else c.at("pattern").fail("expected \"solid\" or \"stipple\", got " + quoteValue(pattern));
    if (auto b = c.find("border")) s.border = b->boolean();
    atlas.regionStyles.push_back(s);
  });
  if (atlas.regionStyles.size() > kMaxRegionStyles)
    throw AtlasError(atlas.file, "region_styles: at most " + std::to_string(kMaxRegionStyles) + " styles are supported");
  eachItem(docs, "overlays", [&](const Cursor& c) { readOverlay(c, atlas); });
  checkShapeCounts(atlas);
  eachItem(docs, "symptoms", [&](const Cursor& c) { readSymptom(c, atlas); });
  eachItem(docs, "fact_sheets", [&](const Cursor& c) { readFactSheet(c, atlas); });
  eachItem(docs, "label_sets", [&](const Cursor& c) { readLabelSet(c, atlas); });
  // Structures name their fact sheet; resolved last because sheets may come from an included file.
  const auto& [rootDoc, rootFile] = docs.front();
  Cursor root(*rootDoc, rootFile);
  if (auto list = root.find("structures"))
    for (std::size_t i = 0; i < list->size() && i < atlas.structures.size(); ++i)
      if (auto f = (*list)[i].find("facts")) atlas.structures[i].factSheet = refer(*f, atlas.factSheets, "fact sheet");
  reportReferences(atlas, refs);
}

std::vector<int> layerStructures(const Atlas& atlas, Overlay::Layer layer, bool paintedOn) {
  std::vector<int> out;
  for (const auto& r : atlas.regions)
    if (atlas.overlays[std::size_t(r.overlay)].layer == layer)
      for (int s : paintedOn ? r.on : r.structures)
        if (std::find(out.begin(), out.end(), s) == out.end()) out.push_back(s);
  return out;
}

std::vector<int> layerStyles(const Atlas& atlas, Overlay::Layer layer) {
  std::vector<int> out;
  for (const auto& r : atlas.regions)
    if (atlas.overlays[std::size_t(r.overlay)].layer == layer && std::find(out.begin(), out.end(), r.style) == out.end())
      out.push_back(r.style);
  std::sort(out.begin(), out.end());
  return out;
}

Bounds shapeBounds(const Shape& shape) {
  Bounds b;
  b.min = glm::min(shape.a, shape.b) - shape.radius;
  b.max = glm::max(shape.a, shape.b) + shape.radius;
  return b;
}

bool overlaps(const Bounds& a, const Bounds& b) {
  return !glm::any(glm::lessThan(a.max, b.min)) && !glm::any(glm::greaterThan(a.min, b.max));
}

namespace {
float shapeDistance(const Shape& s, const glm::vec3& p) {
  glm::vec3 ab = s.b - s.a;
  float len2 = ab.x * ab.x + ab.y * ab.y + ab.z * ab.z;
  float t = len2 > 0.f ? std::clamp(((p.x - s.a.x) * ab.x + (p.y - s.a.y) * ab.y + (p.z - s.a.z) * ab.z) / len2, 0.f, 1.f) : 0.f;
  glm::vec3 q = s.a + ab * t - p;
  return std::sqrt(q.x * q.x + q.y * q.y + q.z * q.z) - s.radius;
}
}  // namespace

float regionDistance(const Region& region, const glm::vec3& p) {
  float best = 1e9f;
  for (const Shape& s : region.shapes) best = std::min(best, shapeDistance(s, p));
  return best;
}

TriangleSplit splitByReach(const Mesh& mesh, const std::vector<std::uint32_t>& indices, const std::vector<Shape>& shapes,
                           float margin) {
  TriangleSplit out;
  for (std::size_t t = 0; t + 2 < indices.size(); t += 3) {
    const glm::vec3 &p0 = mesh.positions[indices[t]], &p1 = mesh.positions[indices[t + 1]], &p2 = mesh.positions[indices[t + 2]];
    const glm::vec3 c = (p0 + p1 + p2) / 3.f;
    const float r = std::sqrt(std::max({glm::dot(p0 - c, p0 - c), glm::dot(p1 - c, p1 - c), glm::dot(p2 - c, p2 - c)}));
    bool near = false;
    for (std::size_t k = 0; k < shapes.size() && !near; ++k) near = shapeDistance(shapes[k], c) - r <= margin;
    auto& to = near ? out.near : out.far;
    to.insert(to.end(), {indices[t], indices[t + 1], indices[t + 2]});
  }
  return out;
}

}  // namespace psoas
