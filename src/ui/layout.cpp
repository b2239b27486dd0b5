#include "ui/layout.hpp"

#include <algorithm>
#include <cmath>

#include "core/atlas.hpp"

namespace psoas::ui {

namespace {
// The columns never take more than this share of the window together: the model stays the larger part.
constexpr float kColumnsShare = 0.58f;
constexpr float kMinColumn = 220.f, kStrip = 30.f;

struct ColumnWidths { float left, right; };

ColumnWidths columnWidths(const LayoutInput& in, bool leftUsed, bool rightUsed, float& minCol, float& maxCol) {
  const float s = in.scale, W = in.window.x;
  const float budget = W * kColumnsShare;
  float left = !leftUsed ? 0.f : in.columns.leftCollapsed ? kStrip * s : in.columns.leftWidth * s;
  float right = !rightUsed ? 0.f : in.columns.rightCollapsed ? kStrip * s : in.columns.rightWidth * s;
  minCol = std::min(kMinColumn * s, budget * 0.5f);
  maxCol = std::max(minCol, budget - (leftUsed && rightUsed ? minCol : 0.f));
  auto clampOpen = [&](float w, bool collapsed) { return collapsed ? w : std::clamp(w, minCol, maxCol); };
  if (leftUsed) left = clampOpen(left, in.columns.leftCollapsed);
  if (rightUsed) right = clampOpen(right, in.columns.rightCollapsed);
  // Both open and too wide together (a small window, or a larger UI scale): shrink both in proportion.
  if (left + right > budget) {
    float k = budget / (left + right);
    if (leftUsed && !in.columns.leftCollapsed) left = std::max(left * k, std::min(minCol, left));
    if (rightUsed && !in.columns.rightCollapsed) right = std::max(right * k, std::min(minCol, right));
  }
  // Whole pixels: ImGui puts windows on whole pixels, and a panel must not reach a fraction into the view.
  return {std::floor(left), std::floor(right)};
}

// Stacks a column's shown panels: collapsed ones take their title bar, the others share what is left.
void stack(const LayoutInput& in, WindowLayout& out, const Rect& column, bool left) {
  std::vector<int> shown;
  for (int p = 0; p < kPanelCount; ++p)
    if (in.shown[p] && inLeftColumn(Panel(p)) == left) shown.push_back(p);
  const float gap = 4.f * in.scale;
  float fixed = 0.f;
  int open = 0;
  for (int p : shown) {
    if (in.collapsed[p]) fixed += in.titleHeight;
    else ++open;
  }
  float total = column.height() - gap * float(std::max<std::size_t>(shown.size(), 1) - 1);
  float each = open > 0 ? std::max((total - fixed) / float(open), in.titleHeight) : 0.f;
  float y = column.min.y;
  for (int p : shown) {
    float h = in.collapsed[p] ? in.titleHeight : each;
    h = std::min(h, column.max.y - y);
    out.panels[p] = {{column.min.x, y}, {column.max.x, y + h}};
    y += h + gap;
  }
}
}  // namespace

WindowLayout computeLayout(const LayoutInput& in) {
  WindowLayout out;
  const float s = in.scale, W = in.window.x, H = in.window.y;
  bool leftUsed = false, rightUsed = false;
  for (int p = 0; p < kPanelCount; ++p)
    if (in.shown[p]) (inLeftColumn(Panel(p)) ? leftUsed : rightUsed) = true;
  ColumnWidths w = columnWidths(in, leftUsed, rightUsed, out.minColumn, out.maxColumn);

  // The view buttons along the whole bottom edge, below the columns: never covered by a panel.
  const float top = std::min(in.menuHeight, H);
  const float bottom = std::max(top, H - in.toolbarHeight);
  out.toolbar = {{0.f, bottom}, {W, H}};
  const Rect leftCol{{0.f, top}, {w.left, bottom}}, rightCol{{W - w.right, top}, {W, bottom}};
  if (leftUsed) {
    if (in.columns.leftCollapsed) out.leftStrip = leftCol;
    else {
      out.left = leftCol;
      stack(in, out, leftCol, true);
    }
    out.leftSplitter = {{leftCol.max.x - 3.f * s, top}, {leftCol.max.x + 3.f * s, bottom}};
  }
  if (rightUsed) {
    if (in.columns.rightCollapsed) out.rightStrip = rightCol;
    else {
      out.right = rightCol;
      stack(in, out, rightCol, false);
    }
    out.rightSplitter = {{rightCol.min.x - 3.f * s, top}, {rightCol.min.x + 3.f * s, bottom}};
  }
  out.free = {{w.left, top}, {W - w.right, bottom}};
  return out;
}

float draggedWidth(const WindowLayout& layout, const LayoutInput& in, bool leftColumn, float dx) {
  float now = leftColumn ? layout.left.width() : layout.right.width();
  float next = std::clamp(now + (leftColumn ? dx : -dx), layout.minColumn, layout.maxColumn);
  return next / std::max(in.scale, 0.01f);
}

glm::vec2 freeAreaShift(const Rect& free, glm::vec2 window) {
  glm::vec2 c = (free.min + free.max) * 0.5f;
  return {2.f * c.x / std::max(window.x, 1.f) - 1.f, 1.f - 2.f * c.y / std::max(window.y, 1.f)};
}

Camera fitInFreeArea(const ViewPreset& view, const Bounds& bounds, const Rect& free, glm::vec2 window, float margin) {
  // The projection spans the whole window height; fitting into the free area's height is fitting with a
  // wider margin, and into its width an aspect of free width over window height.
  const float fw = std::max(free.width(), 1.f), fh = std::max(free.height(), 1.f), H = std::max(window.y, 1.f);
  const float share = std::min(fh / H, 1.f);
  const float m = 0.5f * (1.f - (1.f - 2.f * margin) * share);
  // fitCamera keeps halfW / distance under tan(fov/2) * (1 - 2m) * aspect: with aspect = free width over free
  // height that is the free width's share of the window, less the same margin.
  Camera cam = fitCamera(view, bounds, fw / fh, m);
  cam.shift = freeAreaShift(free, window);
  return cam;
}

Camera refitInFreeArea(const Camera& current, const Bounds& bounds, const Rect& free, glm::vec2 window, float margin) {
  ViewPreset v{"", "", -current.forward(), current.up(), ""};
  Camera cam = fitInFreeArea(v, bounds, free, window, margin);
  cam.fovY = current.fovY;
  return cam;
}

}  // namespace psoas::ui
