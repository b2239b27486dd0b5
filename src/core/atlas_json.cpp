// Atlas file format (schema 1). See docs/atlas-format.md.
#include <algorithm>
#include <memory>
#include <set>

#include <glm/matrix.hpp>

#include "core/atlas.hpp"
#include "core/color.hpp"
#include "core/errors.hpp"
#include "core/file_util.hpp"
#include "core/id_index.hpp"
#include "core/json_cursor.hpp"

namespace psoas {
namespace fs = std::filesystem;
using Cursor = JsonCursor<AtlasError>;

std::string describeJsonType(const nlohmann::json& j) {
  switch (j.type()) {
    case nlohmann::json::value_t::null: return "null";
    case nlohmann::json::value_t::object: return "an object";
    case nlohmann::json::value_t::array: return "an array";
    case nlohmann::json::value_t::string: return "the string " + quoteValue(j.get_ref<const std::string&>(), 40);
    case nlohmann::json::value_t::boolean: return j.get<bool>() ? "true" : "false";
    case nlohmann::json::value_t::number_integer:
    case nlohmann::json::value_t::number_unsigned:
    case nlohmann::json::value_t::number_float: return "the number " + j.dump();
    default: return "an unsupported value";
  }
}

nlohmann::json parseJsonText(std::string_view text, const fs::path& file,
                             void (*thrower)(const fs::path&, const std::string&)) {
  if (text.find_first_not_of(" \t\r\n") == std::string_view::npos) thrower(file, "file is empty, expected JSON");
  // Deeply nested input would only ever be an attack or an accident; refuse it before parsing.
  int depth = 0, maxDepth = 0;
  bool inString = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (inString) {
      if (c == '\\') ++i;
      else if (c == '"') inString = false;
    } else if (c == '"') inString = true;
    else if (c == '{' || c == '[') maxDepth = std::max(maxDepth, ++depth);
    else if (c == '}' || c == ']') --depth;
  }
  if (maxDepth > 64) thrower(file, "JSON is nested more than 64 levels deep");
  try {
    return nlohmann::json::parse(text.begin(), text.end());
  } catch (const nlohmann::json::parse_error& e) {
    std::size_t line = 1, col = 1;
    for (std::size_t i = 0; i + 1 < e.byte && i < text.size(); ++i) {
      if (text[i] == '\n') { ++line; col = 1; } else ++col;
    }
    std::string msg = e.what();
    auto pos = msg.find("syntax error");
    if (pos != std::string::npos) msg = msg.substr(pos);
    thrower(file, "invalid JSON at line " + std::to_string(line) + ", column " + std::to_string(col) + ": " + msg);
  } catch (const nlohmann::json::exception& e) {
    // For example a number too large for a double (1e400).
    std::string msg = e.what();
    auto pos = msg.find("] ");
    thrower(file, "invalid JSON: " + (pos == std::string::npos ? msg : msg.substr(pos + 2)));
  }
  return {};
}

