#pragma once
// Runs f(0..n-1) on the machine's cores, each worker taking every workers-th index (so a worker's share
// is spread over the range, not a block of it). For data-parallel set-up work such as the pose rig,
// built off the frame loop in the window but on the way to every posed figure on the command line.
#include <algorithm>
#include <cstddef>
#include <future>
#include <thread>
#include <vector>

namespace psoas {

template <class F>
void forEachParallel(std::size_t n, F&& f) {
  std::size_t workers = std::clamp<std::size_t>(std::thread::hardware_concurrency(), 1, 8);
  workers = std::min(workers, std::max<std::size_t>(n, 1));
  std::vector<std::future<void>> jobs;
  for (std::size_t w = 1; w < workers; ++w)
    jobs.push_back(std::async(std::launch::async, [&, w] {
      for (std::size_t k = w; k < n; k += workers) f(k);
    }));
  for (std::size_t k = 0; k < n; k += workers) f(k);  // this thread is one of the workers
  for (auto& j : jobs) j.get();
}

}  // namespace psoas
