#pragma once
// Fitting one surface to another, for `psoas-atlas import`: nearest points (nanoflann), similarity
// transforms (Eigen's Umeyama), similarity ICP, a smooth non-rigid refinement and sphere fits. Works on
// point samples of surfaces, never on vertex numbering, so any mesh of a bone fits any other.
#include <cstddef>
#include <memory>
#include <vector>

#include <glm/mat3x3.hpp>
#include <glm/vec3.hpp>

#include "core/mesh.hpp"

namespace psoas {

// p -> scale * rotation * p + translation.
struct Similarity {
  float scale = 1.f;
  glm::mat3 rotation{1.f};
  glm::vec3 translation{0.f};
  glm::vec3 apply(const glm::vec3& p) const { return scale * (rotation * p) + translation; }
  Similarity inverse() const;
  Similarity then(const Similarity& next) const;  // next(this(p))
};

// The similarity (or, withScale false, the rigid motion) that takes src onto dst in the least-squares
// sense. Needs at least three non-collinear pairs; throws Error otherwise.
Similarity fitSimilarity(const std::vector<glm::vec3>& src, const std::vector<glm::vec3>& dst, bool withScale = true);

// A k-d tree over a fixed point set.
class NearestPoints {
 public:
  explicit NearestPoints(std::vector<glm::vec3> points);
  ~NearestPoints();
  NearestPoints(NearestPoints&&) noexcept;
  NearestPoints& operator=(NearestPoints&&) noexcept;
  // Index of the point nearest p; `dist2` gets its squared distance.
  std::size_t nearest(const glm::vec3& p, float* dist2 = nullptr) const;
  const std::vector<glm::vec3>& points() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// About `count` points spread over the surface (vertices thinned on a grid, then strided): registration
// needs a few thousand, whatever the mesh's resolution.
std::vector<glm::vec3> surfaceSamples(const Mesh& mesh, std::size_t count);

// A smooth displacement field: a sum of Gaussian bumps around centres.
struct Warp {
  std::vector<glm::vec3> centres, weights;
  float sigma = 1.f;
  glm::vec3 at(const glm::vec3& p) const;
};

// How one built-in structure maps onto its counterpart: similarity, then the warp (in the target's frame).
struct SurfaceMap {
  Similarity similarity;
  Warp warp;
  float rms = 0.f;  // symmetric RMS surface distance after the fit, target units
  glm::vec3 carry(const glm::vec3& p) const {
    glm::vec3 q = similarity.apply(p);
    return q + warp.at(q);
  }
};

struct RegistrationOptions {
  int icpIterations = 40;
  int warpIterations = 6;
  bool nonRigid = true;
  int warpCentres = 48;
};

// Registers `src` samples onto `dst` samples starting from `init`: trimmed symmetric similarity ICP,
// then (options.nonRigid) a regularised Gaussian-bump warp fitted to the remaining residuals.
SurfaceMap registerSurface(const std::vector<glm::vec3>& src, const NearestPoints& dst, const Similarity& init,
                           const RegistrationOptions& options = {});

struct Sphere {
  glm::vec3 centre{0.f};
  float radius = 0.f;
  float rms = 0.f;  // RMS distance of the points from the sphere
};
// Least-squares sphere through the points (algebraic fit, then the RMS of the geometric residuals).
Sphere fitSphere(const std::vector<glm::vec3>& points);

}  // namespace psoas
