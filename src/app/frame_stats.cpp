#include "app/frame_stats.hpp"

#include <algorithm>
#include <cstdio>

namespace psoas {

namespace {
template <class Get>
double medianOf(const std::vector<MovingFrame>& frames, Get get) {
  std::vector<double> v;
  for (const auto& f : frames) v.push_back(get(f));
  std::nth_element(v.begin(), v.begin() + std::ptrdiff_t(v.size() / 2), v.end());
  return v[v.size() / 2];
}

std::string format(const char* fmt, auto... args) {
  char line[512];
  std::snprintf(line, sizeof line, fmt, args...);
  return line;
}
}  // namespace

std::string FrameStats::summary(int w, int h) const {
  if (frames_.empty()) return "moving frames: none\n";
  std::vector<double> t;
  int atStep[3] = {0, 0, 0};
  for (const auto& f : frames_) {
    t.push_back(f.cost * 1000.0);
    ++atStep[std::clamp(f.step, 0, 2)];
  }
  std::sort(t.begin(), t.end());
  const double median = t[t.size() / 2];
  const auto& F = frames_;
  std::string out = format(
      "moving frames: %zu in a %dx%d window, median %.1f ms a frame (%.1f fps), 90th percentile %.1f ms; "
      "drawn at full size %d, 3/4 size %d, 1/2 size %d\n",
      t.size(), w, h, median, 1000.0 / median, t[t.size() * 9 / 10], atStep[0], atStep[1], atStep[2]);
  if (!byPhase_) return out;
  out += format("phases (median ms): UI built %.1f, scene %.1f, UI drawn %.1f, swap %.1f\n",
                medianOf(F, [](const MovingFrame& f) { return f.uiBuild * 1e3; }),
                medianOf(F, [](const MovingFrame& f) { return f.scene * 1e3; }),
                medianOf(F, [](const MovingFrame& f) { return f.uiDraw * 1e3; }),
                medianOf(F, [](const MovingFrame& f) { return f.swap * 1e3; }));
  out += format("scene passes (median ms): opaque %.1f, translucent %.1f, selection %.1f, labels %.1f, depth cue "
                "%.1f, resolve %.1f\n",
                medianOf(F, [](const MovingFrame& f) { return f.passes.opaque; }),
                medianOf(F, [](const MovingFrame& f) { return f.passes.translucent; }),
                medianOf(F, [](const MovingFrame& f) { return f.passes.mask; }),
                medianOf(F, [](const MovingFrame& f) { return f.passes.overlay; }),
                medianOf(F, [](const MovingFrame& f) { return f.passes.depthCue; }),
                medianOf(F, [](const MovingFrame& f) { return f.passes.resolve; }));
  return out;
}

}  // namespace psoas
