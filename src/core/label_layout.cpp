#include "core/label_layout.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include <glm/common.hpp>

namespace psoas {
namespace {

// Sign of the turn o -> a -> b. Doubles, so that the sign is the same wherever it is computed.
int orientation(glm::dvec2 o, glm::dvec2 a, glm::dvec2 b) {
  double v = (a.x - o.x) * (b.y - o.y) - (a.y - o.y) * (b.x - o.x);
  return (v > 0) - (v < 0);
}

struct Conflict {
  enum Kind { None, SameColumnCrossing, CrossColumnCrossing, LeaderThroughBox, BoxOverlap };
  Kind kind = None;
  int a = -1, b = -1;  // for LeaderThroughBox: a owns the leader, b the box
};

// One call's working state. run() lays everything out again after each flip or drop; a label
// flips at most once and is dropped at most once, so that loop ends.
class Solver {
 public:
  Solver(const std::vector<LabelRequest>& requests, const LayoutParams& params, const std::vector<int>* previousSides)
      : req_(requests), p_(params), n_(int(requests.size())) {
    availW_ = p_.image.x - 2 * p_.margin;
    availH_ = p_.image.y - 2 * p_.margin;
    rankOrder_.resize(n_);
    for (int i = 0; i < n_; ++i) rankOrder_[i] = i;
    std::sort(rankOrder_.begin(), rankOrder_.end(), [&](int a, int b) { return ranksBefore(a, b); });
    preferred_.resize(n_);
    for (int i = 0; i < n_; ++i) {
      int prev = previousSides && i < int(previousSides->size()) ? (*previousSides)[i] : 0;
      preferred_[i] = preferredSide(i, prev);
    }
    flipped_.assign(n_, 0);
    excluded_.assign(n_, 0);
    placed_.resize(n_);
  }

  std::vector<PlacedLabel> run(LayoutStats& stats) {
    for (;;) {
      assignSides(stats);
      for (int c = 0; c < 2; ++c) orderAndPlace(c);
      uncrossColumns(stats);
      Conflict conflict = findConflict();
      if (conflict.kind == Conflict::None) break;
      int first = flipCandidate(conflict);
      if (tryFlip(first) || tryFlip(otherOf(conflict, first))) {
        ++stats.flips;
        continue;
      }
      int drop = ranksBefore(conflict.a, conflict.b) ? conflict.b : conflict.a;
      excluded_[drop] = 1;
      stats.droppedForConflict.push_back(drop);
    }
    std::vector<PlacedLabel> out;
    for (int i = 0; i < n_; ++i)
      if (side_[i] != 0) out.push_back(placed_[i]);
    return out;
  }

 private:
  // Higher priority first, then lower request index: what "drop the lowest priority" means, stably.
  bool ranksBefore(int a, int b) const {
    if (req_[a].priority != req_[b].priority) return req_[a].priority > req_[b].priority;
    return a < b;
  }

  int centreSide(int i) const { return req_[i].anchor.x < 0.5f * (p_.model.x + p_.model.z) ? -1 : 1; }

  int preferredSide(int i, int previous) const {
    if (req_[i].side != 0) return req_[i].side < 0 ? -1 : 1;
    // Hysteresis: while the model turns, anchors drift across the centre line; switching columns
    // as soon as they do makes labels jump back and forth.
    float centre = 0.5f * (p_.model.x + p_.model.z);
    float band = 0.08f * std::abs(p_.model.z - p_.model.x);
    float x = req_[i].anchor.x;
    if (previous < 0) return x > centre + band ? 1 : -1;
    if (previous > 0) return x < centre - band ? -1 : 1;
    return centreSide(i);
  }

  glm::vec2 sizeOf(int i) const { return glm::max(req_[i].size, glm::vec2(0.f)); }

  bool placeable(int i) const {
    glm::vec2 s = sizeOf(i);
    bool finite = std::isfinite(s.x) && std::isfinite(s.y) && std::isfinite(req_[i].anchor.x) &&
                  std::isfinite(req_[i].anchor.y);
    return finite && s.x <= availW_ && s.y <= availH_;
  }

