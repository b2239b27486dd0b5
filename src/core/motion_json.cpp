// Motion data (docs/motion-format.md) from the atlas document and its included files, in dependency
// order (segments, coordinates, joints, then what refers to them), every reference checked. Errors
// name the file and the JSON path, like the rest of the atlas format.
#include <algorithm>
#include <cmath>

#include <glm/geometric.hpp>

#include "core/atlas.hpp"
#include "core/errors.hpp"
#include "core/file_util.hpp"
#include "core/json_cursor.hpp"
#include "core/motion.hpp"

namespace psoas {
namespace fs = std::filesystem;
using Cursor = JsonCursor<AtlasError>;
using Docs = std::vector<std::pair<const nlohmann::json*, fs::path>>;

namespace {

template <class F>
void eachItem(const Docs& docs, const char* key, F f) {
  for (const auto& [doc, file] : docs) {
    Cursor root(*doc, file);
    if (auto list = root.find(key))
      for (std::size_t i = 0; i < list->size(); ++i) f((*list)[i]);
  }
}

// Letters, digits, '_' and '-' only (so no NUL or control characters), unique within `taken`.
std::string readId(const Cursor& c, bool taken, const char* what) {
  std::string id = c.nonEmptyStr();
  for (char ch : id)
    if (!(std::isalnum(static_cast<unsigned char>(ch)) || ch == '_' || ch == '-'))
      c.fail("ids may hold only letters, digits, '_' and '-', got " + quoteValue(id));
  if (taken) c.fail(std::string("duplicate ") + what + " id \"" + id + "\"");
  return id;
}

template <class T>
int referTo(const Cursor& c, const std::vector<T>& list, const char* what) {
  std::string id = c.nonEmptyStr();
  for (std::size_t i = 0; i < list.size(); ++i)
    if (list[i].id == id) return int(i);
  std::string known;
  for (std::size_t i = 0; i < list.size() && i < 16; ++i) known += (known.empty() ? "" : ", ") + list[i].id;
  c.fail(std::string("unknown ") + what + " " + quoteValue(id) + " (known: " +
         (known.empty() ? "none defined" : known) + ")");
}

int segmentOf(const Cursor& c, const Skeleton& sk) { return referTo(c, sk.segments, "segment"); }

glm::vec3 readVec3(const Cursor& c) {
  auto v = c.numbers(3);
  return {float(v[0]), float(v[1]), float(v[2])};
}

glm::vec3 readUnit(const Cursor& c) {
  glm::vec3 v = readVec3(c);
  if (glm::length(v) < 1e-6f) c.fail("direction must not be the zero vector");
  return glm::normalize(v);
}

// A point: [x, y, z], a landmark id, or {"between": [landmark, landmark]} (their midpoint).
glm::vec3 readPlace(const Cursor& c, const Atlas& atlas) {
  auto landmark = [&](const Cursor& l) { return atlas.landmarks[std::size_t(referTo(l, atlas.landmarks, "landmark"))].position; };
  if (c.json().is_string()) return landmark(c);
  if (c.json().is_object()) {
    c.allowOnly({"between"});
    auto b = c.at("between");
    if (b.size() != 2) b.fail("expected two landmark ids");
    return (landmark(b[0]) + landmark(b[1])) * 0.5f;
  }
  return readVec3(c);
}

std::vector<std::string> readSources(const Cursor& c) {
  auto src = c.at("sources");
  auto out = src.strings();
  if (out.empty()) src.fail("list at least one source");
  return out;
}

void readSegment(const Cursor& c, Skeleton& sk) {
  c.allowOnly({"id", "name", "parent"});
  Segment s;
  s.id = readId(c.at("id"), sk.findSegment(c.at("id").str()) >= 0, "segment");
  s.name = c.at("name").nonEmptyStr();
  if (auto p = c.find("parent")) {
    // Parents are listed first: the order is then a valid evaluation order and no cycle can exist.
    s.parent = sk.findSegment(p->nonEmptyStr());
    if (s.parent < 0) p->fail("unknown parent segment " + quoteValue(p->str()) + " (a parent must be listed before its children)");
  } else if (!sk.segments.empty()) {
    c.fail("only the first segment (the root) may have no \"parent\"");
  }
  sk.segments.push_back(s);
}

void readCoordinate(const Cursor& c, Skeleton& sk) {
  c.allowOnly({"id", "name", "range", "sources"});
  Coordinate co;
  co.id = readId(c.at("id"), sk.findCoordinate(c.at("id").str()) >= 0, "joint");
  co.name = c.at("name").nonEmptyStr();
  auto r = c.at("range");
  auto v = r.numbers(2);
  if (v[0] > 0 || v[1] < 0 || v[0] >= v[1]) r.fail("expected [min, max] degrees with min < 0 <= max or min <= 0 < max (standing, 0, must be allowed)");
  if (v[0] < -360 || v[1] > 360) r.fail("a range must stay within -360..360 degrees");
  co.minDeg = v[0];
  co.maxDeg = v[1];
  co.sources = readSources(c);
  sk.coordinates.push_back(co);
}

void readJoint(const Cursor& c, Skeleton& sk, const Atlas& atlas) {
  c.allowOnly({"id", "name", "child", "centre", "dofs", "sources"});
  Joint j;
  bool taken = std::any_of(sk.joints.begin(), sk.joints.end(), [&](const Joint& o) { return o.id == c.at("id").str(); });
  j.id = readId(c.at("id"), taken, "joint");
  j.name = c.at("name").nonEmptyStr();
  j.child = segmentOf(c.at("child"), sk);
  if (sk.segments[std::size_t(j.child)].joint >= 0) c.at("child").fail("segment \"" + sk.segments[std::size_t(j.child)].id + "\" already has a joint");
  j.centre = readPlace(c.at("centre"), atlas);
  auto dofs = c.at("dofs");
  if (dofs.size() == 0 || dofs.size() > 6) dofs.fail("expected 1 to 6 rotations");
  for (std::size_t i = 0; i < dofs.size(); ++i) {
    auto d = dofs[i];
    d.allowOnly({"joint", "axis", "ratio"});
    JointDof dof;
    dof.coordinate = referTo(d.at("joint"), sk.coordinates, "joint");
    dof.axis = readUnit(d.at("axis"));
    if (auto r = d.find("ratio")) dof.ratio = r->num(1e-6, 1.0);
    j.dofs.push_back(dof);
  }
  j.sources = readSources(c);
  sk.segments[std::size_t(j.child)].joint = int(sk.joints.size());
  sk.joints.push_back(j);
}

// A coordinate spread over several joints must add up to itself: lumbar flexion of 30 deg is 30 deg
// from T12 to S1 in all, however the levels share it.
void checkRatios(const Skeleton& sk, const Cursor& where) {
  for (std::size_t c = 0; c < sk.coordinates.size(); ++c) {
    double sum = 0;
    int uses = 0;
    for (const auto& j : sk.joints)
      for (const auto& d : j.dofs)
        if (d.coordinate == int(c)) { sum += d.ratio; ++uses; }
    if (uses == 0) where.fail("joint \"" + sk.coordinates[c].id + "\" moves no joint (no dof uses it)");
    if (std::abs(sum - 1.0) > 1e-3)
      where.fail("the ratios of joint \"" + sk.coordinates[c].id + "\" add up to " + std::to_string(sum) + ", expected 1");
  }
  for (std::size_t s = 1; s < sk.segments.size(); ++s)
    if (sk.segments[s].joint < 0) where.fail("segment \"" + sk.segments[s].id + "\" has no joint to its parent");
}

// Which segment each structure and landmark moves with; with a skeleton, every one must say.
void readMembership(const Docs& docs, Atlas& atlas) {
  const Skeleton& sk = atlas.motion.skeleton;
  Cursor root(*docs.front().first, docs.front().second);
  auto list = root.at("structures");
  for (std::size_t i = 0; i < list.size() && i < atlas.structures.size(); ++i) {
    Structure& s = atlas.structures[i];
    auto c = list[i];
    auto seg = c.find("segment");
    if (!seg) c.fail("structure \"" + s.id + "\" names no \"segment\" to move with (segments: " + [&] {
      std::string k; for (auto& g : sk.segments) k += (k.empty() ? "" : ", ") + g.id; return k; }() + ")");
    segmentOf(*seg, sk);
    if (auto b = c.find("segment_blend")) {
      b->allowOnly({"with", "weight", "along"});
      int other = segmentOf(b->at("with"), sk);
      int mine = sk.findSegment(s.segment);
      s.blendSegment = b->at("with").str();
      s.blendWeight = float(b->at("weight").num(0.0, 1.0));
      // Turn about the joint between the two segments (a disc about its own centre).
      const Segment &so = sk.segments[std::size_t(other)], &sm = sk.segments[std::size_t(mine)];
      int joint = so.parent == mine ? so.joint : sm.parent == other ? sm.joint : -1;
      if (joint < 0) b->at("with").fail("segment \"" + s.blendSegment + "\" is not joined to \"" + s.segment + "\"");
      s.blendCentre = sk.joints[std::size_t(joint)].centre;
      // "along": [from, to]: its mesh blends vertex by vertex, from `segment` at `from`'s end to `with`
      // at `to`'s, so a disc wedges with its vertebrae instead of turning as one piece.
      if (auto al = b->find("along")) {
        if (al->size() != 2) al->fail("expected [from, to]: two landmark ids or points");
        s.blendFrom = readPlace((*al)[0], atlas);
        s.blendTo = readPlace((*al)[1], atlas);
        if (glm::length(s.blendTo - s.blendFrom) < 1e-4f) al->fail("the two ends must differ");
        s.blendAlong = true;
      }
    }
  }
  for (const auto& [doc, file] : docs) {
    Cursor d(*doc, file);
    auto m = d.find("landmark_segments");
    if (!m) continue;
    m->expectObject();
    for (auto it = m->json().begin(); it != m->json().end(); ++it) {
      if (!it.key().empty() && it.key()[0] == '_') continue;
      if (sk.findSegment(it.key()) < 0) m->fail("unknown segment " + quoteValue(it.key()));
      Cursor seg(*it, file, m->path() + "." + it.key());
      for (std::size_t k = 0; k < seg.size(); ++k) {
        int l = referTo(seg[k], atlas.landmarks, "landmark");
        if (!atlas.landmarks[std::size_t(l)].segment.empty()) seg[k].fail("landmark \"" + atlas.landmarks[std::size_t(l)].id + "\" already has a segment");
        atlas.landmarks[std::size_t(l)].segment = it.key();
      }
    }
  }
  for (const auto& l : atlas.landmarks)
    if (sk.findSegment(l.segment) < 0)
      root.fail("landmark \"" + l.id + "\" moves with no segment (give it a \"segment\" or list it in \"landmark_segments\")");
}

void readWrap(const Cursor& c, MotionData& m) {
  c.allowOnly({"id", "type", "segment", "centre", "axis", "side", "radius", "half_length", "sources"});
  WrapSurface w;
  w.id = readId(c.at("id"), findId(m.wraps, c.at("id").str()) >= 0, "wrap surface");
  if (c.at("type").str() != "cylinder") c.at("type").fail("expected \"cylinder\" (the only wrap type so far)");
  w.segment = segmentOf(c.at("segment"), m.skeleton);
  w.centre = readVec3(c.at("centre"));
  w.axis = readUnit(c.at("axis"));
  w.side = readUnit(c.at("side"));
  if (std::abs(glm::dot(w.axis, w.side)) > 1e-3f) c.at("side").fail("side must be perpendicular to the axis");
  w.radius = float(c.at("radius").num(1e-4, 1.0));
  if (auto h = c.find("half_length")) w.halfLength = float(h->num(0.0, 1.0));
  w.sources = readSources(c);
  m.wraps.push_back(w);
}

void readMusclePath(const Cursor& c, MotionData& m, const Atlas& atlas) {
  c.allowOnly({"muscle", "points", "moment_arm_joint", "readout", "sources"});
  MusclePath p;
  p.structure = referTo(c.at("muscle"), atlas.structures, "structure");
  p.muscle = atlas.structures[std::size_t(p.structure)].id;
  if (m.findMuscle(p.muscle)) c.at("muscle").fail("structure \"" + p.muscle + "\" already has a path");
  auto pts = c.at("points");
  if (pts.size() < 2) pts.fail("a path needs at least an origin and an insertion");
  for (std::size_t i = 0; i < pts.size(); ++i) {
    auto q = pts[i];
    q.allowOnly({"role", "segment", "position", "wrap"});
    PathPoint pt;
    std::string role = q.at("role").str();
    if (role == "origin") pt.role = PathPoint::Role::Origin;
    else if (role == "insertion") pt.role = PathPoint::Role::Insertion;
    else if (role != "via") q.at("role").fail("expected \"origin\", \"via\" or \"insertion\", got " + quoteValue(role));
    bool last = i + 1 == pts.size();
    if ((i == 0 && pt.role != PathPoint::Role::Origin) || last != (pt.role == PathPoint::Role::Insertion))
      q.at("role").fail("the first point must be an origin, the last the insertion, and only the last");
    pt.segment = segmentOf(q.at("segment"), m.skeleton);
    pt.position = readVec3(q.at("position"));
    if (auto w = q.find("wrap")) {
      if (last) w->fail("the insertion has no span after it to wrap");
      pt.wrap = referTo(*w, m.wraps, "wrap surface");
    }
    p.points.push_back(pt);
  }
  // The length runs from the highest origin (issue 15): the first point must be the highest one.
  for (std::size_t i = 1; i < p.points.size(); ++i)
    if (p.points[i].role == PathPoint::Role::Origin && p.points[i].position.y > p.points[0].position.y)
      pts[i].fail("an origin above the first point: list the highest origin first");
  if (auto ma = c.find("moment_arm_joint")) p.momentArmCoordinate = referTo(*ma, m.skeleton.coordinates, "joint");
  if (auto r = c.find("readout")) p.readout = r->boolean();
  p.sources = readSources(c);
  m.muscles.push_back(p);
}

std::map<std::string, double> readAngles(const Cursor& c, const Skeleton& sk) {
  c.expectObject();
  std::map<std::string, double> out;
  for (auto it = c.json().begin(); it != c.json().end(); ++it) {
    int k = sk.findCoordinate(it.key());
    // Fail on the object, not the key's own path: the key may hold control characters.
    if (k < 0) c.fail("unknown joint " + quoteValue(it.key()) + " (joints: " + sk.coordinateIds() + ")");
    const Coordinate& co = sk.coordinates[std::size_t(k)];
    out[it.key()] = c.at(it.key()).num(co.minDeg, co.maxDeg);
  }
  return out;
}

void readPose(const Cursor& c, MotionData& m, const Atlas& atlas) {
  c.allowOnly({"id", "name", "joints", "view", "caption", "evidence", "sources"});
  PosePreset p;
  p.id = readId(c.at("id"), m.findPose(c.at("id").str()) != nullptr, "pose");
  p.name = c.at("name").nonEmptyStr();
  p.pose.preset = p.id;
  p.pose.joints = readAngles(c.at("joints"), m.skeleton);
  p.view = c.at("view").nonEmptyStr();
  if (!atlas.findView(p.view)) c.at("view").fail("unknown view " + quoteValue(p.view) + " (views: " + atlas.viewIds() + ")");
  p.caption = c.at("caption").nonEmptyStr();
  p.evidence = referTo(c.at("evidence"), atlas.evidenceLevels, "evidence level");
  p.sources = readSources(c);
  m.poses.push_back(p);
}

void readGait(const Cursor& c, MotionData& m, const Atlas& atlas) {
  c.allowOnly({"id", "name", "cadence_steps_per_min", "percent", "channels", "evidence", "sources"});
  GaitCycle g;
  g.id = readId(c.at("id"), m.findGait(c.at("id").str()) != nullptr, "gait cycle");
  g.name = c.at("name").nonEmptyStr();
  g.cadence = c.at("cadence_steps_per_min").num(20, 300);
  auto pc = c.at("percent");
  if (pc.size() < 4) pc.fail("expected at least 4 samples from 0 to 100");
  for (std::size_t i = 0; i < pc.size(); ++i) {
    g.percent.push_back(pc[i].num(0, 100));
    if (i > 0 && g.percent[i] <= g.percent[i - 1]) pc[i].fail("percentages must increase");
  }
  if (g.percent.front() != 0 || g.percent.back() != 100) pc.fail("the samples must run from 0 to 100 %");
  auto chs = c.at("channels");
  for (std::size_t i = 0; i < chs.size(); ++i) {
    auto ch = chs[i];
    ch.allowOnly({"joint", "degrees", "shift_percent"});
    GaitCycle::Channel out;
    out.coordinate = referTo(ch.at("joint"), m.skeleton.coordinates, "joint");
    for (const auto& o : g.channels)
      if (o.coordinate == out.coordinate) ch.at("joint").fail("this joint already has a channel");
    const Coordinate& co = m.skeleton.coordinates[std::size_t(out.coordinate)];
    auto deg = ch.at("degrees");
    if (deg.size() != g.percent.size()) deg.fail("expected one angle per percent sample (" + std::to_string(g.percent.size()) + ")");
    for (std::size_t k = 0; k < deg.size(); ++k) out.degrees.push_back(deg[k].num(co.minDeg, co.maxDeg));
    // The cycle repeats: 100 % is the next 0 %.
    if (out.degrees.back() != out.degrees.front()) deg.fail("the angle at 100 % must equal the angle at 0 % (a cycle)");
    if (auto s = ch.find("shift_percent")) out.shiftPercent = s->num(0, 100);
    g.channels.push_back(out);
  }
  g.evidence = referTo(c.at("evidence"), atlas.evidenceLevels, "evidence level");
  g.sources = readSources(c);
  m.gaits.push_back(g);
}

}  // namespace

void parseMotion(Atlas& atlas, const Docs& docs) {
  MotionData& m = atlas.motion;
  eachItem(docs, "segments", [&](const Cursor& c) { readSegment(c, m.skeleton); });
  eachItem(docs, "coordinates", [&](const Cursor& c) {
    if (m.skeleton.empty()) c.fail("joints need segments");
    readCoordinate(c, m.skeleton);
  });
  eachItem(docs, "joints", [&](const Cursor& c) { readJoint(c, m.skeleton, atlas); });
  if (m.skeleton.empty()) {
    // No skeleton: a static atlas. Anything that would need one is an error, not silently ignored.
    for (const char* key : {"wrap_surfaces", "muscle_paths", "poses", "gait_cycles", "landmark_segments"})
      for (const auto& [doc, file] : docs)
        if (auto x = Cursor(*doc, file).find(key)) x->fail("needs a skeleton (\"segments\" and \"joints\")");
    return;
  }
  Cursor rootCursor(*docs.front().first, docs.front().second);
  checkRatios(m.skeleton, rootCursor);
  readMembership(docs, atlas);
  eachItem(docs, "wrap_surfaces", [&](const Cursor& c) { readWrap(c, m); });
  eachItem(docs, "muscle_paths", [&](const Cursor& c) { readMusclePath(c, m, atlas); });
  eachItem(docs, "poses", [&](const Cursor& c) { readPose(c, m, atlas); });
  eachItem(docs, "gait_cycles", [&](const Cursor& c) { readGait(c, m, atlas); });
}

}  // namespace psoas
