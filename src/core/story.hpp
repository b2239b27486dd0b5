#pragma once
// A story: numbered steps (from 1), each a scene (the fields of a view state) with a caption in plain words
// and the evidence levels of what the caption claims. What a therapist shows a client in a few clicks, what
// `render --story` draws and what a handout prints. GL-free; the format is docs/story-format.md.
#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "core/scene_state.hpp"
#include "core/view_state.hpp"

namespace psoas {

struct Atlas;

struct StoryStep {
  std::string title;                  // a short heading ("Standing")
  std::string caption;                // plain words; may hold {length_mm:ID}-style numbers (expandCaption)
  std::vector<std::string> evidence;  // evidence level ids of the claims in the caption (at least one)
  ViewState scene;                    // what the step shows; its figure settings are the default size
  double transitionS = 1.0;           // how long the move from the step before takes, seconds
  bool operator==(const StoryStep&) const = default;
};

struct Story {
  // Version 2: a step's scene may hold `pins`. A program that reads version 1 then says the file is "written
  // by a newer Psoas Atlas" rather than "unknown field". Version 1 files still load.
  static constexpr int kVersion = 2;
  static constexpr const char* kFormat = "psoas-atlas-story";
  // Captions are shown on a projector and printed on paper: plain text, one paragraph, a sensible length.
  static constexpr std::size_t kMaxCaption = 800;  // bytes, as the summary
  static constexpr std::size_t kMaxTitle = 120;
  std::string id, title, summary;
  std::vector<StoryStep> steps;  // steps[0] is step 1
  // For a handout: the story whose steps are the exercises to print (an id, as --story takes), and the
  // symptoms explained when the command line names none.
  std::string exercises;
  std::vector<std::string> symptoms;
  std::filesystem::path file;  // where it was read from, for messages
  // Equal content: everything but `file` (the same story read from two places is the same story).
  bool operator==(const Story& o) const {
    return id == o.id && title == o.title && summary == o.summary && steps == o.steps && exercises == o.exercises &&
           symptoms == o.symptoms;
  }
};

// Throws StateError naming the file and the JSON path ("steps[2].scene.hidden[0]") of the first problem.
Story parseStory(std::string_view json, const std::filesystem::path& file);
Story loadStory(const std::filesystem::path& file);
// The story as the parser reads it (format and version first, the fields it reads, defaults left out), so
// parseStory(storyToJson(s)) == s. ASCII only (non-ASCII is escaped).
// The header's version is the lowest that holds the story (1 unless a step has pins), so a story that needs
// nothing new still opens in an older Psoas Atlas.
std::string storyToJson(const Story& story);
int storyFileVersion(const Story& story);
// Writes storyToJson through the safe writer (temporary file, then rename). Reads the text back first:
// an incomplete story (an empty caption, no evidence, a caption too long) is refused with the parser's
// StateError naming `file` and the step's JSON path, and nothing is written. OutputError when the file
// cannot be written.
void writeStoryFile(const Story& story, const std::filesystem::path& file);
// Checks every id a story names against the atlas (structures, views, overlays, symptoms, poses and
// their ranges, evidence levels, caption numbers); throws StateError naming the file and the step's path.
void checkStory(const Atlas& atlas, const Story& story);

// True if the JSON text looks like a story rather than a view state or an atlas (for "open any file").
bool looksLikeStory(std::string_view json);

// The built-in stories (assets/stories/*.json in the data directory), sorted by file name.
std::vector<std::filesystem::path> builtinStoryFiles();
// `--story ID|FILE`: a path to a file (it holds '/' or ends in .json) or a built-in story's id. Throws
// UsageError listing the built-in ids for an unknown one.
std::filesystem::path findStory(const std::string& idOrFile);

// "1,3,4" -> {1, 3, 4}: step numbers from 1, each at most `count`; UsageError otherwise.
std::vector<int> parseStepList(const std::string& text, int count);

// The caption with its numbers filled in for `pose`: {length_mm:ID} (the muscle's length), {change_mm:ID}
// (signed change from standing, "-55"), {percent:ID} (percent of standing), all from the same muscle
// model as `psoas-atlas measure`. Throws UsageError for an unknown placeholder or muscle.
std::string expandCaption(const Atlas& atlas, const std::string& caption, const Pose& pose);

// The scene `t` (0..1) of the way from a to b, as a step change animates it: camera (eased), the pose's
// joint angles, opacity (a structure shown in one and hidden in the other fades), overlay intensity and a
// cut along the same axis move smoothly; what cannot (overlays, labels, symptom, side) switches halfway.
// t <= 0 gives a exactly, t >= 1 gives b exactly. Both poses must be resolved (effectivePose).
SceneState interpolateScene(const SceneState& a, const SceneState& b, double t);

}  // namespace psoas
