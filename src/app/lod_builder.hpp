#pragma once
// Simplified meshes for moving views, built off the main thread so frames never wait for them. The viewer
// asks for a build when an atlas opens or grows, starts it once a frame is on screen, and collects the
// result when it is ready. No GLFW, no GL.
#include <cstddef>
#include <future>
#include <memory>
#include <vector>

#include "core/atlas.hpp"

namespace psoas {

class LodBuilder {
 public:
  // A new atlas: nothing it has is simplified yet; a build is wanted.
  void reset() { careful_ = 0; pending_ = true; ++generation_; }
  // Structures were appended: a build is wanted for them.
  void request() { pending_ = true; }
  // Starts the wanted build for the structures that have none yet, unless one is running.
  void startIfWanted(const Atlas& atlas);
  // When the running build is done, puts its levels into `table` (the atlas's, indexed like its
  // structures); true if it did. A build for an atlas that was replaced since is dropped.
  bool collect(LodTable& table);
  bool busy() const { return future_.valid(); }

 private:
  std::future<LodTable> future_;
  int generation_ = 0, buildGeneration_ = -1;
  std::size_t first_ = 0;    // the structure the running build starts at
  std::size_t careful_ = 0;  // structures before this one have their simplified meshes
  bool pending_ = false;
};

}  // namespace psoas
