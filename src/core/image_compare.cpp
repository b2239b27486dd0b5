#include "core/image_compare.hpp"

#include <algorithm>
#include <cstdlib>

namespace psoas {

ImageDiff compareImages(const Image& a, const Image& b, int threshold) {
  ImageDiff d;
  d.sameSize = a.width == b.width && a.height == b.height;
  if (!d.sameSize) return d;
  d.diff = Image(a.width, a.height);
  long long sum = 0, over = 0;
  for (int y = 0; y < a.height; ++y)
    for (int x = 0; x < a.width; ++x) {
      const auto* p = a.pixel(x, y);
      const auto* q = b.pixel(x, y);
      int m = 0;
      for (int c = 0; c < 4; ++c) {
        int v = std::abs(int(p[c]) - int(q[c]));
        sum += v;
        m = std::max(m, v);
      }
      d.maxAbs = std::max(d.maxAbs, m);
      if (m > threshold) ++over;
      auto* o = d.diff.pixel(x, y);
      std::uint8_t amp = std::uint8_t(std::min(255, m * 4));
      o[0] = amp; o[1] = std::uint8_t(q[1] / 4); o[2] = std::uint8_t(q[2] / 4); o[3] = 255;
    }
  double px = double(a.width) * a.height;
  d.meanAbs = px > 0 ? double(sum) / (px * 4) : 0;
  d.fractionOver = px > 0 ? double(over) / px : 0;
  return d;
}

}  // namespace psoas
