#include "test_support.hpp"

#include <doctest/doctest.h>

#include "core/atlas.hpp"
#include "core/errors.hpp"
#include "core/file_util.hpp"

#include <cstdio>
#include <fstream>
#include <memory>
#include <sstream>

#include <sys/wait.h>

#include "core/image_compare.hpp"
#include "render/headless_context.hpp"

namespace psoas::test {
namespace fs = std::filesystem;

fs::path sourceDir() { return PSOAS_SOURCE_DIR; }
fs::path outputDir() {
  fs::path p = PSOAS_TEST_OUTPUT_DIR;
  fs::create_directories(p);
  return p;
}
fs::path testAtlas() { return sourceDir() / "tests" / "data" / "test_atlas.json"; }

const Atlas& builtinAtlasData() {
  static const Atlas atlas = [] {
    fs::path file = sourceDir() / "assets" / "atlas.json";
    return parseAtlas(readTextFile(file), file);
  }();
  return atlas;
}

fs::path scratchDir(const std::string& name) {
  fs::path p = outputDir() / "scratch" / name;
  fs::remove_all(p);
  fs::create_directories(p);
  return p;
}

void writeText(const fs::path& file, const std::string& text) {
  std::ofstream(file, std::ios::binary) << text;
}

void ensureGlContext() {
  static std::unique_ptr<HeadlessContext> ctx = std::make_unique<HeadlessContext>(true);
  ctx->makeCurrent();
}

bool matchesGolden(const Image& actual, const std::string& name, std::string& report) {
  fs::path golden = sourceDir() / "tests" / "golden" / (name + ".png");
  if (!fs::exists(golden)) {
    fs::create_directories(golden.parent_path());
    writePng(actual, golden);
    report = "no baseline existed; wrote " + golden.string() + " - look at it and commit it";
    return false;
  }
  Image expected = readPng(golden);
  ImageDiff d = compareImages(expected, actual);
  // Tolerances: llvmpipe versions and GPUs differ in rounding, AO noise and edge coverage, which shows
  // as small differences on a few percent of pixels; a moved, missing or recoloured structure does not.
  bool ok = d.sameSize && d.meanAbs < 2.5 && d.fractionOver < 0.02;
  if (!ok) {
    writePng(actual, outputDir() / (name + ".actual.png"));
    if (d.sameSize) writePng(d.diff, outputDir() / (name + ".diff.png"));
    std::ostringstream o;
    o << name << ": " << (d.sameSize ? "" : "size differs; ") << "mean diff " << d.meanAbs << ", max " << d.maxAbs
      << ", " << d.fractionOver * 100 << "% pixels over threshold; actual and diff written to " << outputDir();
    report = o.str();
  }
  return ok;
}

int runCli(const std::string& args, std::string& output) {
  std::string cmd = std::string("\"") + PSOAS_ATLAS_EXE + "\" " + args + " 2>&1";
  output.clear();
  FILE* p = popen(cmd.c_str(), "r");
  if (!p) return -1;
  char buf[4096];
  std::size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) output.append(buf, n);
  int status = pclose(p);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);  // a crash is never an acceptable answer
  return WEXITSTATUS(status);
}

std::string loadError(const fs::path& file, fs::path* errorFile) {
  try {
    loadAtlas(file);
  } catch (const AtlasError& e) {
    if (errorFile) *errorFile = e.file;
    return e.what();
  }
  FAIL("loaded");
  return {};
}

}  // namespace psoas::test
