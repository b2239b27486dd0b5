// Surface registration for the importer. See registration.hpp.
#include "core/registration.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <unordered_set>

#include <Eigen/Dense>
#include <Eigen/Geometry>
#include <glm/geometric.hpp>
#include <glm/matrix.hpp>
#include <nanoflann.hpp>

#include "core/errors.hpp"

namespace psoas {

Similarity Similarity::inverse() const {
  Similarity r;
  r.scale = 1.f / scale;
  r.rotation = glm::transpose(rotation);
  r.translation = -(r.scale * (r.rotation * translation));
  return r;
}

Similarity Similarity::then(const Similarity& next) const {
  Similarity r;
  r.scale = next.scale * scale;
  r.rotation = next.rotation * rotation;
  r.translation = next.apply(translation);
  return r;
}

Similarity fitSimilarity(const std::vector<glm::vec3>& src, const std::vector<glm::vec3>& dst, bool withScale) {
  if (src.size() != dst.size() || src.size() < 3) throw Error("a similarity fit needs at least three point pairs");
  Eigen::Matrix3Xd a(3, src.size()), b(3, dst.size());
  for (std::size_t i = 0; i < src.size(); ++i) {
    a.col(Eigen::Index(i)) << src[i].x, src[i].y, src[i].z;
    b.col(Eigen::Index(i)) << dst[i].x, dst[i].y, dst[i].z;
  }
  // Collinear (or coincident) points leave the rotation about their line undetermined.
  Eigen::Matrix3Xd centred = a.colwise() - a.rowwise().mean();
  Eigen::JacobiSVD<Eigen::Matrix3d> svd(centred * centred.transpose());
  Eigen::Vector3d sv = svd.singularValues();
  if (!(sv(0) > 0) || sv(1) < 1e-10 * sv(0)) throw Error("a similarity fit needs points that are not all on one line");
  Eigen::Matrix4d m = Eigen::umeyama(a, b, withScale);
  Eigen::Matrix3d sr = m.topLeftCorner<3, 3>();
  double s = std::cbrt(sr.determinant());
  Similarity r;
  r.scale = float(s);
  for (int i = 0; i < 3; ++i)
    for (int j = 0; j < 3; ++j) r.rotation[j][i] = float(sr(i, j) / s);
  r.translation = {float(m(0, 3)), float(m(1, 3)), float(m(2, 3))};
  return r;
}

// ---- nearest points
namespace {
struct Cloud {
  std::vector<glm::vec3> pts;
  std::size_t kdtree_get_point_count() const { return pts.size(); }
  float kdtree_get_pt(std::size_t i, std::size_t d) const { return pts[i][int(d)]; }
  template <class B>
  bool kdtree_get_bbox(B&) const { return false; }
};
using Tree = nanoflann::KDTreeSingleIndexAdaptor<nanoflann::L2_Simple_Adaptor<float, Cloud>, Cloud, 3, std::size_t>;
}  // namespace

struct NearestPoints::Impl {
  Cloud cloud;
  Tree tree;
  explicit Impl(std::vector<glm::vec3> p) : cloud{std::move(p)}, tree(3, cloud, nanoflann::KDTreeSingleIndexAdaptorParams(12)) {
    tree.buildIndex();
  }
};

NearestPoints::NearestPoints(std::vector<glm::vec3> points) {
  if (points.empty()) throw Error("no points to search");
  impl_ = std::make_unique<Impl>(std::move(points));
}
NearestPoints::~NearestPoints() = default;
NearestPoints::NearestPoints(NearestPoints&&) noexcept = default;
NearestPoints& NearestPoints::operator=(NearestPoints&&) noexcept = default;

std::size_t NearestPoints::nearest(const glm::vec3& p, float* dist2) const {
  std::size_t index = 0;
  float d2 = 0.f;
  float q[3] = {p.x, p.y, p.z};
  impl_->tree.knnSearch(q, 1, &index, &d2);
  if (dist2) *dist2 = d2;
  return index;
}

const std::vector<glm::vec3>& NearestPoints::points() const { return impl_->cloud.pts; }

std::vector<glm::vec3> surfaceSamples(const Mesh& mesh, std::size_t count) {
  Bounds b;
  for (auto& p : mesh.positions) b.add(p);
  if (b.empty() || count == 0) return {};
  // One vertex per grid cell first, so a finely meshed patch does not crowd out the rest of the bone.
  glm::vec3 size = b.size();
  double cell = std::cbrt(double(size.x + 1e-9f) * (size.y + 1e-9f) * (size.z + 1e-9f) / double(count * 4));
  cell = std::max(cell, 1e-9);
  std::unordered_set<std::uint64_t> used;
  std::vector<glm::vec3> out;
  for (auto& p : mesh.positions) {
    glm::vec3 g = (p - b.min) / float(cell);
    std::uint64_t key = (std::uint64_t(g.x) * 73856093u) ^ (std::uint64_t(g.y) * 19349663u) ^ (std::uint64_t(g.z) * 83492791u);
    if (used.insert(key).second) out.push_back(p);
  }
  if (out.size() > count) {
    std::vector<glm::vec3> thin;
    double step = double(out.size()) / double(count);
    for (double i = 0; std::size_t(i) < out.size() && thin.size() < count; i += step) thin.push_back(out[std::size_t(i)]);
    out.swap(thin);
  }
  return out;
}

// ---- ICP
namespace {
struct Pairs {
  std::vector<glm::vec3> src, dst;
  double sumSq = 0;
};

// Pairs both ways (each source point with its nearest target point and each target point with its nearest
// source point), dropping the worst tenth of each: a partial or differently cut bone does not drag the fit.
Pairs symmetricPairs(const std::vector<glm::vec3>& src, const std::vector<glm::vec3>& moved, const NearestPoints& dst) {
  Pairs out;
  auto keep = [&](std::vector<std::pair<float, std::pair<glm::vec3, glm::vec3>>>& list) {
    if (list.empty()) return;
    std::size_t n = std::max<std::size_t>(3, list.size() * 9 / 10);
    std::nth_element(list.begin(), list.begin() + std::ptrdiff_t(std::min(n, list.size()) - 1), list.end(),
                     [](auto& a, auto& b) { return a.first < b.first; });
    for (std::size_t i = 0; i < std::min(n, list.size()); ++i) {
      out.src.push_back(list[i].second.first);
      out.dst.push_back(list[i].second.second);
      out.sumSq += list[i].first;
    }
  };
  std::vector<std::pair<float, std::pair<glm::vec3, glm::vec3>>> fwd, back;
  fwd.reserve(src.size());
  for (std::size_t i = 0; i < src.size(); ++i) {
    float d2 = 0;
    std::size_t j = dst.nearest(moved[i], &d2);
    fwd.push_back({d2, {src[i], dst.points()[j]}});
  }
  NearestPoints movedTree(moved);
  for (auto& q : dst.points()) {
    float d2 = 0;
    std::size_t j = movedTree.nearest(q, &d2);
    back.push_back({d2, {src[j], q}});
  }
  keep(fwd);
  keep(back);
  return out;
}

Similarity icp(const std::vector<glm::vec3>& src, const NearestPoints& dst, Similarity t, int iterations, float* rms) {
  std::vector<glm::vec3> moved(src.size());
  double last = 1e300;
  for (int it = 0; it < iterations; ++it) {
    for (std::size_t i = 0; i < src.size(); ++i) moved[i] = t.apply(src[i]);
    Pairs p = symmetricPairs(src, moved, dst);
    double err = p.sumSq / double(std::max<std::size_t>(1, p.src.size()));
    t = fitSimilarity(p.src, p.dst, true);
    if (rms) *rms = float(std::sqrt(err));
    if (std::abs(last - err) <= 1e-4 * err) break;  // converged: a hundredth of a percent
    last = err;
  }
  return t;
}

// Farthest-point picks: warp centres spread evenly over the bone.
std::vector<glm::vec3> spreadPoints(const std::vector<glm::vec3>& pts, int count) {
  std::vector<glm::vec3> out;
  if (pts.empty()) return out;
  std::vector<float> dist(pts.size(), 1e30f);
  std::size_t pick = 0;
  for (int k = 0; k < count && k < int(pts.size()); ++k) {
    out.push_back(pts[pick]);
    std::size_t best = 0;
    for (std::size_t i = 0; i < pts.size(); ++i) {
      glm::vec3 d = pts[i] - pts[pick];
      dist[i] = std::min(dist[i], d.x * d.x + d.y * d.y + d.z * d.z);
      if (dist[i] > dist[best]) best = i;
    }
    pick = best;
  }
  return out;
}

// One regularised least-squares solve of the bump weights: the warp at each pair's source point should take
// it to its target point. The ridge term keeps the field smooth and small where the pairs disagree.
void solveWarp(Warp& w, const Pairs& p) {
  const Eigen::Index n = Eigen::Index(p.src.size()), m = Eigen::Index(w.centres.size());
  Eigen::MatrixXd a(n, m);
  Eigen::MatrixXd r(n, 3);
  const double inv = 1.0 / (2.0 * double(w.sigma) * w.sigma);
  for (Eigen::Index i = 0; i < n; ++i) {
    for (Eigen::Index j = 0; j < m; ++j) {
      glm::vec3 d = p.src[std::size_t(i)] - w.centres[std::size_t(j)];
      a(i, j) = std::exp(-double(d.x * d.x + d.y * d.y + d.z * d.z) * inv);
    }
    glm::vec3 res = p.dst[std::size_t(i)] - p.src[std::size_t(i)];
    r.row(i) << res.x, res.y, res.z;
  }
  Eigen::MatrixXd ata = a.transpose() * a;
  double lambda = 0.02 * ata.diagonal().mean() + 1e-12;
  ata.diagonal().array() += lambda;
  Eigen::MatrixXd x = ata.ldlt().solve(a.transpose() * r);
  w.weights.resize(std::size_t(m));
  for (Eigen::Index j = 0; j < m; ++j) w.weights[std::size_t(j)] = {float(x(j, 0)), float(x(j, 1)), float(x(j, 2))};
}
}  // namespace

glm::vec3 Warp::at(const glm::vec3& p) const {
  glm::vec3 out(0.f);
  const float inv = 1.f / (2.f * sigma * sigma);
  for (std::size_t j = 0; j < centres.size() && j < weights.size(); ++j) {
    glm::vec3 d = p - centres[j];
    float e = (d.x * d.x + d.y * d.y + d.z * d.z) * inv;
    if (e < 20.f) out += weights[j] * std::exp(-e);
  }
  return out;
}

SurfaceMap registerSurface(const std::vector<glm::vec3>& src, const NearestPoints& dst, const Similarity& init,
                           const RegistrationOptions& options) {
  SurfaceMap map;
  map.similarity = icp(src, dst, init, options.icpIterations, &map.rms);
  if (!options.nonRigid) return map;
  std::vector<glm::vec3> base(src.size());
  Bounds b;
  for (std::size_t i = 0; i < src.size(); ++i) b.add(base[i] = map.similarity.apply(src[i]));
  map.warp.centres = spreadPoints(base, options.warpCentres);
  map.warp.weights.assign(map.warp.centres.size(), glm::vec3(0.f));
  // Bumps about a quarter of the bone wide: they bend a vertebra's processes, not its every ridge.
  glm::vec3 size = b.size();
  map.warp.sigma = std::max(1e-6f, 0.22f * std::max({size.x, size.y, size.z}));
  std::vector<glm::vec3> moved(src.size());
  for (int it = 0; it < options.warpIterations; ++it) {
    for (std::size_t i = 0; i < base.size(); ++i) moved[i] = base[i] + map.warp.at(base[i]);
    Pairs p = symmetricPairs(base, moved, dst);
    map.rms = float(std::sqrt(p.sumSq / double(std::max<std::size_t>(1, p.src.size()))));
    solveWarp(map.warp, p);
  }
  for (std::size_t i = 0; i < base.size(); ++i) moved[i] = base[i] + map.warp.at(base[i]);
  map.rms = float(std::sqrt(symmetricPairs(base, moved, dst).sumSq /
                            double(std::max<std::size_t>(1, base.size() + dst.points().size()) * 9 / 10)));
  return map;
}

Sphere fitSphere(const std::vector<glm::vec3>& points) {
  if (points.size() < 4) throw Error("a sphere fit needs at least four points");
  // |p|^2 = 2 c.p + (r^2 - |c|^2): linear in c and k = r^2 - |c|^2. Centred on the mean for conditioning.
  glm::dvec3 mean(0.0);
  for (auto& p : points) mean += glm::dvec3(p);
  mean /= double(points.size());
  Eigen::MatrixXd a(Eigen::Index(points.size()), 4);
  Eigen::VectorXd y(Eigen::Index(points.size()));
  for (std::size_t i = 0; i < points.size(); ++i) {
    glm::dvec3 q = glm::dvec3(points[i]) - mean;
    a.row(Eigen::Index(i)) << 2 * q.x, 2 * q.y, 2 * q.z, 1.0;
    y(Eigen::Index(i)) = q.x * q.x + q.y * q.y + q.z * q.z;
  }
  Eigen::Vector4d x = a.colPivHouseholderQr().solve(y);
  Sphere s;
  glm::dvec3 c(x(0), x(1), x(2));
  double r2 = x(3) + glm::dot(c, c);
  if (!(r2 > 0) || !std::isfinite(r2)) throw Error("the points do not lie on a sphere");
  s.centre = glm::vec3(c + mean);
  s.radius = float(std::sqrt(r2));
  double sum = 0;
  for (auto& p : points) {
    double d = glm::length(glm::dvec3(p) - (c + mean)) - s.radius;
    sum += d * d;
  }
  s.rms = float(std::sqrt(sum / double(points.size())));
  return s;
}

}  // namespace psoas
