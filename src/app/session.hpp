#pragma once
// The viewer's session logic without GLFW or GL: what a file is, which atlas a view state needs, the scene a
// state gives in the window, the next atlas when a model is added, and the state that Ctrl+S saves.
// The live atlas is never edited: adding a model builds the next one. Unit-tested (tests/test_session.cpp).
#include <filesystem>
#include <optional>
#include <string>

#include "core/atlas.hpp"
#include "core/scene_state.hpp"
#include "core/view_state.hpp"

namespace psoas::session {

enum class FileKind { Figure, ViewState, Story, Atlas, Model };
// By extension, and for .json by content (reads the file; throws FileError when it cannot).
FileKind classify(const std::filesystem::path& file);

// The atlas file a view state asks for (its `atlas`, relative to the state file), or none when it names none
// or names `current`.
std::optional<std::filesystem::path> atlasFor(const ViewState& state, const std::filesystem::path& source,
                                              const std::filesystem::path& current);

// The scene `state` gives in the window: the window keeps its own lens shift (the background is the
// window's anyway, in its frame options; the figure's is in the export settings). `to` is the camera to animate to: the state's, or its named view
// fitted to a `viewAspect` viewport. Throws StateError (before anything changes) for ids the atlas lacks.
SceneState sceneFor(const Atlas& atlas, const ViewState& state, const std::filesystem::path& source,
                    const SceneState& current, float viewAspect, Camera& to);

// The current atlas with a model file added as a new structure (selected in `next`, which grows with it).
// `transform` is the session's --unit-scale and --axes; `warnings` the ones this model brought (units).
struct Added {
  Atlas atlas;
  int structure = -1;
  std::vector<std::string> warnings;
};
Added withModel(const Atlas& current, const std::filesystem::path& model, const MeshTransform& transform = {});

// The atlas's load warnings as one message for the window ("The atlas loaded with warnings: ..."); empty
// when there are none.
std::string warningsMessage(const std::string& what, const std::vector<std::string>& warnings);

// What File > Save view state writes: the scene, the export settings, and the atlas's path unless it is the
// built-in one.
ViewState stateToSave(const Atlas& atlas, const SceneState& scene, const FigureSettings& figure);

}  // namespace psoas::session
