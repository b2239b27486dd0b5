#include "core/story.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>

#include <glm/common.hpp>

#include "core/atlas.hpp"
#include "core/errors.hpp"
#include "core/file_util.hpp"
#include "core/json_cursor.hpp"
#include "core/muscle_path.hpp"
#include "core/posed_atlas.hpp"
#include "core/resources.hpp"

namespace psoas {
namespace fs = std::filesystem;
using Cursor = JsonCursor<StateError>;
using nlohmann::json;

namespace {
[[noreturn]] void throwState(const fs::path& f, const std::string& w) { throw StateError(f, w); }

constexpr std::size_t kMaxCaption = Story::kMaxCaption;
constexpr std::size_t kMaxTitle = Story::kMaxTitle;

std::string plainText(const Cursor& c, std::size_t maxChars, bool required) {
  std::string s = required ? c.nonEmptyStr() : c.str();
  if (hasControlChars(s)) c.fail("must be plain text on one line (no control characters): " + quoteValue(s));
  if (s.size() > maxChars) c.fail("is " + std::to_string(s.size()) + " bytes long; at most " + std::to_string(maxChars));
  return s;
}

StoryStep readStep(const Cursor& c, const fs::path& file) {
  c.allowOnly({"title", "caption", "evidence", "scene", "transition_s"});
  StoryStep step;
  if (auto t = c.find("title")) step.title = plainText(*t, kMaxTitle, false);
  step.caption = plainText(c.at("caption"), kMaxCaption, true);
  auto ev = c.at("evidence");
  step.evidence = ev.idStrings();
  if (step.evidence.empty()) ev.fail("every caption needs at least one evidence level (see the atlas's evidence_levels)");
  if (auto d = c.find("transition_s")) step.transitionS = d->num(0.0, 10.0);
  // A step's scene is a view state without its header: the story's header stands for it.
  auto scene = c.at("scene");
  scene.expectObject();
  for (const char* key : {"format", "version", "atlas"})
    if (scene.json().contains(key))
      Cursor(scene.json()[key], file, scene.path() + "." + key).fail("belongs to the story, not to a step's scene");
  json copy = scene.json();
  copy["format"] = ViewState::kFormat;
  copy["version"] = ViewState::kVersion;
  step.scene = readViewState(copy, file, scene.path());
  return step;
}
}  // namespace

Story parseStory(std::string_view text, const fs::path& file) {
  json doc = parseJsonText(text, file, throwState);
  Cursor root(doc, file);
  root.allowOnly({"format", "version", "id", "title", "summary", "steps", "exercises", "symptoms"});
  if (root.at("format").str() != Story::kFormat)
    root.at("format").fail(std::string("expected \"") + Story::kFormat + "\", this is not a story");
  long long version = root.at("version").integer(1, 1000000);
  if (version > Story::kVersion)
    root.at("version").fail("the file is version " + std::to_string(version) + ", written by a newer Psoas Atlas; "
                            "this one reads up to version " + std::to_string(Story::kVersion));
  Story story;
  story.file = file;
  story.id = root.at("id").idStr();
  story.title = plainText(root.at("title"), kMaxTitle, true);
  if (auto s = root.find("summary")) story.summary = plainText(*s, kMaxCaption, false);
  if (auto e = root.find("exercises")) story.exercises = e->idStr();
  if (auto s = root.find("symptoms")) story.symptoms = s->idStrings();
  auto steps = root.at("steps");
  if (steps.size() == 0) steps.fail("a story needs at least one step");
  for (std::size_t i = 0; i < steps.size(); ++i) {
    try {
      story.steps.push_back(readStep(steps[i], file));
    } catch (const StateError& e) {
      // JSON counts from 0, people from 1: say which step "steps[1]" is.
      throw StateError(file, e.reason + " (step " + std::to_string(i + 1) + ")");
    }
  }
  return story;
}

Story loadStory(const fs::path& file) { return parseStory(readTextFile(file, kMaxJsonBytes), file); }

void checkStory(const Atlas& atlas, const Story& story) {
  for (std::size_t k = 0; k < story.symptoms.size(); ++k)
    if (findId(atlas.symptoms, story.symptoms[k]) < 0)
      throw StateError(story.file, "symptoms[" + std::to_string(k) + "]: unknown symptom " + quoteValue(story.symptoms[k]));
  for (std::size_t i = 0; i < story.steps.size(); ++i) {
    const StoryStep& step = story.steps[i];
    std::string at = "steps[" + std::to_string(i) + "]";
    for (std::size_t k = 0; k < step.evidence.size(); ++k)
      if (findId(atlas.evidenceLevels, step.evidence[k]) < 0) {
        std::string known;
        for (const auto& e : atlas.evidenceLevels) known += (known.empty() ? "" : ", ") + e.id;
        throw StateError(story.file, at + ".evidence[" + std::to_string(k) + "]: unknown evidence level " +
                                         quoteValue(step.evidence[k]) + " (known: " + known + ") (step " + std::to_string(i + 1) + ")");
      }
    try {
      (void)applyViewState(atlas, step.scene, story.file);
      (void)expandCaption(atlas, step.caption, effectivePose(atlas.motion, step.scene.pose));
    } catch (const FileError& e) {
      throw StateError(story.file, at + ".scene." + e.reason + " (step " + std::to_string(i + 1) + ")");
    } catch (const UsageError& e) {
      throw StateError(story.file, at + ".caption: " + e.what() + " (step " + std::to_string(i + 1) + ")");
    }
  }
}

bool looksLikeStory(std::string_view text) {
  return text.find(std::string("\"") + Story::kFormat + "\"") != std::string_view::npos;
}

std::vector<fs::path> builtinStoryFiles() {
  std::vector<fs::path> files;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dataDirectory() / "assets" / "stories", ec))
    if (entry.path().extension() == ".json" && entry.is_regular_file(ec)) files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  return files;
}

