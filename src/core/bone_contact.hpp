#pragma once
// Soft tissue kept out of the bones in a pose (GL-free). Skinning and path-following move the muscles and
// the envelope smoothly, but neither knows where the bones are: in deep hip flexion the thigh swings into
// the groin's envelope and a muscle's belly is pressed against the pelvic brim, and both pass through the
// bone. Real tissue is pushed aside there, so this pushes each vertex that ends up inside a posed bone
// out to just outside its surface, along the surface's normal (the collision pass of a skinning pipeline).
//
// Each bone is tested in its own rest frame (a posed bone is its rest mesh under one rigid transform), so
// what is built at rest stays valid in every pose: a k-d tree of the bone's vertices with their normals,
// and a coarse grid of signed distances that rules out almost every vertex without a search. Both are
// made on first use (a figure in one pose needs a fraction of them) or all at once by prepare().
#include <cstdint>
#include <memory>
#include <vector>

#include <glm/mat4x4.hpp>

#include "core/mesh.hpp"

namespace psoas {

struct Atlas;
class ByteReader;
class ByteWriter;

// A deforming mesh's rest vertices as they lie near the bones (BoneContact::bind): per vertex, each
// bone within 2 cm and the signed distance to it. A vertex that moved little relative to a bone cannot
// have come much nearer to it, so most vertices need no search in a pose.
struct ContactBinding {
  struct Near {
    int bone;        // index among BoneContact's bones
    float distance;  // signed, metres (negative: inside at rest)
  };
  std::vector<std::uint32_t> first;  // per vertex, its first entry in `near`; one more at the end
  std::vector<Near> near;
  float clearance = 0.f;             // how far outside the bones its vertices are kept
  // False (BoneContact::unbound()): nothing recorded, each distance at rest is found when a pose needs
  // it. Cheaper for one pose (a figure); bind() once for many (the window, the gait).
  bool bound = false;
};

class BoneContact {
 public:
  // The bones of `rest`: structures of the group "bone" with a closed mesh that move rigidly.
  explicit BoneContact(const Atlas& rest);
  ~BoneContact();
  BoneContact(BoneContact&&) noexcept;
  BoneContact& operator=(BoneContact&&) noexcept;

  // Which way a vertex inside a bone leaves it: along the bone's surface normal (a muscle pressed against
  // a bone slides off sideways) or along the vertex's own normal (the envelope, which lies over the bones).
  enum class Push { AlongBoneNormal, AlongVertexNormal };

  // Binds a deforming structure's rest mesh; its vertices are to stay `clearance` (metres; 0: on the
  // surface) outside every bone, or as deep as they lay at rest where that is deeper.
  ContactBinding bind(const Mesh& rest, float clearance) const;
  // The same rule with nothing recorded in advance: resolve() gives the same result.
  ContactBinding unbound(float clearance) const;
  // Makes every bone's search data now (in parallel) rather than on first use: for a rig that will pose
  // many frames, built off the frame loop.
  void prepare() const;

  // Moves every vertex of `mesh` (posed from `rest`, atlas frame, normals valid) that has come nearer a
  // bone than its binding allows out to that distance; `transforms` are the structures' posed transforms
  // (structureTransform(), index as Atlas::structures). Returns how many vertices moved; when any did,
  // the normals are made again from the triangles and the bounds updated.
  std::size_t resolve(Mesh& mesh, const Mesh& rest, const ContactBinding& binding,
                      const std::vector<glm::mat4>& transforms, Push push) const;

  std::size_t boneCount() const;

  // The bones' search data (surface points, tree, every grid cell) for a rig file (core/rig_cache): save()
  // makes all of it first. load() takes it for this atlas's bones (made by the constructor) and returns
  // false, leaving the bones to make their own on first use, where the record does not fit them: another
  // bone count, structure or grid, a size or index out of range.
  void save(ByteWriter& out) const;
  bool load(ByteReader& in);
  // The constants that data is made with (grid cell, surface point spacing, reach): the rig file's hash
  // includes them, so a file made with others is stale.
  static std::vector<float> dataConstants();

 private:
  struct Bone;
  // Signed distance of rest point p to bone `bone` as bind() records it (kFar: not near).
  float restDistance(const glm::vec3& p, std::size_t bone) const;
  std::vector<std::unique_ptr<Bone>> bones_;
};

// Area-weighted vertex normals from the triangles (normalised; a vertex on no triangle keeps its normal).
void recomputeNormals(Mesh& mesh);

}  // namespace psoas