namespace {

[[noreturn]] void throwAtlas(const fs::path& f, const std::string& w) { throw AtlasError(f, w); }

glm::vec3 readVec3(const Cursor& c) {
  auto v = c.numbers(3);
  return {float(v[0]), float(v[1]), float(v[2])};
}

glm::vec3 readDirection(const Cursor& c) {
  glm::vec3 v = readVec3(c);
  float len = std::sqrt(v.x * v.x + v.y * v.y + v.z * v.z);
  if (len < 1e-6f) c.fail("direction must not be the zero vector");
  return v / len;
}

// "axes": ["+x", "+z", "-y"] names, for atlas X, Y and Z in turn, the source axis that feeds it.
// Or, as `psoas-atlas import` writes it for a fitted frame, three rows of a rotation matrix
// ([[1, 0, 0], [0, 0, 1], [0, -1, 0]] is the same as the names above): an imported mesh set is seldom
// turned by whole quarter turns.
glm::mat3 readRotationRows(const Cursor& c) {
  if (c.size() != 3) c.fail("expected three rows of a rotation matrix");
  glm::mat3 m(0.f);  // m[col][row]
  for (int i = 0; i < 3; ++i) {
    glm::vec3 row = readVec3(c[i]);
    for (int j = 0; j < 3; ++j) m[j][i] = row[j];
  }
  glm::mat3 err = glm::transpose(m) * m;
  for (int i = 0; i < 3; ++i)
    for (int j = 0; j < 3; ++j)
      if (std::abs(err[i][j] - (i == j ? 1.f : 0.f)) > 1e-3f) c.fail("the rows must be orthonormal (a rotation)");
  if (glm::determinant(m) < 0.f) c.fail("the rows must form a rotation, not a mirror");
  return m;
}

glm::mat3 readAxes(const Cursor& c) {
  if (c.size() > 0 && c[0].json().is_array()) return readRotationRows(c);
  std::string error;
  int which = -1;
  auto m = axesFromNames(c.strings(), error, which);
  if (!m) (which >= 0 ? c[std::size_t(which)] : c).fail(error);
  return *m;
}

MeshTransform readTransform(const Cursor& c, MeshTransform base) {
  c.allowOnly({"scale", "axes", "offset"});
  if (auto s = c.find("scale")) base.scale = float(s->num(1e-9, 1e9));
  if (auto a = c.find("axes")) base.axes = readAxes(*a);
  if (auto o = c.find("offset")) base.offset = readVec3(*o);
  return base;
}

Structure readStructure(const Cursor& c, const fs::path& baseDir, const MeshTransform& defaults) {
  c.allowOnly({"id", "name", "latin", "group", "side", "aliases", "mesh", "node", "transform", "color", "opacity",
               "description", "note", "sources", "label", "facts", "segment", "segment_blend",
               "skinned"});
  Structure s;
  s.id = c.at("id").idStr();
  for (char ch : s.id)
    if (!(std::isalnum(static_cast<unsigned char>(ch)) || ch == '_' || ch == '-'))
      c.at("id").fail("ids may hold only letters, digits, '_' and '-', got " + quoteValue(s.id));
  s.name = c.at("name").nonEmptyStr();
  if (auto l = c.find("latin")) s.latin = l->str();
  s.group = c.at("group").idStr();
  s.side = c.at("side").nonEmptyStr();
  if (s.side != "left" && s.side != "right" && s.side != "midline")
    c.at("side").fail("expected \"left\", \"right\" or \"midline\", got " + quoteValue(s.side));
  if (auto a = c.find("aliases")) s.aliases = a->strings();
  std::string mesh = c.at("mesh").idStr();
  s.meshFile = fs::path(mesh).is_absolute() ? fs::path(mesh) : (baseDir / mesh).lexically_normal();
  if (auto n = c.find("node")) s.node = n->idStr();
  s.transform = defaults;
  if (auto t = c.find("transform")) s.transform = readTransform(*t, defaults);
  auto color = c.at("color");
  auto rgba = parseColor(color.str());
  if (!rgba) color.fail("expected a colour like \"#d9c8a9\", got " + quoteValue(color.str()));
  s.color = glm::vec3(*rgba);
  if (auto o = c.find("opacity")) s.opacity = float(o->num(0.0, 1.0));
  s.description = c.at("description").str();
  if (auto n = c.find("note")) s.note = n->str();
  if (auto l = c.find("label")) s.label = l->nonEmptyStr();
  if (auto g = c.find("segment")) s.segment = g->idStr();  // resolved by parseMotion
  if (auto k = c.find("skinned")) s.skinned = k->boolean();
  auto src = c.at("sources");
  s.sources = src.strings();
  return s;
}

ViewPreset readView(const Cursor& c) {
  c.allowOnly({"id", "name", "direction", "up", "key"});
  ViewPreset v;
  v.id = c.at("id").idStr();
  v.name = c.at("name").nonEmptyStr();
  v.direction = readDirection(c.at("direction"));
  v.up = readDirection(c.at("up"));
  if (std::abs(glm::dot(v.direction, v.up)) > 0.99f) c.at("up").fail("up must not be parallel to direction");
  if (auto k = c.find("key")) {
    v.key = k->str();
    if (v.key.size() != 1 || v.key[0] < '0' || v.key[0] > '9') k->fail("expected a single digit \"0\"..\"9\"");
  }
  return v;
}

}  // namespace

