#pragma once
// Shared helpers for the test suite: paths, one headless GL context, golden-image checks.
#include <filesystem>
#include <string>

#include "core/image.hpp"

// Built with AddressSanitizer: gcc says so with __SANITIZE_ADDRESS__, clang 14 only through __has_feature.
#if defined(__SANITIZE_ADDRESS__)
#define PSOAS_TEST_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define PSOAS_TEST_ASAN 1
#endif
#endif

namespace psoas {
struct Atlas;
}

namespace psoas::test {

std::filesystem::path sourceDir();
std::filesystem::path outputDir();  // build/test-output, created on demand
std::filesystem::path testAtlas();  // tests/data/test_atlas.json
// The built-in atlas parsed without its meshes (motion, teaching and quiz data need none), once.
const Atlas& builtinAtlasData();
// A fresh empty directory under outputDir() for one test.
std::filesystem::path scratchDir(const std::string& name);
void writeText(const std::filesystem::path& file, const std::string& text);

// One EGL context for the whole test run, with the GL debug callback on: GL errors throw.
void ensureGlContext();

// Compares with tests/golden/<name>.png. Within tolerance: true. Otherwise writes <name>.actual.png and
// <name>.diff.png to outputDir() and returns false with `report` filled. A missing baseline is written
// to tests/golden/ (review and commit it) and counts as a failure.
bool matchesGolden(const Image& actual, const std::string& name, std::string& report);

// What loading the atlas `file` refuses with (and which file the error names); a failed check if it loads.
std::string loadError(const std::filesystem::path& file, std::filesystem::path* errorFile = nullptr);

// Runs the built psoas-atlas with arguments; returns its exit code and captures stdout+stderr.
int runCli(const std::string& args, std::string& output);

}  // namespace psoas::test