  // Height of column `side` under `sides`, with label `plus` added when it is not already there.
  float columnHeight(const std::vector<int>& sides, int side, int plus = -1) const {
    float h = 0;
    int count = 0;
    for (int i = 0; i < n_; ++i)
      if (sides[i] == side || i == plus) {
        h += sizeOf(i).y;
        ++count;
      }
    return count ? h + p_.spacing * float(count - 1) : 0.f;
  }
  bool fits(float height) const { return height <= availH_ + 1e-3f; }

  void assignSides(LayoutStats& stats) {
    // Which labels fit: greedy in rank order, so a label only ever loses its place to labels that
    // outrank it. Each tries the column on its side of the centre line, then the other. Only sizes and
    // centre sides matter here, so hysteresis and flips never change which labels are shown.
    side_.assign(n_, 0);
    stats.droppedForSpace.clear();
    for (int i : rankOrder_) {
      if (excluded_[i]) continue;
      if (placeable(i)) {
        int first = req_[i].side != 0 ? preferred_[i] : centreSide(i);
        for (int s : {first, -first}) {
          if (s != first && req_[i].side != 0) break;
          if (!fits(columnHeight(side_, s, i))) continue;
          side_[i] = s;
          break;
        }
      }
      if (side_[i] == 0) stats.droppedForSpace.push_back(i);
    }

    // Which column each takes: its preferred one (hysteresis, flips). When that overfills a column,
    // its labels with anchors nearest the other column move over: their leaders cross the least of
    // the model. Flipped labels stay, or they would go back into their conflict.
    std::vector<int> want(n_, 0);
    for (int i = 0; i < n_; ++i)
      if (side_[i] != 0) want[i] = preferred_[i];
    for (int s : {-1, 1}) {
      while (!fits(columnHeight(want, s))) {
        int best = -1;
        for (int i = 0; i < n_; ++i) {
          if (want[i] != s || req_[i].side != 0 || flipped_[i] || !fits(columnHeight(want, -s, i))) continue;
          float x = float(s) * req_[i].anchor.x, bestX = best < 0 ? 0.f : float(s) * req_[best].anchor.x;
          if (best < 0 || x < bestX || (x == bestX && ranksBefore(best, i))) best = i;
        }
        if (best < 0) return;  // no such split: keep the greedy one, which fits
        want[best] = -s;
      }
    }
    side_ = want;
  }

  void orderAndPlace(int c) {
    int side = c == 0 ? -1 : 1;
    auto& col = column_[c];
    col.clear();
    for (int i = 0; i < n_; ++i)
      if (side_[i] == side) col.push_back(i);
    std::sort(col.begin(), col.end(), [&](int a, int b) {
      if (req_[a].anchor.y != req_[b].anchor.y) return req_[a].anchor.y < req_[b].anchor.y;
      return a < b;
    });
    placeColumn(c);
  }

  // Boxes in column order, each as near its anchor's y as the order, the spacing and the image allow
  // (least squares). Shifting box k up by the heights above it turns "no overlap" into "z
  // non-decreasing", which pool-adjacent-violators solves exactly: runs of boxes that push each
  // other merge into one block sitting at the mean of its targets. The result moves at most as far
  // as the anchors do, so small motions move boxes little.
  void placeColumn(int c) {
    const auto& col = column_[c];
    int m = int(col.size());
    if (m == 0) return;
    std::vector<double> offset(m), target(m);
    double acc = 0;
    for (int k = 0; k < m; ++k) {
      offset[k] = acc;
      target[k] = double(req_[col[k]].anchor.y) - 0.5 * sizeOf(col[k]).y - acc;
      acc += sizeOf(col[k]).y + p_.spacing;
    }
    double span = acc - p_.spacing;
    double lo = p_.margin, hi = std::max(lo, double(p_.image.y) - p_.margin - span);

    struct Block {
      double sum;
      int count, first;
      double mean() const { return sum / count; }
    };
    std::vector<Block> blocks;
    for (int k = 0; k < m; ++k) {
      blocks.push_back({target[k], 1, k});
      while (blocks.size() > 1 && blocks[blocks.size() - 2].mean() >= blocks.back().mean()) {
        Block b = blocks.back();
        blocks.pop_back();
        blocks.back().sum += b.sum;
        blocks.back().count += b.count;
      }
    }

    // One inner edge per column, so the leaders of a column all end on a straight line and never
    // reach into the neighbouring boxes; widest box decides how far it is pulled in.
    float widest = 0;
    for (int i : col) widest = std::max(widest, sizeOf(i).x);
    bool left = c == 0;
    float edge = left ? std::clamp(p_.model.x - p_.gap, p_.margin + widest, p_.image.x - p_.margin)
                      : std::clamp(p_.model.z + p_.gap, p_.margin, p_.image.x - p_.margin - widest);

    for (size_t b = 0; b < blocks.size(); ++b) {
      double z = std::clamp(blocks[b].mean(), lo, hi);
      for (int k = blocks[b].first; k < blocks[b].first + blocks[b].count; ++k) {
        int i = col[k];
        glm::vec2 s = sizeOf(i);
        PlacedLabel& l = placed_[i];
        l.request = i;
        l.side = left ? -1 : 1;
        float top = float(z + offset[k]);
        l.boxMin = {left ? edge - s.x : edge, top};
        l.boxMax = {left ? edge : edge + s.x, top + s.y};
        l.lineFrom = req_[i].anchor;
        l.lineTo = {edge, top + 0.5f * s.y};
      }
    }
  }

