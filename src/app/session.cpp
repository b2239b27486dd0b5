#include "app/session.hpp"

#include <algorithm>
#include <cctype>

#include "core/file_util.hpp"
#include "core/resources.hpp"
#include "core/story.hpp"

namespace psoas::session {

namespace fs = std::filesystem;

FileKind classify(const fs::path& file) {
  std::string ext = file.extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return char(std::tolower(c)); });
  if (ext == ".png") return FileKind::Figure;  // a figure exported by this program: its view is in it
  if (ext == ".json") {
    std::string text = readTextFile(file);
    if (looksLikeStory(text)) return FileKind::Story;  // first: a story's steps are view states, but it is not one
    return looksLikeViewState(text) ? FileKind::ViewState : FileKind::Atlas;
  }
  return FileKind::Model;
}

std::optional<fs::path> atlasFor(const ViewState& state, const fs::path& source, const fs::path& current) {
  if (state.atlas.empty()) return std::nullopt;
  fs::path a = state.atlas;
  if (a.is_relative()) a = source.parent_path() / a;
  if (fs::weakly_canonical(a) == fs::weakly_canonical(current)) return std::nullopt;
  return a;
}

SceneState sceneFor(const Atlas& atlas, const ViewState& state, const fs::path& source, const SceneState& current,
                    float viewAspect, Camera& to) {
  SceneState next = applyViewState(atlas, state, source);
  const glm::vec2 shift = current.camera.shift;
  to = next.camera;
  if (!state.camera) {
    const ViewPreset* v = atlas.findView(state.view);  // applyViewState has checked it exists
    to = fitCamera(*v, next.visibleBounds(atlas), viewAspect);
  }
  to.shift = shift;
  next.camera.shift = shift;
  return next;
}

Added withModel(const Atlas& current, const fs::path& model, const MeshTransform& transform) {
  Added out{current, -1, {}};  // meshes are shared, not copied
  const std::size_t before = out.atlas.warnings.size();
  out.structure = addImportedModel(out.atlas, model, transform);
  out.warnings.assign(out.atlas.warnings.begin() + std::ptrdiff_t(before), out.atlas.warnings.end());
  return out;
}

std::string warningsMessage(const std::string& what, const std::vector<std::string>& warnings) {
  if (warnings.empty()) return {};
  std::string text = what + " with " + (warnings.size() == 1 ? "a warning" : std::to_string(warnings.size()) + " warnings") + ":";
  for (const auto& w : warnings) text += "\n\n" + w;
  return text;
}

ViewState stateToSave(const Atlas& atlas, const SceneState& scene, const FigureSettings& figure) {
  ViewState vs = captureViewState(atlas, scene, figure);
  // A state made with another atlas names it, so that opening the state brings the atlas back.
  if (fs::weakly_canonical(atlas.file) != fs::weakly_canonical(builtinAtlasPath()))
    vs.atlas = fs::absolute(atlas.file).string();
  return vs;
}

}  // namespace psoas::session
