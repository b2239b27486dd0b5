// psoas-atlas export: the structures, posed, as one glTF binary (for Blender and web pages). GL-free.
#include <iostream>

#include "cli/commands.hpp"
#include "core/atlas.hpp"
#include "core/errors.hpp"
#include "core/file_util.hpp"
#include "core/gltf_writer.hpp"
#include "core/posed_atlas.hpp"
#include "core/resources.hpp"
#include "core/rig_cache.hpp"

namespace psoas::cli {
namespace fs = std::filesystem;

CLI::App* addExportCommand(CLI::App& app, ExportArgs& a) {
  CLI::App* cmd = app.add_subcommand("export", "Write the structures, posed, as a glTF binary (.glb, metres, +Y up)");
  cmd->add_option("--atlas", a.atlas, "Atlas JSON file (default: the built-in atlas)")->check(fileNameCheck());
  addPoseOptions(*cmd, a.pose);
  cmd->add_option("-o,--out", a.out, "Output .glb file (written atomically)")->check(fileNameCheck());
  cmd->add_flag("-q,--quiet", a.quiet, "Print nothing on success");
  return cmd;
}

namespace {

void validateGlbPath(const fs::path& out) {
  if (out.empty()) throw UsageError("no output file: give --out FILE.glb");
  if (out.extension() != ".glb" && out.extension() != ".GLB")
    throw UsageError("output file \"" + out.string() + "\" must end in .glb");
  std::error_code ec;
  fs::path dir = out.parent_path().empty() ? fs::path(".") : out.parent_path();
  if (fs::is_directory(out, ec)) throw UsageError("output \"" + out.string() + "\" is a directory");
  if (!fs::is_directory(dir, ec)) throw UsageError("output directory \"" + dir.string() + "\" does not exist");
}
}  // namespace

int runExport(const ExportArgs& a) {
  try {
    validateGlbPath(a.out);
    fs::path file = atlasPathOrDefault(a.atlas);
    // Parse first: a bad pose is reported before any mesh is read.
    Atlas atlas = parseAtlas(readTextFile(file), file);
    Pose pose = poseFromArgs(atlas.motion, a.pose);
    loadAtlasMeshes(atlas);
    printAtlasWarnings(atlas);
    // Posed as figures pose it: muscles along their paths, the envelope skinned, both kept out of the bones.
    // A GLB holds the meshes only: no labels, so the anchors are moved along rather than found again.
    Atlas posed = posedAtlas(atlas, commandPoseRig(atlas), pose, PosedAnchors::Moved);
    std::vector<GltfItem> items;
    for (const Structure& s : posed.structures)
      if (s.mesh) items.push_back(GltfItem{s.id, *s.mesh, s.color, s.opacity});
    writeFileAtomic(a.out, writeGlb(items, "psoas-atlas " + versionString()));
    if (!a.quiet) std::cout << "wrote " << a.out << " (" << items.size() << " structures)\n";
    return kOk;
  } catch (const std::exception& e) {
    return reportError(e);
  }
}

PoseRig commandPoseRig(const Atlas& atlas) {
  std::string warning;
  PoseRig rig = loadOrBuildPoseRig(atlas, RigUse::OnePose, &warning);
  if (!warning.empty()) std::cerr << "psoas-atlas: warning: " << warning << "\n";
  return rig;
}

CLI::App* addMakeRigCommand(CLI::App& app, MakeRigArgs& a) {
  // Hidden (no group): the build runs it; a user never needs to.
  CLI::App* cmd = app.add_subcommand("make-rig", "Write an atlas's pose rig file (run by the build)")->group("");
  cmd->add_option("--atlas", a.atlas, "Atlas JSON file (default: the built-in atlas)")->check(fileNameCheck());
  cmd->add_option("-o,--out", a.out, "Output .rig file (written atomically)")->required()->check(fileNameCheck());
  return cmd;
}

int runMakeRig(const MakeRigArgs& a) {
  try {
    fs::path file = atlasPathOrDefault(a.atlas);
    Atlas atlas = parseAtlas(readTextFile(file), file);
    if (atlas.motion.skeleton.empty()) throw UsageError("this atlas has no skeleton, so it has no pose rig");
    loadAtlasMeshes(atlas);
    printAtlasWarnings(atlas);
    writePoseRigFile(atlas, a.out);
    return kOk;
  } catch (const std::exception& e) {
    return reportError(e);
  }
}

}  // namespace psoas::cli
