#pragma once
// The window's layout, worked out without ImGui: panels live in a left and a right column (each resizable
// with a splitter and collapsible), the view buttons in a row along the bottom, and the 3D view is what they
// leave free. The camera framing, the labels, their leader lines and the legend are laid out inside that
// free area, so nothing the view draws goes under a panel. Window pixels, origin top left. Unit-tested.
#include <vector>

#include <glm/vec2.hpp>

#include "core/camera.hpp"

namespace psoas {
struct ViewPreset;
}

namespace psoas::ui {

struct Rect {
  glm::vec2 min{0.f}, max{0.f};
  float width() const { return max.x - min.x; }
  float height() const { return max.y - min.y; }
  bool empty() const { return width() <= 0.f || height() <= 0.f; }
  bool contains(const Rect& r, float slack = 0.5f) const {
    return r.min.x >= min.x - slack && r.min.y >= min.y - slack && r.max.x <= max.x + slack && r.max.y <= max.y + slack;
  }
  bool contains(glm::vec2 p, float slack = 0.5f) const {
    return p.x >= min.x - slack && p.y >= min.y - slack && p.x <= max.x + slack && p.y <= max.y + slack;
  }
  bool intersects(const Rect& r) const {  // open rectangles: touching edges do not count
    return r.min.x < max.x && r.max.x > min.x && r.min.y < max.y && r.max.y > min.y;
  }
};

// Which panels are in which column, top to bottom.
enum class Panel { Structures, Symptoms, Info, Teach, Pose, Story, Quiz };
inline constexpr int kPanelCount = 7;
inline constexpr bool inLeftColumn(Panel p) { return p == Panel::Structures || p == Panel::Symptoms || p == Panel::Pose; }

// What the user chose and the settings file keeps (widths in unscaled pixels, so a changed UI scale keeps the
// proportions).
struct ColumnSettings {
  float leftWidth = 380.f, rightWidth = 400.f;
  bool leftCollapsed = false, rightCollapsed = false;
  bool operator==(const ColumnSettings&) const = default;
};

struct LayoutInput {
  glm::vec2 window{1600.f, 1000.f};
  float scale = 1.f;          // UI scale (monitor content scale times the user's)
  float menuHeight = 0.f;     // the menu bar along the top
  float toolbarHeight = 0.f;  // the row of view buttons along the bottom; 0 when hidden
  float titleHeight = 0.f;    // a panel's title bar: the height of a collapsed panel
  bool shown[kPanelCount] = {true, false, true, true, false, false, false};
  bool collapsed[kPanelCount] = {};  // folded to its title bar (ImGui's collapse)
  ColumnSettings columns;
};

struct WindowLayout {
  Rect left, right;             // the columns (empty when no panel is in one, or it is collapsed to a strip)
  Rect leftStrip, rightStrip;   // a collapsed column: the narrow strip with its expand button
  Rect leftSplitter, rightSplitter;  // drag handles on the columns' inner edges
  Rect toolbar;                 // the view buttons' row
  Rect free;                    // the 3D view: labels, leader lines and the legend stay inside it
  Rect panels[kPanelCount];     // each shown panel's window; empty when not shown or its column collapsed
  float minColumn = 0.f, maxColumn = 0.f;  // what a splitter may make a column (scaled pixels)
};

WindowLayout computeLayout(const LayoutInput& in);

// A column's width after its splitter moved by `dx` pixels (positive: right), kept within what the layout
// allows, in unscaled pixels as ColumnSettings keeps it.
float draggedWidth(const WindowLayout& layout, const LayoutInput& in, bool leftColumn, float dx);

// The lens shift (NDC) that centres the projection on the free area of a window.
glm::vec2 freeAreaShift(const Rect& free, glm::vec2 window);
// A camera along `view` that frames `bounds` inside the free area (the projection covers the whole window,
// shifted to the free area's centre): all of the model is in the part not under a panel or the buttons.
Camera fitInFreeArea(const ViewPreset& view, const Bounds& bounds, const Rect& free, glm::vec2 window, float margin = 0.06f);
// As fitInFreeArea, keeping `current`'s direction (Fit, zoom to selection).
Camera refitInFreeArea(const Camera& current, const Bounds& bounds, const Rect& free, glm::vec2 window, float margin = 0.06f);

}  // namespace psoas::ui