std::optional<glm::mat3> axesFromNames(const std::vector<std::string>& names, std::string& error, int& which) {
  which = -1;
  if (names.size() != 3) {
    error = "expected three axis names like [\"+x\", \"+z\", \"-y\"], got " + std::to_string(names.size());
    return std::nullopt;
  }
  glm::mat3 m(0.f);  // m[col][row]
  std::set<char> used;
  for (int i = 0; i < 3; ++i) {
    std::string n = names[std::size_t(i)];
    float sign = 1.f;
    if (!n.empty() && (n[0] == '+' || n[0] == '-')) { sign = n[0] == '-' ? -1.f : 1.f; n = n.substr(1); }
    which = i;
    if (n.size() != 1 || n[0] < 'x' || n[0] > 'z') {
      error = "expected an axis name such as \"+x\" or \"-z\", got " + quoteValue(names[std::size_t(i)]);
      return std::nullopt;
    }
    if (!used.insert(n[0]).second) {
      error = "axis " + quoteValue(n) + " is used twice";
      return std::nullopt;
    }
    m[n[0] - 'x'][i] = sign;
  }
  which = -1;
  return m;
}

namespace {

void readGroups(const Cursor& root, Atlas& atlas, IdIndex& ids) {
  auto groups = root.find("groups");
  if (!groups) {
    atlas.groups = {{"bone", "Bones"}, {"disc", "Discs"}, {"muscle", "Muscles"}, {"ligament", "Ligaments"},
                    {"surface", "Surface"}};
    return;
  }
  for (std::size_t i = 0; i < groups->size(); ++i) {
    auto g = (*groups)[i];
    g.allowOnly({"id", "name"});
    Group grp{g.at("id").idStr(), g.at("name").nonEmptyStr()};
    if (ids.find(atlas.groups, grp.id) >= 0) g.at("id").fail("duplicate group id " + quoteValue(grp.id));
    atlas.groups.push_back(grp);
  }
}

void readStructures(const Cursor& root, const fs::path& baseDir, const MeshTransform& defaults, Atlas& atlas,
                    IdIndex& ids) {
  auto list = root.at("structures");
  if (list.size() == 0) list.fail("the atlas has no structures");
  for (std::size_t i = 0; i < list.size(); ++i) {
    Structure s = readStructure(list[i], baseDir, defaults);
    if (ids.find(atlas.structures, s.id) >= 0) list[i].at("id").fail("duplicate structure id " + quoteValue(s.id));
    if (ids.find(atlas.groups, s.group) < 0) {
      std::string known;
      for (auto& g : atlas.groups) known += (known.empty() ? "" : ", ") + g.id;
      list[i].at("group").fail("unknown group " + quoteValue(s.group) + " (groups: " + known + ")");
    }
    atlas.structures.push_back(std::move(s));
  }
}

void readViews(const Cursor& root, Atlas& atlas, IdIndex& ids) {
  auto views = root.find("views");
  if (!views) {
    atlas.views = standardViews();
    return;
  }
  for (std::size_t i = 0; i < views->size(); ++i) {
    ViewPreset v = readView((*views)[i]);
    if (ids.find(atlas.views, v.id) >= 0) (*views)[i].at("id").fail("duplicate view id " + quoteValue(v.id));
    atlas.views.push_back(v);
  }
}

// A later included file may move a landmark an earlier file (or the atlas) defines: an individual's own
// points over a shared set. Within one file a second definition is still a mistake.
struct LandmarkReader {
  Atlas& atlas;
  IdIndex& ids;
  std::vector<std::size_t> fileOf;  // per landmark: which document defined it last (0: the atlas)

