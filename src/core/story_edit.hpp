#pragma once
// Making and changing a story in the window (the Story panel's editor): free functions over a Story, so
// each is unit-tested without a window. Steps count from 1 here, as the panel and `--step` show them;
// a step number out of range is a UsageError naming it and the story's length, and the story is unchanged.
// GL- and ImGui-free.
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "core/scene_state.hpp"
#include "core/story.hpp"

namespace psoas {

struct Atlas;

// A step showing `scene` as it is now (camera, visibility, opacity, selection, overlays, side, symptom,
// labels, cut, pose), no title, an empty caption (to be written before saving) and `evidence`. The scene
// is stored as its file will hold it (written and read once), so saving and reopening changes nothing.
StoryStep stepFromScene(const Atlas& atlas, const SceneState& scene, std::vector<std::string> evidence);
// The evidence a new step starts with: the step before's (`after`, from 1; 0: none), else "illustrative"
// (a view the user made illustrates), else the atlas's first level.
std::vector<std::string> defaultEvidence(const Atlas& atlas, const Story& story, int after);

// A new story of one step, the scene shown now; file "" (not saved yet).
Story newStory(const Atlas& atlas, const SceneState& scene);
// Inserts `step` after step `after` (0: as the first step; steps().size(): as the last). Returns its number.
int insertStep(Story& story, int after, StoryStep step);
// Line breaks and tabs typed in the editor become spaces: a caption is one paragraph (the format's rule).
void setCaption(Story& story, int step, std::string_view caption);
void setStepTitle(Story& story, int step, std::string_view title);
void setEvidence(Story& story, int step, std::vector<std::string> evidence);
// Seconds the move from the step before takes, 0..kMaxTransitionS (the format's range): UsageError outside.
inline constexpr double kMaxTransitionS = 10.0;
void setTransition(Story& story, int step, double seconds);
// Swaps the step with the one before (delta -1) or after (+1); returns its new number. UsageError at the ends.
int moveStep(Story& story, int step, int delta);
// UsageError for the last remaining step: a story has at least one.
void deleteStep(Story& story, int step);
// The title, and the id made from it ("Why I stretch" -> "why_i_stretch"): a copy of a built-in story saved
// under a new name is not taken for the original. UsageError for an empty title or one over kMaxTitle.
void renameStory(Story& story, std::string_view title);
std::string storyIdFor(std::string_view title);
// One line, no control characters: what the editor makes of typed text.
std::string oneLine(std::string_view text);
// Where "Save story..." starts: the story's own file when it is the user's (opened from a file, or saved once),
// so saving again is one click; empty for a new story or a built-in one (its file is the installation's).
std::filesystem::path storySaveTarget(const Story& story);

// One edit as the panel asks for it; the viewer applies it to the story it plays.
struct StoryEdit {
  enum class Kind { AddView, Caption, StepTitle, Evidence, MoveUp, MoveDown, Delete, Rename, Transition };
  Kind kind = Kind::Caption;
  int step = 0;                       // from 1 (AddView: the new step goes after it)
  std::string text;                   // Caption, StepTitle, Rename
  std::vector<std::string> evidence;  // Evidence
  double seconds = 1.0;               // Transition
};
// Applies `edit` (AddView captures `scene`); returns the step to show afterwards. UsageError as above.
int applyStoryEdit(const Atlas& atlas, Story& story, const StoryEdit& edit, const SceneState& scene);

}  // namespace psoas
