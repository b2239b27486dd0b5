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

template <class T>
int refer(const Cursor& c, const std::vector<T>& list, const char* what) {
  std::string id = c.idStr();
  int i = lookUp(list, id);
  if (i < 0) c.fail(std::string("unknown ") + what + " " + quoteValue(id) + " (known: " + idList(list) + ")");
  return i;
}

template <class T>
std::vector<int> referAll(const Cursor& c, const std::vector<T>& list, const char* what) {
  std::vector<int> out;
  for (std::size_t i = 0; i < c.size(); ++i) out.push_back(refer(c[i], list, what));
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

glm::vec3 readPoint(const Cursor& c, const Atlas& atlas) {
  if (c.json().is_string()) return atlas.landmarks[std::size_t(refer(c, atlas.landmarks, "landmark"))].position;
  auto v = c.numbers(3);
  return {float(v[0]), float(v[1]), float(v[2])};
}

glm::vec3 readOffset(const Cursor& c) {
  glm::vec3 off(0.f);
  if (auto o = c.find("offset")) {
    auto v = o->numbers(3);
    off = {float(v[0]), float(v[1]), float(v[2])};
  }
  return off;
}

Shape readShape(const Cursor& c, const Atlas& atlas) {
  c.allowOnly({"at", "from", "to", "radius", "offset"});
  Shape s;
  glm::vec3 off = readOffset(c);
  if (auto at = c.find("at")) {
    if (c.find("from") || c.find("to")) c.fail("a shape is either a sphere (\"at\") or a capsule (\"from\", \"to\")");
    s.a = s.b = readPoint(*at, atlas) + off;
  } else if (c.find("from") || c.find("to")) {
    s.a = readPoint(c.at("from"), atlas) + off;
    s.b = readPoint(c.at("to"), atlas) + off;
  } else {
    c.fail("a shape needs \"at\" (sphere) or \"from\" and \"to\" (capsule)");
  }
  s.radius = float(c.at("radius").num(1e-5, 0.5));
  return s;
}

void readRegion(const Cursor& c, Atlas& atlas, int overlay) {
  c.allowOnly({"id", "style", "side", "structures", "name", "body_region", "text", "on", "shapes", "evidence", "sources"});
  Region r;
  r.id = newId(c, atlas.regions, "region");
  r.overlay = overlay;
  r.style = refer(c.at("style"), atlas.regionStyles, "region style");
  r.side = readSide(c.at("side"));
  r.structures = referAll(c.at("structures"), atlas.structures, "structure");
  if (r.structures.empty()) c.at("structures").fail("name at least one structure the region belongs to");
  r.name = c.at("name").nonEmptyStr();
  if (auto t = c.find("text")) r.text = t->str();
  if (auto b = c.find("body_region")) r.bodyRegion = b->nonEmptyStr();
  r.on = referAll(c.at("on"), atlas.structures, "structure");
  if (r.on.empty()) c.at("on").fail("name at least one structure to paint the region on");
  auto shapes = c.at("shapes");
  if (shapes.size() == 0) shapes.fail("a region needs at least one shape");
  if (shapes.size() > 32) shapes.fail("at most 32 shapes per region");
  for (std::size_t i = 0; i < shapes.size(); ++i) r.shapes.push_back(readShape(shapes[i], atlas));
  r.cite = readCitation(c, atlas);
  atlas.overlays[std::size_t(overlay)].regions.push_back(int(atlas.regions.size()));
  atlas.regions.push_back(std::move(r));
}

void readTriggerPoint(const Cursor& c, Atlas& atlas, int overlay) {
  c.allowOnly({"id", "name", "side", "structure", "at", "offset", "zones", "text", "evidence", "sources"});
  TriggerPoint t;
  t.id = newId(c, atlas.triggerPoints, "trigger point");
  t.overlay = overlay;
  t.name = c.at("name").nonEmptyStr();
  t.side = readSide(c.at("side"));
  t.structure = refer(c.at("structure"), atlas.structures, "structure");
  t.position = readPoint(c.at("at"), atlas) + readOffset(c);
  auto zones = c.at("zones");
  t.zones = referAll(zones, atlas.regions, "region");
  for (std::size_t i = 0; i < t.zones.size(); ++i)
    if (atlas.regions[std::size_t(t.zones[i])].overlay != overlay)
      zones[i].fail("zone \"" + atlas.regions[std::size_t(t.zones[i])].id + "\" belongs to another overlay");
  if (auto x = c.find("text")) t.text = x->str();
  t.cite = readCitation(c, atlas);
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
  if (auto s = c.find("structures")) set.structures = referAll(*s, atlas.structures, "structure");
  if (auto l = c.find("landmarks")) set.landmarks = referAll(*l, atlas.landmarks, "landmark");
  if (auto l = c.find("layer")) {
    set.hasLayer = true;
    set.layer = readLayer(*l);
  }
  if (set.structures.empty() && set.landmarks.empty() && !set.hasLayer)
    c.fail("a label set needs \"structures\", \"landmarks\" or \"layer\"");
  atlas.labelSets.push_back(std::move(set));
}

template <class F>
void eachItem(const std::vector<std::pair<const nlohmann::json*, fs::path>>& docs, const char* key, F f) {
  for (const auto& [doc, file] : docs) {
    Cursor root(*doc, file);
    if (auto list = root.find(key))
      for (std::size_t i = 0; i < list->size(); ++i) f((*list)[i]);
  }
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
  struct Scope {
    explicit Scope(IdIndex* i) { g_ids = i; }
    ~Scope() { g_ids = nullptr; }
  } scope(&ids);
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
