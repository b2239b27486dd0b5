// psoas-atlas export: the structures, posed, as one glTF binary (for Blender and web pages). GL-free.
#include <iostream>

#include <glm/mat3x3.hpp>
#include <glm/matrix.hpp>

#include "cli/commands.hpp"
#include "core/atlas.hpp"
#include "core/errors.hpp"
#include "core/file_util.hpp"
#include "core/gltf_writer.hpp"
#include "core/muscle_deform.hpp"
#include "core/resources.hpp"

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
// A rigid structure's mesh moved by its transform; normals by the rotation (transforms are rigid).
Mesh transformed(const Mesh& m, const glm::mat4& t) {
  Mesh out = m;
  glm::mat3 r(t);
  for (auto& p : out.positions) p = glm::vec3(t * glm::vec4(p, 1.f));
  for (auto& n : out.normals) n = r * n;
  return out;
}

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
    auto segs = segmentTransforms(atlas.motion.skeleton, pose);
    auto deformed = pose.isStanding() ? std::vector<std::shared_ptr<const Mesh>>(atlas.structures.size())
                                      : deformedMeshes(atlas, bindAtlasMuscles(atlas), segs);
    std::vector<GltfItem> items;
    for (std::size_t i = 0; i < atlas.structures.size(); ++i) {
      const Structure& s = atlas.structures[i];
      if (!s.mesh) continue;
      GltfItem it{s.id, deformed[i] ? *deformed[i] : transformed(*s.mesh, structureTransform(atlas, segs, int(i))),
                  s.color, s.opacity};
      items.push_back(std::move(it));
    }
    writeFileAtomic(a.out, writeGlb(items, "psoas-atlas " + versionString()));
    if (!a.quiet) std::cout << "wrote " << a.out << " (" << items.size() << " structures)\n";
    return kOk;
  } catch (const std::exception& e) {
    return reportError(e);
  }
}

}  // namespace psoas::cli