  // Sorting by anchor y can still cross leaders when anchors far apart in x get pushed past each
  // other; exchanging the pair in the column and re-placing fixes that. The budget stops a swap
  // cycle; what is left is then treated as a conflict.
  void uncrossColumns(LayoutStats& stats) {
    for (int c = 0; c < 2; ++c) {
      auto& col = column_[c];
      int budget = 4 * int(col.size()) + 8;
      bool again = true;
      while (again && budget > 0) {
        again = false;
        for (size_t p = 0; p < col.size() && !again; ++p)
          for (size_t q = p + 1; q < col.size() && !again; ++q)
            if (leadersCross(placed_[col[p]], placed_[col[q]])) {
              std::swap(col[p], col[q]);
              placeColumn(c);
              ++stats.swaps;
              --budget;
              again = true;
            }
      }
    }
  }

  Conflict findConflict() const {
    for (int i = 0; i < n_; ++i) {
      if (side_[i] == 0) continue;
      for (int j = i + 1; j < n_; ++j) {
        if (side_[j] == 0) continue;
        const PlacedLabel &a = placed_[i], &b = placed_[j];
        bool same = side_[i] == side_[j];
        if (leadersCross(a, b))
          return {same ? Conflict::SameColumnCrossing : Conflict::CrossColumnCrossing, i, j};
        if (leaderCrossesBox(a, b)) return {Conflict::LeaderThroughBox, i, j};
        if (leaderCrossesBox(b, a)) return {Conflict::LeaderThroughBox, j, i};
        // Columns pulled in over a narrow image can meet; keep the in-column spacing between them too.
        if (!same && boxesOverlap(a, b, p_.spacing)) return {Conflict::BoxOverlap, i, j};
      }
    }
    return {};
  }

  // Which label of a conflict to send to the other column first; the other one is tried next.
  int flipCandidate(const Conflict& c) const {
    switch (c.kind) {
      case Conflict::CrossColumnCrossing: {
        // Usually one label sits on the far side of the centre line (hysteresis or rebalancing).
        bool wrongA = side_[c.a] != centreSide(c.a), wrongB = side_[c.b] != centreSide(c.b);
        if (wrongA != wrongB) return wrongA ? c.a : c.b;
        break;
      }
      case Conflict::LeaderThroughBox: return c.a;  // its anchor is under or behind the other column
      default: break;
    }
    return ranksBefore(c.a, c.b) ? c.b : c.a;
  }
  static int otherOf(const Conflict& c, int i) { return i == c.a ? c.b : c.a; }

  bool tryFlip(int i) {
    if (req_[i].side != 0 || flipped_[i] || !fits(columnHeight(side_, -side_[i], i))) return false;
    flipped_[i] = 1;
    preferred_[i] = -side_[i];
    return true;
  }

