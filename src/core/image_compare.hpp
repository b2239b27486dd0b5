#pragma once
// Golden-image comparison with tolerances: renderers (llvmpipe versions, GPUs) differ in the last bits.
#include "core/image.hpp"

namespace psoas {

struct ImageDiff {
  bool sameSize = false;
  double meanAbs = 0;        // mean absolute channel difference, 0..255
  int maxAbs = 0;            // largest channel difference, 0..255
  double fractionOver = 0;   // fraction of pixels with a channel differing by more than `threshold`
  Image diff;                // per-pixel difference, amplified, for humans
};

ImageDiff compareImages(const Image& expected, const Image& actual, int threshold = 24);

}  // namespace psoas
