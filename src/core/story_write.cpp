// Writing a story in the schema parseStory reads (docs/story-format.md). A step's scene is a view state
// without its header, written by the view state's own serializer so the two formats cannot drift apart.
#include <nlohmann/json.hpp>

#include "core/errors.hpp"
#include "core/file_util.hpp"
#include "core/story.hpp"

namespace psoas {
// Ordered: the file reads as authors write it (header, id, title, steps), not in sorted key order.
using json = nlohmann::ordered_json;

namespace {
json sceneJson(const ViewState& scene) {
  json j = json::parse(serializeViewState(scene));  // the view state's own writer (its keys sorted)
  // The story's header stands for the step's (the parser refuses them in a scene).
  j.erase("format");
  j.erase("version");
  j.erase("atlas");
  // A step's figure is the default size unless it says otherwise: leave the default out, as authors do.
  if (scene.figure == FigureSettings{}) j.erase("figure");
  // The view state writes a pose only when an angle differs from standing, so a preset given by name alone
  // ({"preset": "sitting"}, resolved when the story plays) would be lost: write what the step holds.
  j.erase("pose");
  if (!scene.pose.preset.empty()) j["pose"]["preset"] = scene.pose.preset;
  if (!scene.pose.joints.empty()) {
    j["pose"]["joints"] = json::object();
    for (const auto& [id, deg] : scene.pose.joints) j["pose"]["joints"][id] = deg;
  }
  return j;
}

json stepJson(const StoryStep& step) {
  json j = json::object();
  if (!step.title.empty()) j["title"] = step.title;
  j["caption"] = step.caption;
  j["evidence"] = step.evidence;
  if (step.transitionS != 1.0) j["transition_s"] = step.transitionS;
  j["scene"] = sceneJson(step.scene);
  return j;
}
}  // namespace

int storyFileVersion(const Story& s) {
  for (const StoryStep& step : s.steps)
    if (!step.scene.pins.empty()) return 2;  // pins came with version 2
  return 1;
}

std::string storyToJson(const Story& s) {
  json body = json::object();
  body["format"] = Story::kFormat;
  body["version"] = storyFileVersion(s);
  body["id"] = s.id;
  body["title"] = s.title;
  if (!s.summary.empty()) body["summary"] = s.summary;
  if (!s.exercises.empty()) body["exercises"] = s.exercises;
  if (!s.symptoms.empty()) body["symptoms"] = s.symptoms;
  body["steps"] = json::array();
  for (const StoryStep& step : s.steps) body["steps"].push_back(stepJson(step));
  // ensure_ascii: the same bytes on every system; a byte that is not UTF-8 becomes U+FFFD, never an exception.
  return body.dump(2, ' ', true, json::error_handler_t::replace) + "\n";
}

void writeStoryFile(const Story& story, const std::filesystem::path& file) {
  std::string text = storyToJson(story);
  // Never write a file this program would refuse to open: the parser's message names the step.
  (void)parseStory(text, file);
  writeFileAtomic(file, text);
}

}  // namespace psoas
