#pragma once
// The pose rig saved to disk (GL-free). Everything in a PoseRig depends on the standing atlas only, not on
// the pose: the muscles' bindings, the envelope's skinning weights, the bones' dense surface points with
// their search trees and distance grids, and each tissue vertex's distances to the bones at rest. Building
// it took most of a posed figure's extra time, so the build writes it for the built-in atlas (a hidden
// `psoas-atlas make-rig`, run by CMake; installed beside the atlas) and a figure reads it back instead.
//
// The file: a header (magic, format version, a hash of every input the rig is made from, the payload's
// size and its hash), then the payload (docs/architecture.md, "Pose rig file"). A file that is missing is
// not an error: the rig is built as before (an imported or edited atlas). One that is there but does not
// fit (another version, stale inputs, truncated, damaged) is ignored with a warning naming it.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

#include "core/posed_atlas.hpp"

namespace psoas {

// A hash of what buildPoseRig() reads: each structure's group, segment, flags and mesh (vertices, normals,
// indices) and the kinematics (skeleton, wrap surfaces, muscle paths), and the constants the bones' search
// data is made with. Any change gives another hash.
std::uint64_t rigInputHash(const Atlas& rest);

// The rig file's bytes for `rest` (the rig built from scratch, every part of it made).
std::string poseRigFileBytes(const Atlas& rest);
// Writes them atomically to `file`. Throws OutputError.
void writePoseRigFile(const Atlas& rest, const std::filesystem::path& file);

// The rig read from `file` for `rest`, or nothing: *warning is empty when the file does not exist, else
// a one-line sentence naming the file and why it was not used.
std::optional<PoseRig> readPoseRigFile(const Atlas& rest, const std::filesystem::path& file, std::string* warning);

// Where `rest`'s rig file is: beside its atlas file (atlas.json -> atlas.rig), or for the source tree's
// built-in atlas, which the build does not write into, in the build directory (assets/atlas.rig there).
// Empty for an atlas with no file (models given on the command line).
std::filesystem::path poseRigFileFor(const Atlas& rest);

// The rig for `rest`: read from its rig file where that fits, else built (buildPoseRig(rest, use)).
// *warning gets the reason a file that is there was not used (empty otherwise).
PoseRig loadOrBuildPoseRig(const Atlas& rest, RigUse use, std::string* warning);

}  // namespace psoas
