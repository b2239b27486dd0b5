// Every file in tests/bad_inputs/ is refused cleanly: the API throws a typed error, the CLI exits with
// 2 or 3 (never a signal) naming the file, and no output file appears.
#include <doctest/doctest.h>

#include <algorithm>

#include "core/atlas.hpp"
#include "core/errors.hpp"
#include "core/mesh_loader.hpp"
#include "core/view_state.hpp"
#include "test_support.hpp"

using namespace psoas;
namespace fs = std::filesystem;

namespace {
std::vector<fs::path> corpus(const std::string& kind) {
  std::vector<fs::path> files;
  for (auto& e : fs::directory_iterator(test::sourceDir() / "tests" / "bad_inputs" / kind))
    if (e.path().filename().string()[0] != '.') files.push_back(e.path());
  std::sort(files.begin(), files.end());
  return files;
}

// Runs the CLI and checks the promises for one bad file.
void expectRefused(const std::string& args, const fs::path& bad, const fs::path& out) {
  std::string output;
  int rc = test::runCli(args, output);
  INFO(args << "\n" << output);
  CHECK((rc == 2 || rc == 3));  // 128+N would be a signal: a crash
  CHECK(output.find(bad.filename().string()) != std::string::npos);
  CHECK(output.rfind("psoas-atlas: ", 0) == 0);
  CHECK(!fs::exists(out));
}
}  // namespace

TEST_CASE("bad atlas files") {
  auto files = corpus("atlas");
  CHECK(files.size() >= 15);
  fs::path out = test::scratchDir("bad_atlas") / "out.png";
  for (const auto& f : files) {
    INFO(f);
    bool typed = false;
    try { loadAtlas(f); } catch (const FileError&) { typed = true; }
    CHECK(typed);
    expectRefused("render --atlas " + f.string() + " --out " + out.string(), f, out);
  }
}

TEST_CASE("bad view-state files") {
  auto files = corpus("state");
  CHECK(files.size() >= 12);
  Atlas atlas = loadAtlas(test::testAtlas());
  fs::path out = test::scratchDir("bad_state") / "out.png";
  for (const auto& f : files) {
    INFO(f);
    bool typed = false;
    try {
      applyViewState(atlas, loadViewState(f), f);
    } catch (const FileError&) {
      typed = true;
    }
    // A huge figure size is a valid request the CLI refuses later; everything else fails here.
    CHECK(typed);
    expectRefused("render --atlas " + test::testAtlas().string() + " --state " + f.string() + " --out " + out.string(),
                  f, out);
  }
}

TEST_CASE("bad model files") {
  auto files = corpus("model");
  CHECK(files.size() >= 10);
  fs::path out = test::scratchDir("bad_model") / "out.png";
  for (const auto& f : files) {
    INFO(f);
    bool typed = false;
    try { loadMesh(f); } catch (const ModelError&) { typed = true; }
    CHECK(typed);
    expectRefused("render --model " + f.string() + " --out " + out.string(), f, out);
  }
}

TEST_CASE("bad batch files") {
  fs::path out = test::scratchDir("bad_batch");
  for (const auto& f : corpus("batch")) {
    INFO(f);
    std::string output;
    int rc = test::runCli("render --atlas " + test::testAtlas().string() + " --batch " + f.string(), output);
    INFO(output);
    CHECK((rc == 2 || rc == 3));
    CHECK(output.find(f.filename().string()) != std::string::npos);
  }
  CHECK(!fs::exists(test::sourceDir() / "tests" / "bad_inputs" / "batch" / "x.png"));
}