  void read(const Cursor& doc, std::size_t docIndex) {
    auto lm = doc.find("landmarks");
    if (!lm) return;
    for (std::size_t i = 0; i < lm->size(); ++i) {
      auto c = (*lm)[i];
      c.allowOnly({"id", "name", "position", "segment", "aliases", "construction"});
      Landmark l{c.at("id").idStr(), c.at("name").nonEmptyStr(), readVec3(c.at("position")), ""};
      if (auto g = c.find("segment")) l.segment = g->idStr();  // checked by parseMotion
      if (auto a = c.find("aliases")) l.aliases = a->idStrings();
      if (auto k = c.find("construction")) l.construction = k->boolean();
      if (int old = ids.find(atlas.landmarks, l.id); old >= 0) {
        if (fileOf[std::size_t(old)] == docIndex) c.at("id").fail("duplicate landmark id " + quoteValue(l.id));
        atlas.landmarks[std::size_t(old)] = l;
        fileOf[std::size_t(old)] = docIndex;
        continue;
      }
      atlas.landmarks.push_back(l);
      fileOf.push_back(docIndex);
    }
  }
};

// Included files hold more lists of the same kinds; each error names the file it is in. The documents
// stay owned by `included` while the teaching and motion parsers read them.
void readIncludes(const Cursor& root, const fs::path& file, LandmarkReader& landmarks,
                  std::vector<std::unique_ptr<nlohmann::json>>& included,
                  std::vector<std::pair<const nlohmann::json*, fs::path>>& docs) {
  auto inc = root.find("include");
  if (!inc) return;
  const fs::path baseDir = file.parent_path();
  std::vector<fs::path> files;
  for (std::size_t i = 0; i < inc->size(); ++i) {
    fs::path f = (*inc)[i].idStr();
    if (f.is_relative()) f = (baseDir / f).lexically_normal();
    if (f == file || std::find(files.begin(), files.end(), f) != files.end())
      (*inc)[i].fail("" + quoteValue(f.string()) + " is included twice");
    std::string text;
    try {
      text = readTextFile(f);
    } catch (const FileError& e) {
      (*inc)[i].fail(std::string("cannot read the included file: ") + e.what());
    }
    included.push_back(std::make_unique<nlohmann::json>(parseJsonText(text, f, throwAtlas)));
    files.push_back(f);
    Cursor sub(*included.back(), f);
    sub.allowOnly({"schema", "generated_by", "paths", "landmarks", "frames", "evidence_levels", "region_styles",
                   "overlays", "symptoms", "fact_sheets", "label_sets", "segments", "coordinates", "joints", "landmark_segments",
                   "wrap_surfaces", "muscle_paths", "poses", "gait_cycles"});
    if (auto sch = sub.find("schema"); sch && sch->integer(0, 1000000) != 1) sch->fail("this program reads schema 1");
    landmarks.read(sub, files.size());
    docs.push_back({included.back().get(), f});
  }
}

}  // namespace

Atlas parseAtlas(std::string_view text, const fs::path& file) {
  nlohmann::json doc = parseJsonText(text, file, throwAtlas);
  Cursor root(doc, file);
  root.allowOnly({"schema", "title", "disclaimer", "mesh_defaults", "groups", "structures", "views", "landmarks",
                 "frames", "include", "evidence_levels", "region_styles", "overlays", "symptoms", "fact_sheets", "label_sets",
                 "segments", "coordinates", "joints", "landmark_segments", "wrap_surfaces", "muscle_paths", "poses",
                 "gait_cycles"});
  long long schema = root.at("schema").integer(0, 1000000);
  if (schema != 1)
    root.at("schema").fail("this program reads atlas schema 1, the file has schema " + std::to_string(schema));
  Atlas atlas;
  IdIndex ids;
  atlas.file = file;
  atlas.title = root.at("title").nonEmptyStr();
  if (auto d = root.find("disclaimer")) atlas.disclaimer = d->str();
  MeshTransform defaults;
  if (auto md = root.find("mesh_defaults")) defaults = readTransform(*md, defaults);
  readGroups(root, atlas, ids);
  readStructures(root, file.parent_path(), defaults, atlas, ids);
  readViews(root, atlas, ids);
  LandmarkReader landmarks{atlas, ids, {}};
  landmarks.read(root, 0);
  std::vector<std::pair<const nlohmann::json*, fs::path>> docs{{&doc, file}};
  std::vector<std::unique_ptr<nlohmann::json>> included;
  readIncludes(root, file, landmarks, included, docs);
  parseFrames(atlas, docs);  // after every landmark: a frame follows a landmark a later file moves
  parseTeaching(atlas, docs);
  parseMotion(atlas, docs);
  return atlas;
}

}  // namespace psoas
