#include "core/view_state.hpp"

#include <fstream>
#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>

#include <glm/gtc/quaternion.hpp>

#include "core/actions.hpp"
#include "core/atlas.hpp"
#include "core/color.hpp"
#include "core/errors.hpp"
#include "core/file_util.hpp"
#include "core/json_cursor.hpp"
#include "core/pins.hpp"
#include "core/png_metadata.hpp"

namespace psoas {
namespace fs = std::filesystem;
using Cursor = JsonCursor<StateError>;
using nlohmann::json;

namespace {
[[noreturn]] void throwState(const fs::path& f, const std::string& w) { throw StateError(f, w); }

glm::vec3 vec3(const Cursor& c) {
  auto v = c.numbers(3);
  return {float(v[0]), float(v[1]), float(v[2])};
}

Camera readCamera(const Cursor& c) {
  c.allowOnly({"target", "distance", "orientation", "fov_deg", "scene_radius"});
  Camera cam;
  auto t = c.at("target");
  t.expectArray();
  if (t.size() != 3) t.fail("expected 3 numbers, got " + std::to_string(t.size()));
  for (int i = 0; i < 3; ++i) cam.target[i] = float(t[std::size_t(i)].num(-kMaxSceneCoordinate, kMaxSceneCoordinate));
  cam.distance = float(c.at("distance").num(kMinCameraDistance, kMaxCameraDistance));
  auto q = c.at("orientation").numbers(4);
  glm::quat o{float(q[0]), float(q[1]), float(q[2]), float(q[3])};
  float len = glm::length(o);
  if (len < 1e-6f) c.at("orientation").fail("quaternion must not be zero");
  // Normalise only what needs it: re-normalising a unit quaternion changes its last bits, and a state
  // saved again and again must not drift.
  cam.orientation = std::abs(len - 1.f) > 1e-5f ? o / len : o;
  if (auto f = c.find("fov_deg")) cam.fovY = glm::radians(float(f->num(1.0, 170.0)));
  cam.sceneRadius = 0.f;  // 0: derive from the visible structures when applied
  if (auto r = c.find("scene_radius")) cam.sceneRadius = float(r->num(1e-6, kMaxSceneRadius));
  return cam;
}

FigureSettings readFigure(const Cursor& c) {
  c.allowOnly({"size", "ssaa", "dpi", "background", "transparent"});
  FigureSettings f;
  if (auto s = c.find("size")) {
    s->expectArray();
    if (s->size() != 2) s->fail("expected [width, height]");
    f.width = int((*s)[0].integer(16, 16384));
    f.height = int((*s)[1].integer(16, 16384));
  }
  if (auto s = c.find("ssaa")) f.ssaa = int(s->integer(1, 4));
  if (auto d = c.find("dpi")) f.dpi = float(d->num(10, 10000));
  if (auto b = c.find("background")) {
    auto col = parseColor(b->str());
    if (!col) b->fail("expected a colour like \"#ffffff\", got " + quoteValue(b->str()));
    f.background = glm::vec4(glm::vec3(*col), 1.f);
  }
  if (auto t = c.find("transparent")) f.transparent = t->boolean();
  return f;
}
// {"preset": "sitting", "joints": {"hip_flexion_l": 75, ...}}: ranges are checked against the atlas
// when the state is applied; here only the form, and ids free of control characters.
Pose readPose(const Cursor& c) {
  c.allowOnly({"preset", "joints"});
  Pose pose;
  auto validId = [](const Cursor& at, const std::string& id) {
    if (id.empty()) at.fail("an id must not be empty");
    for (char ch : id)
      if (!(std::isalnum(static_cast<unsigned char>(ch)) || ch == '_' || ch == '-'))
        at.fail("ids may hold only letters, digits, '_' and '-', got " + quoteValue(id));
  };
  if (auto p = c.find("preset")) {
    pose.preset = p->str();
    validId(*p, pose.preset);
  }
  // A preset alone ({"preset": "sitting"}) stands for its angles: resolved where the atlas is known.
  auto j = c.find("joints");
  if (!j) {
    if (pose.preset.empty()) c.fail("a pose needs \"preset\" or \"joints\"");
    return pose;
  }
  j->expectObject();
  for (auto it = j->json().begin(); it != j->json().end(); ++it) {
    validId(*j, it.key());  // before the key becomes part of a path in a message
    pose.joints[it.key()] = j->at(it.key()).num(-360, 360);
  }
  return pose;
}

// [{"structure": "psoas_major_r", "point_mm": [x, y, z], "triangle": 812, "barycentric": [a, b, c],
//   "text": "tender here"}]: the form only; ids, triangles and distances are checked against the atlas
// when the state is applied.
std::vector<PinSpec> readPins(const Cursor& c) {
  c.expectArray();
  if (c.size() > kMaxPins) c.fail("at most " + std::to_string(kMaxPins) + " pins, got " + std::to_string(c.size()));
  std::vector<PinSpec> pins;
  for (std::size_t k = 0; k < c.size(); ++k) {
    Cursor p = c[k];
    p.allowOnly({"structure", "point_mm", "triangle", "barycentric", "text"});
    PinSpec pin;
    pin.structure = p.at("structure").idStr();
    pin.point = vec3(p.at("point_mm")) * 0.001f;
    auto tri = p.find("triangle");
    auto bary = p.find("barycentric");
    if (bool(tri) != bool(bary)) p.fail("\"triangle\" and \"barycentric\" come together (or neither)");
    if (tri) {
      pin.triangle = int(tri->integer(0, 1000000000));
      pin.bary = vec3(*bary);
      for (int i = 0; i < 3; ++i)
        if (pin.bary[i] < -1e-3f || pin.bary[i] > 1.001f) bary->fail("each weight must be between 0 and 1");
      if (std::abs(pin.bary.x + pin.bary.y + pin.bary.z - 1.f) > 1e-3f) bary->fail("the three weights must add up to 1");
    }
    if (auto t = p.find("text")) {
      pin.text = t->str();
      if (pin.text.size() > kMaxPinText)
        t->fail("a pin's text is at most " + std::to_string(kMaxPinText) + " bytes, got " + std::to_string(pin.text.size()));
      if (hasControlChars(pin.text)) t->fail("a pin's text is one line without control characters");
    }
    pins.push_back(std::move(pin));
  }
  return pins;
}

// The file's pin `k` on the atlas's surface (see PinSpec); StateError naming `source` and the field.
Pin resolvePin(const Atlas& atlas, int structure, const PinSpec& spec, std::size_t k, const fs::path& source) {
  const std::string at = "pins[" + std::to_string(k) + "]";
  const Mesh* mesh = atlas.structures[std::size_t(structure)].mesh.get();
  if (!mesh) throw StateError(source, at + ".structure: " + quoteValue(spec.structure) + " has no mesh to pin to");
  if (spec.triangle >= 0) {
    if (std::size_t(spec.triangle) >= mesh->triangleCount())
      throw StateError(source, at + ".triangle: " + std::to_string(spec.triangle) + " is out of range (" + spec.structure +
                                   " has " + std::to_string(mesh->triangleCount()) + " triangles)");
    Pin exact{structure, spec.triangle, spec.bary, spec.text};
    if (glm::length(pinRestPoint(atlas, exact) - spec.point) <= 0.0005f) return exact;
  }
  float distance = 0.f;
  Pin pin = *pinNear(atlas, nullptr, structure, spec.point, &distance);
  if (distance > kMaxPinDistance) {
    char mm[32];
    std::snprintf(mm, sizeof mm, "%.1f", double(distance) * 1000.0);
    throw StateError(source, at + ".point_mm: " + mm + " mm from the surface of " + spec.structure + " (a pin must lie on its structure, within " +
                                 std::to_string(int(kMaxPinDistance * 1000.f)) + " mm)");
  }
  pin.text = spec.text;
  return pin;
}
}  // namespace

float FigureSettings::lineScale() const {
  if (dpi > 0.f) return dpi / 96.f;
  return std::max(float(std::max(width, height)) / 1000.f, 0.5f);
}

glm::vec4 FigureSettings::clearColor() const {
  return transparent ? glm::vec4(glm::vec3(background), 0.f) : background;
}

ViewState parseViewState(std::string_view text, const fs::path& file) {
  json doc = parseJsonText(text, file, throwState);
  return readViewState(doc, file, "");
}

ViewState readViewState(const json& doc, const fs::path& file, const std::string& path) {
  Cursor root(doc, file, path);
  root.allowOnly({"format", "version", "atlas", "view", "camera", "hidden", "opacity", "selected", "ghost", "figure",
                 "outline", "clip", "overlays", "referral_side", "symptom", "labels", "legend",
                 "overlay_intensity", "region_colors", "pose", "pins"});
  if (root.at("format").str() != ViewState::kFormat)
    root.at("format").fail(std::string("expected \"") + ViewState::kFormat + "\", this is not a view state");
  long long version = root.at("version").integer(1, 1000000);
  if (version > ViewState::kVersion)
    root.at("version").fail("the file is version " + std::to_string(version) + ", written by a newer Psoas Atlas; "
                            "this one reads up to version " + std::to_string(ViewState::kVersion));
  // Older versions are migrated here as the format grows; version 1 is the first.
  ViewState s;
  if (auto a = root.find("atlas")) s.atlas = a->json() == "" ? std::string() : a->idStr();
  if (auto v = root.find("view")) s.view = v->idStr();
  if (auto c = root.find("camera")) s.camera = readCamera(*c);
  if (auto h = root.find("hidden")) s.hidden = h->idStrings();
  if (auto o = root.find("opacity")) {
    o->expectObject();
    for (auto it = o->json().begin(); it != o->json().end(); ++it) {
      if (it.key().empty() || hasControlChars(it.key()))
        o->fail("the key " + quoteValue(it.key()) + " is not a structure id (empty, or control characters)");
      Cursor value(*it, file, o->path() + "." + it.key());
      s.opacity[it.key()] = float(value.num(0.0, 1.0));
    }
  }
  if (auto sel = root.find("selected")) s.selected = sel->json() == "" ? std::string() : sel->idStr();
  if (auto g = root.find("ghost")) s.ghost = g->boolean();
  if (auto f = root.find("figure")) s.figure = readFigure(*f);
  if (auto o = root.find("outline")) s.outline = o->idStrings();
  if (auto c = root.find("clip")) {
    c->allowOnly({"axis", "offset_mm", "flip"});
    ClipPlane plane;
    plane.enabled = true;
    std::string axis = c->at("axis").str();
    if (!parseClipAxis(axis, plane.axis)) c->at("axis").fail("expected \"sagittal\", \"coronal\" or \"transverse\", got " + quoteValue(axis));
    if (auto off = c->find("offset_mm")) plane.offset = float(off->num(-5000, 5000) * 0.001);
    if (auto fl = c->find("flip")) plane.flip = fl->boolean();
    s.clip = plane;
  }
  if (auto o = root.find("overlays")) s.overlays = o->idStrings();
  if (auto r = root.find("referral_side")) {
    s.referralSide = r->str();
    if (s.referralSide != "left" && s.referralSide != "right" && s.referralSide != "both")
      r->fail("expected \"left\", \"right\" or \"both\", got " + quoteValue(s.referralSide));
  }
  if (auto sy = root.find("symptom")) s.symptom = sy->json() == "" ? std::string() : sy->idStr();
  if (auto l = root.find("labels")) {
    l->allowOnly({"sets", "add", "remove"});
    if (auto x = l->find("sets")) s.labelSets = x->idStrings();
    if (auto x = l->find("add")) s.labelsAdded = x->idStrings();
    if (auto x = l->find("remove")) s.labelsRemoved = x->idStrings();
  }
  if (auto g = root.find("legend")) s.legend = g->boolean();
  if (auto i = root.find("overlay_intensity")) s.overlayIntensity = float(i->num(0.1, 1.0));
  if (auto rc = root.find("region_colors")) {
    rc->expectObject();
    for (auto it = rc->json().begin(); it != rc->json().end(); ++it) {
      Cursor c(*it, file, rc->path() + "." + it.key());
      auto col = parseColor(c.str());
      if (!col) c.fail("expected a colour like \"#d7301f\", got " + quoteValue(c.str()));
      s.regionColors[it.key()] = glm::vec3(*col);
    }
  }
  if (auto p = root.find("pose")) s.pose = readPose(*p);
  if (auto p = root.find("pins")) s.pins = readPins(*p);
  return s;
}

ViewState loadViewState(const fs::path& file) {
  checkInputFile(file, kMaxPngBytes);
  std::string head(8, '\0');
  std::ifstream(file, std::ios::binary).read(head.data(), 8);
  if (isPng(head)) {
    PngMetadata meta = readPngMetadata(file);
    auto it = meta.text.find(kViewStateChunkKey);
    if (it == meta.text.end())
      throw StateError(file, "this PNG holds no Psoas Atlas view state (it was not exported by Psoas Atlas)");
    return parseViewState(it->second, file);
  }
  return parseViewState(readTextFile(file, kMaxJsonBytes), file);
}

std::string serializeViewState(const ViewState& s) {
  json j;
  j["format"] = ViewState::kFormat;
  j["version"] = ViewState::kVersion;
  if (!s.atlas.empty()) j["atlas"] = s.atlas;
  j["view"] = s.view;
  if (s.camera) {
    const Camera& c = *s.camera;
    j["camera"] = {{"target", {c.target.x, c.target.y, c.target.z}},
                   {"distance", c.distance},
                   {"orientation", {c.orientation.w, c.orientation.x, c.orientation.y, c.orientation.z}},
                   {"fov_deg", glm::degrees(c.fovY)}};
    // Sets the clip planes, and so depth precision and the depth cue: part of the image. Zero means
    // "derive from the visible structures" and is left out, as it was in the file that said so.
    if (c.sceneRadius > 0.f) j["camera"]["scene_radius"] = c.sceneRadius;
  }
  j["hidden"] = s.hidden;
  j["opacity"] = json::object();
  for (const auto& [id, v] : s.opacity) j["opacity"][id] = v;
  if (!s.selected.empty()) j["selected"] = s.selected;
  if (s.ghost) j["ghost"] = true;
  if (!s.outline.empty()) j["outline"] = s.outline;
  if (s.clip)
    // Whole micrometres: a state written, read and written again stays the same text.
    j["clip"] = {{"axis", clipAxisName(s.clip->axis)},
                 {"offset_mm", std::round(double(s.clip->offset) * 1e6) / 1e3},
                 {"flip", s.clip->flip}};
  if (!s.overlays.empty()) j["overlays"] = s.overlays;
  if (s.referralSide != "both") j["referral_side"] = s.referralSide;
  if (!s.symptom.empty()) j["symptom"] = s.symptom;
  if (!s.labelSets.empty() || !s.labelsAdded.empty() || !s.labelsRemoved.empty())
    j["labels"] = {{"sets", s.labelSets}, {"add", s.labelsAdded}, {"remove", s.labelsRemoved}};
  if (!s.legend) j["legend"] = false;
  if (s.overlayIntensity < 1.f) j["overlay_intensity"] = s.overlayIntensity;
  if (!s.regionColors.empty()) {
    j["region_colors"] = json::object();
    for (const auto& [id, c] : s.regionColors) j["region_colors"][id] = formatColor(c);
  }
  json f = {{"size", {s.figure.width, s.figure.height}},
            {"ssaa", s.figure.ssaa},
            {"background", formatColor(glm::vec3(s.figure.background))},
            {"transparent", s.figure.transparent}};
  if (s.figure.dpi > 0.f) f["dpi"] = s.figure.dpi;
  j["figure"] = f;
  // A preset named without angles stands for the preset's angles: it is no standing pose, so it is kept.
  if (!s.pose.isStanding() || !s.pose.preset.empty()) {
    if (!s.pose.preset.empty()) j["pose"]["preset"] = s.pose.preset;
    if (!s.pose.joints.empty() || s.pose.preset.empty()) {
      j["pose"]["joints"] = json::object();
      for (const auto& [id, deg] : s.pose.joints) j["pose"]["joints"][id] = deg;
    }
  }
  if (!s.pins.empty()) {
    // The point in whole micrometres (read by people); triangle and weights exact (the pin itself).
    auto um = [](float metres) { return std::round(double(metres) * 1e6) / 1e3; };
    j["pins"] = json::array();
    for (const PinSpec& p : s.pins) {
      json pin = {{"structure", p.structure}, {"point_mm", {um(p.point.x), um(p.point.y), um(p.point.z)}}};
      if (p.triangle >= 0) {
        pin["triangle"] = p.triangle;
        pin["barycentric"] = {p.bary.x, p.bary.y, p.bary.z};
      }
      if (!p.text.empty()) pin["text"] = p.text;
      j["pins"].push_back(pin);
    }
  }
  // ASCII only (a pin's text is escaped), so it fits a PNG tEXt chunk; a byte that is not UTF-8 becomes U+FFFD.
  return j.dump(2, ' ', true, json::error_handler_t::replace) + "\n";
}

ViewState captureViewState(const Atlas& atlas, const SceneState& scene, const FigureSettings& figure) {
  ViewState s;
  Camera cam = scene.camera;
  cam.shift = glm::vec2(0.f);  // the lens shift belongs to the window's panel layout, not to the figure
  s.camera = cam;
  for (std::size_t i = 0; i < atlas.structures.size() && i < scene.structures.size(); ++i) {
    const auto& st = scene.structures[i];
    if (!st.visible) s.hidden.push_back(atlas.structures[i].id);
    if (std::abs(st.opacity - atlas.structures[i].opacity) > 1e-4f) s.opacity[atlas.structures[i].id] = st.opacity;
  }
  if (scene.selected >= 0 && scene.selected < int(atlas.structures.size()))
    s.selected = atlas.structures[scene.selected].id;
  s.ghost = scene.ghost;
  for (std::size_t i = 0; i < atlas.structures.size() && i < scene.structures.size(); ++i)
    if (scene.structures[i].outline) s.outline.push_back(atlas.structures[i].id);
  if (scene.clip.enabled) s.clip = scene.clip;
  for (std::size_t o = 0; o < atlas.overlays.size(); ++o)
    if (scene.overlayOn(int(o))) s.overlays.push_back(atlas.overlays[o].id);
  s.referralSide = sideName(scene.referralSide);
  s.overlayIntensity = scene.overlayIntensity;
  if (scene.selectedSymptom >= 0 && scene.selectedSymptom < int(atlas.symptoms.size()))
    s.symptom = atlas.symptoms[std::size_t(scene.selectedSymptom)].id;
  s.labelSets = scene.labelSets;
  for (int i : scene.labelsAdded) s.labelsAdded.push_back(atlas.structures[std::size_t(i)].id);
  for (int i : scene.labelsRemoved) s.labelsRemoved.push_back(atlas.structures[std::size_t(i)].id);
  s.legend = scene.legend;
  for (const auto& [style, color] : scene.styleColors)
    if (style >= 0 && std::size_t(style) < atlas.regionStyles.size() && color != atlas.regionStyles[std::size_t(style)].color)
      s.regionColors[atlas.regionStyles[std::size_t(style)].id] = color;
  s.pose = scene.pose;
  for (const Pin& p : scene.pins)
    if (p.structure >= 0 && std::size_t(p.structure) < atlas.structures.size())
      s.pins.push_back({atlas.structures[std::size_t(p.structure)].id, pinRestPoint(atlas, p), p.triangle, p.bary, p.text});
  s.figure = figure;
  return s;
}

SceneState applyViewState(const Atlas& atlas, const ViewState& s, const fs::path& source) {
  // Through the action layer, like keys and panels: a state file, a CLI option and a click change the
  // scene by the same rules.
  auto idOf = [&](const std::string& id, const std::string& where) {
    int i = atlas.findStructure(id);
    if (i < 0) throw StateError(source, where + ": unknown structure id " + quoteValue(id) + " (not in " + atlas.file.string() + ")");
    return i;
  };
  SceneState scene = SceneState::fromAtlas(atlas);
  for (std::size_t k = 0; k < s.hidden.size(); ++k)
    actions::hide(scene, idOf(s.hidden[k], "hidden[" + std::to_string(k) + "]"));
  for (const auto& [id, v] : s.opacity) actions::setOpacity(scene, idOf(id, "opacity." + id), v);
  if (!s.selected.empty()) actions::select(scene, idOf(s.selected, "selected"));
  actions::setGhost(scene, s.ghost);
  for (std::size_t k = 0; k < s.outline.size(); ++k)
    scene.structures[idOf(s.outline[k], "outline[" + std::to_string(k) + "]")].outline = true;
  if (s.clip) actions::setClip(scene, *s.clip);
  for (std::size_t k = 0; k < s.overlays.size(); ++k) {
    int o = atlas.findOverlay(s.overlays[k]);
    if (o < 0) throw StateError(source, "overlays[" + std::to_string(k) + "]: unknown overlay " + quoteValue(s.overlays[k]) + " (not in " + atlas.file.string() + ")");
    actions::setOverlay(scene, o, true);
  }
  scene.overlayIntensity = s.overlayIntensity;
  actions::setReferralSide(scene, s.referralSide == "left" ? Side::Left : s.referralSide == "right" ? Side::Right : Side::Both);
  if (!s.symptom.empty()) {
    scene.selectedSymptom = findId(atlas.symptoms, s.symptom);
    if (scene.selectedSymptom < 0) throw StateError(source, "symptom: unknown symptom " + quoteValue(s.symptom));
    // Only the emphasis: which overlays and side are shown is the state's own say (the user may have
    // changed them after choosing the symptom).
    scene.highlighted = atlas.symptoms[std::size_t(scene.selectedSymptom)].regions;
  }
  for (std::size_t k = 0; k < s.labelSets.size(); ++k)
    if (atlas.findLabelSet(s.labelSets[k]) < 0)
      throw StateError(source, "labels.sets[" + std::to_string(k) + "]: unknown label set " + quoteValue(s.labelSets[k]));
  scene.labelSets = s.labelSets;
  for (std::size_t k = 0; k < s.labelsAdded.size(); ++k)
    scene.labelsAdded.push_back(idOf(s.labelsAdded[k], "labels.add[" + std::to_string(k) + "]"));
  for (std::size_t k = 0; k < s.labelsRemoved.size(); ++k)
    scene.labelsRemoved.push_back(idOf(s.labelsRemoved[k], "labels.remove[" + std::to_string(k) + "]"));
  scene.legend = s.legend;
  for (const auto& [id, color] : s.regionColors) {
    int style = findId(atlas.regionStyles, id);
    if (style < 0) throw StateError(source, "region_colors." + id + ": unknown region style \"" + id + "\"");
    actions::setRegionColor(scene, style, color);
  }
  scene.pose = s.pose;
  for (std::size_t k = 0; k < s.pins.size(); ++k) {
    const PinSpec& spec = s.pins[k];
    actions::addPin(scene, resolvePin(atlas, idOf(spec.structure, "pins[" + std::to_string(k) + "].structure"), spec, k, source));
  }
  if (s.camera) {
    scene.camera = *s.camera;
    if (scene.camera.sceneRadius <= 0.f)
      scene.camera.sceneRadius = std::max(glm::length(scene.visibleBounds(atlas).size()) * 0.5f, 1e-3f);
  } else {
    const ViewPreset* v = atlas.findView(s.view);
    if (!v) throw StateError(source, "view: unknown view " + quoteValue(s.view) + " (views: " + atlas.viewIds() + ")");
    // Labels stand in columns beside the model: fit it into the middle part of the image.
    bool labels = !s.labelSets.empty() || !s.labelsAdded.empty();
    scene.camera = fitCamera(*v, scene.visibleBounds(atlas),
                             float(s.figure.width) / float(s.figure.height) * (labels ? 0.6f : 1.f));
  }
  if (!s.pose.preset.empty() && !atlas.motion.findPose(s.pose.preset))
    throw StateError(source, "pose.preset: unknown pose \"" + s.pose.preset + "\" (poses: " + atlas.motion.poseIds() + ")");
  try {
    validatePose(atlas.motion.skeleton, s.pose);
  } catch (const UsageError& e) {
    throw StateError(source, std::string("pose.joints: ") + e.what());
  }
  return scene;
}

SceneState applyViewState(const Atlas& rest, const Atlas& posed, const ViewState& s, const fs::path& source) {
  std::vector<Pin> pins = applyViewState(rest, s, source).pins;
  ViewState withoutPins = s;
  withoutPins.pins.clear();
  SceneState scene = applyViewState(posed, withoutPins, source);
  scene.pins = std::move(pins);
  return scene;
}

std::pair<int, int> parseSize(const std::string& text, int maxSide) {
  auto fail = [&] {
    throw UsageError("invalid size " + quoteValue(text) + ": expected WIDTHxHEIGHT such as 1600x1200, each 16.." +
                     std::to_string(maxSide));
  };
  auto x = text.find('x');
  if (x == std::string::npos) fail();
  int w = 0, h = 0;
  auto r1 = std::from_chars(text.data(), text.data() + x, w);
  auto r2 = std::from_chars(text.data() + x + 1, text.data() + text.size(), h);
  if (r1.ec != std::errc() || r1.ptr != text.data() + x || r2.ec != std::errc() ||
      r2.ptr != text.data() + text.size())
    fail();
  if (w < 16 || h < 16 || w > maxSide || h > maxSide) fail();
  return {w, h};
}

bool looksLikeViewState(std::string_view text) {
  return text.find(std::string("\"") + ViewState::kFormat + "\"") != std::string_view::npos;
}

}  // namespace psoas