fs::path findStory(const std::string& idOrFile) {
  checkNoControlChars(idOrFile, "--story");
  if (idOrFile.empty()) throw UsageError("--story needs a story id or a file");
  fs::path p = idOrFile;
  if (idOrFile.find('/') != std::string::npos || p.extension() == ".json") return p;
  std::string known;
  for (const auto& f : builtinStoryFiles()) {
    if (f.stem() == idOrFile) return f;
    known += (known.empty() ? "" : ", ") + f.stem().string();
  }
  throw UsageError("unknown story " + quoteValue(idOrFile) + " (built in: " + (known.empty() ? "none" : known) +
                   "; or give a .json file)");
}

std::vector<int> parseStepList(const std::string& text, int count) {
  std::vector<int> steps;
  std::size_t start = 0;
  while (true) {
    std::size_t comma = text.find(',', start);
    std::string item = text.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    int n = 0;
    auto r = std::from_chars(item.data(), item.data() + item.size(), n);
    if (item.empty() || r.ec != std::errc() || r.ptr != item.data() + item.size() || n < 1 || n > count)
      throw UsageError("invalid step " + quoteValue(item) + " in " + quoteValue(text) + ": this story has steps 1.." +
                       std::to_string(count));
    steps.push_back(n);
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return steps;
}

std::string expandCaption(const Atlas& atlas, const std::string& caption, const Pose& pose) {
  std::string out;
  std::vector<MuscleMeasure> rows;  // measured once, at the first placeholder
  std::size_t pos = 0;
  while (true) {
    std::size_t open = caption.find('{', pos);
    if (open == std::string::npos) break;
    std::size_t close = caption.find('}', open);
    if (close == std::string::npos) throw UsageError("a '{' without its '}' at byte " + std::to_string(open));
    out += caption.substr(pos, open - pos);
    std::string inner = caption.substr(open + 1, close - open - 1);
    std::size_t colon = inner.find(':');
    std::string kind = inner.substr(0, colon), id = colon == std::string::npos ? "" : inner.substr(colon + 1);
    if (kind != "length_mm" && kind != "change_mm" && kind != "percent")
      throw UsageError("unknown number {" + inner + "} (known: {length_mm:ID}, {change_mm:ID}, {percent:ID})");
    if (rows.empty()) rows = measureMuscles(atlas.motion, pose);
    auto row = std::find_if(rows.begin(), rows.end(), [&](const MuscleMeasure& m) { return m.id == id; });
    if (row == rows.end()) throw UsageError("{" + inner + "}: " + quoteValue(id) + " is not a measured muscle");
    char buf[32];
    if (kind == "length_mm") std::snprintf(buf, sizeof buf, "%.0f", row->lengthMm);
    else if (kind == "percent") std::snprintf(buf, sizeof buf, "%.0f", row->percentOfStanding);
    else std::snprintf(buf, sizeof buf, "%+.0f", row->lengthMm - row->standingLengthMm);
    out += std::string(buf) == "-0" || std::string(buf) == "+0" ? std::string("0") : std::string(buf);
    pos = close + 1;
  }
  return out + caption.substr(pos);
}

SceneState interpolateScene(const SceneState& a, const SceneState& b, double t) {
  if (t <= 0.0) return a;
  if (t >= 1.0) return b;
  const float e = float(easeInOut(t));
  // What cannot move smoothly switches halfway, when the camera is mid-way and the eye least notices.
  SceneState out = t < 0.5 ? a : b;
  out.camera = interpolate(a.camera, b.camera, e);
  out.pose = interpolatePose(a.pose, b.pose, e);
  out.overlayIntensity = glm::mix(a.overlayIntensity, b.overlayIntensity, e);
  std::size_t n = std::min(a.structures.size(), b.structures.size());
  for (std::size_t i = 0; i < n; ++i) {
    // A hidden structure has opacity 0 for the fade: it appears or disappears gradually.
    float oa = a.structures[i].visible ? a.structures[i].opacity : 0.f;
    float ob = b.structures[i].visible ? b.structures[i].opacity : 0.f;
    float o = glm::mix(oa, ob, e);
    out.structures[i].opacity = o;
    out.structures[i].visible = o > 1e-3f;
  }
  if (a.clip.enabled && b.clip.enabled && a.clip.axis == b.clip.axis && a.clip.flip == b.clip.flip)
    out.clip.offset = glm::mix(a.clip.offset, b.clip.offset, e);
  return out;
}

}  // namespace psoas
