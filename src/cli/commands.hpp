#pragma once
// Headless commands. Each returns the process exit code and reports errors on stderr.
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "core/figure_spec.hpp"

namespace psoas::cli {

enum ExitCode { kOk = 0, kFailure = 1, kUsage = 2, kBadInput = 3, kRenderFailed = 4 };

struct RenderArgs {
  std::string atlas;
  std::string out;
  std::string size = "1600x1200";
  std::string background = "#ffffff";
  std::vector<std::string> opacity;  // ID=VALUE
  bool glDebug = false;
  bool quiet = false;
  FigureSpec spec;
};

CLI::App* addRenderCommand(CLI::App& app, RenderArgs& args);
int runRender(RenderArgs args);

CLI::App* addListCommand(CLI::App& app, std::string& atlasPath);
int runList(const std::string& atlasPath);

// The atlas given on the command line, or the built-in one.
std::string atlasPathOrDefault(const std::string& given);
// Prints "psoas-atlas: <message>" for any exception and maps it to an exit code.
int reportError(const std::exception& e);

}  // namespace psoas::cli
