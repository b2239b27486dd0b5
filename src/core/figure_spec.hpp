#pragma once
// A figure as the CLI describes it: which view, what is shown, how big. Turned into a SceneState.
#include <string>
#include <utility>
#include <vector>

#include <glm/vec4.hpp>

#include "core/scene_state.hpp"

namespace psoas {

struct FigureSpec {
  std::string view = "anterior";
  int width = 1600;
  int height = 1200;
  int ssaa = 2;
  std::vector<std::string> isolate, hide, show;
  std::vector<std::pair<std::string, float>> opacity;
  std::string select;
  glm::vec4 background{1.f, 1.f, 1.f, 1.f};
  bool transparent = false;
};

// Throws UsageError for unknown ids or views.
SceneState makeFigureState(const Atlas& atlas, const FigureSpec& spec);

// "1600x1200" -> {1600, 1200}; throws UsageError with the accepted form and limits.
std::pair<int, int> parseSize(const std::string& text, int maxSide);

}  // namespace psoas
