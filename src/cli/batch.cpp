// psoas-atlas render --batch figures.json: many figures, one process, the models loaded once.
#include <chrono>
#include <cstdio>
#include <iostream>
#include <optional>
#include <unordered_set>

#include "cli/figure_job.hpp"
#include "core/errors.hpp"
#include "core/file_util.hpp"
#include "core/json_cursor.hpp"
#include "core/posed_atlas.hpp"
#include "render/figure_export.hpp"
#include "render/allocator.hpp"
#include "render/headless_context.hpp"
#include "render/renderer.hpp"

namespace psoas::cli {
namespace fs = std::filesystem;

namespace {
[[noreturn]] void throwState(const fs::path& f, const std::string& w) { throw StateError(f, w); }

// One entry of the batch, read and checked: its output path (unique in the batch), its state and scene.
FigureJob readJob(const RenderArgs& a, const Atlas& atlas, const fs::path& file, const JsonCursor<StateError>& list,
                  std::size_t i, std::unordered_set<std::string>& outputs) {
  auto item = list[i];
  item.allowOnly({"out", "state"});
  FigureJob job;
  fs::path out = item.at("out").idStr();
  job.out = out.is_absolute() ? out : file.parent_path() / out;
  try {
    validateOutputPath(job.out);
  } catch (const UsageError& e) {
    item.at("out").fail(e.what());
  }
  // A hash set: comparing every output with every other took minutes for 10,000 figures.
  std::error_code ec;
  fs::path canonical = fs::weakly_canonical(job.out, ec);
  if (!outputs.insert((ec ? job.out : canonical).string()).second) item.at("out").fail("written twice in this batch");
  if (!ec && canonical == fs::weakly_canonical(file, ec)) item.at("out").fail("would overwrite the batch file itself");
  if (auto st = item.find("state")) {
    if (st->json().is_string()) {
      fs::path p = st->idStr();
      job.stateFile = p.is_absolute() ? p : file.parent_path() / p;
      try {
        job.state = loadViewState(job.stateFile);
      } catch (const FileError& e) {
        st->fail(e.what());  // names the batch file, the entry and the state file
      }
    } else {
      job.stateFile = file;
      job.state = readViewState(st->json(), file, st->path());
    }
  }
  applyOverrides(a, atlas, job.state);
  try {
    job.scene = applyViewState(atlas, job.state, job.stateFile);
  } catch (const StateError& e) {
    // An inline state's problems are reported at its place in the batch file.
    if (job.stateFile != file) throw;
    std::string what = std::string(e.what()).substr(file.string().size() + 2);
    list[i].at("state").fail(what);
  }
  job.state.pose = effectivePose(atlas.motion, job.state.pose);
  try {
    checkFigureFits(job.state.figure);
  } catch (const RenderError& e) {
    throw RenderError(file.string() + ": figures[" + std::to_string(i) + "]: " + e.what());
  }
  return job;
}

}  // namespace

int runBatch(const RenderArgs& a) {
  fs::path file = a.batch;
  nlohmann::json doc = parseJsonText(readTextFile(file), file, throwState);
  JsonCursor<StateError> root(doc, file);
  root.allowOnly({"format", "version", "atlas", "figures"});
  if (root.at("format").str() != "psoas-atlas-batch") root.at("format").fail("expected \"psoas-atlas-batch\"");
  if (root.at("version").integer(1, 1000000) > 1) root.at("version").fail("written by a newer Psoas Atlas");
  std::string batchAtlas;
  if (auto at = root.find("atlas")) batchAtlas = at->idStr();
  auto list = root.at("figures");
  if (list.size() == 0) list.fail("no figures to render");

  // Read and check everything first: a typo in figure 9 must not cost the time of figures 1 to 8.
  Atlas atlas = loadAtlasForFigures(a, batchAtlas, file);
  returnFreedMemory();
  keepFreedMemoryForReuse();  // from here on, frame after frame
  std::vector<FigureJob> jobs;
  std::unordered_set<std::string> outputs;
  for (std::size_t i = 0; i < list.size(); ++i) jobs.push_back(readJob(a, atlas, file, list, i, outputs));

  HeadlessContext context(a.glDebug);
  Renderer renderer;
  int failed = 0;
  std::optional<PoseRig> rig;  // built at the first posed figure
  for (std::size_t i = 0; i < jobs.size(); ++i) {
    auto t0 = std::chrono::steady_clock::now();
    try {
      if (!jobs[i].state.pose.isStanding()) {
        // One pose at a time: a posed copy of the atlas, the view fitted to it.
        if (!rig) rig = commandPoseRig(atlas);
        Atlas posed = posedAtlas(atlas, *rig, jobs[i].state.pose);
        jobs[i].scene = applyViewState(atlas, posed, jobs[i].state, jobs[i].stateFile);
        exportFigure(renderer, posed, jobs[i].scene, jobs[i].state, jobs[i].out);
      } else {
        exportFigure(renderer, atlas, jobs[i].scene, jobs[i].state, jobs[i].out);
      }
      double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
      if (!a.quiet)
        std::printf("[%zu/%zu] wrote %s (%dx%d, %.1f s)\n", i + 1, jobs.size(), jobs[i].out.c_str(),
                    jobs[i].state.figure.width, jobs[i].state.figure.height, s);
    } catch (const std::exception& e) {
      ++failed;
      std::fprintf(stderr, "[%zu/%zu] psoas-atlas: %s\n", i + 1, jobs.size(), e.what());
    }
    std::fflush(stdout);
  }
  if (failed) std::fprintf(stderr, "psoas-atlas: %d of %zu figures failed\n", failed, jobs.size());
  return failed ? kRenderFailed : kOk;
}

}  // namespace psoas::cli