  const std::vector<LabelRequest>& req_;
  const LayoutParams& p_;
  int n_;
  float availW_, availH_;
  std::vector<int> rankOrder_, preferred_, side_;
  std::vector<char> flipped_, excluded_;
  std::vector<int> column_[2];  // top to bottom; [0] left, [1] right
  std::vector<PlacedLabel> placed_;  // by request index, valid where side_ != 0
};

float overlapArea(glm::vec4 a, glm::vec4 b) {
  float w = std::min(a.z, b.z) - std::max(a.x, b.x);
  float h = std::min(a.w, b.w) - std::max(a.y, b.y);
  return w > 0 && h > 0 ? w * h : 0.f;
}

}  // namespace

std::vector<PlacedLabel> layoutLabels(const std::vector<LabelRequest>& requests, const LayoutParams& params,
                                      const std::vector<int>* previousSides, LayoutStats* stats) {
  LayoutStats local;
  LayoutStats& s = stats ? *stats : local;
  s = LayoutStats{};
  return Solver(requests, params, previousSides).run(s);
}

std::vector<int> labelSides(const std::vector<PlacedLabel>& labels, std::size_t requestCount) {
  std::vector<int> sides(requestCount, 0);
  for (const auto& l : labels)
    if (l.request >= 0 && std::size_t(l.request) < requestCount) sides[l.request] = l.side;
  return sides;
}

bool boxesOverlap(const PlacedLabel& a, const PlacedLabel& b, float spacing) {
  return a.boxMin.x < b.boxMax.x + spacing && b.boxMin.x < a.boxMax.x + spacing &&
         a.boxMin.y < b.boxMax.y + spacing && b.boxMin.y < a.boxMax.y + spacing;
}

bool leadersCross(const PlacedLabel& a, const PlacedLabel& b) {
  glm::dvec2 p1 = a.lineFrom, p2 = a.lineTo, q1 = b.lineFrom, q2 = b.lineTo;
  return orientation(p1, p2, q1) * orientation(p1, p2, q2) < 0 && orientation(q1, q2, p1) * orientation(q1, q2, p2) < 0;
}

bool leaderCrossesBox(const PlacedLabel& leader, const PlacedLabel& box) {
  // Clip the segment against the open box (Liang-Barsky); a hit leaves a piece of positive length.
  glm::dvec2 from = leader.lineFrom, d = glm::dvec2(leader.lineTo) - from;
  glm::dvec2 lo = box.boxMin, hi = box.boxMax;
  double t0 = 0, t1 = 1;
  for (int axis = 0; axis < 2; ++axis) {
    if (d[axis] == 0) {
      if (from[axis] <= lo[axis] || from[axis] >= hi[axis]) return false;
      continue;
    }
    double ta = (lo[axis] - from[axis]) / d[axis], tb = (hi[axis] - from[axis]) / d[axis];
    if (ta > tb) std::swap(ta, tb);
    t0 = std::max(t0, ta);
    t1 = std::min(t1, tb);
  }
  return t1 - t0 > 1e-9;
}

glm::vec4 placeLegend(glm::vec2 image, glm::vec4 model, glm::vec2 legendSize, const std::vector<PlacedLabel>& labels,
                      float margin) {
  float left = margin, top = margin;
  float right = std::max(left, image.x - margin - legendSize.x);
  float bottom = std::max(top, image.y - margin - legendSize.y);
  float middle = std::max(left, 0.5f * (image.x - legendSize.x));
  const glm::vec2 corners[] = {{left, top}, {right, top}, {left, bottom}, {right, bottom}, {middle, bottom}, {middle, top}};
  // A legend over a label hides words; over the model it hides a little surface. So the first corner clear
  // of both wins, else the one covering the fewest labels (boxes or leader lines), then the least model.
  glm::vec4 best{0.f};
  int bestLabels = std::numeric_limits<int>::max();
  float bestOverlap = std::numeric_limits<float>::infinity();
  for (glm::vec2 c : corners) {
    glm::vec4 r{c, c + legendSize};
    float onModel = overlapArea(r, model);
    PlacedLabel legendBox;
    legendBox.boxMin = c;
    legendBox.boxMax = c + legendSize;
    int onLabels = 0;
    for (const auto& l : labels)
      if (overlapArea(r, {l.boxMin, l.boxMax}) > 0 || leaderCrossesBox(l, legendBox)) ++onLabels;
    if (onLabels == 0 && onModel == 0) return r;
    if (onLabels < bestLabels || (onLabels == bestLabels && onModel < bestOverlap)) {
      bestLabels = onLabels;
      bestOverlap = onModel;
      best = r;
    }
  }
  return best;
}

}  // namespace psoas
