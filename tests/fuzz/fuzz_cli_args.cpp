// libFuzzer: command lines (NUL-separated arguments) through the real option definitions and every check
// that runs before any rendering.
#include <cstdint>
#include <string>
#include <vector>

#include "cli/commands.hpp"
#include "cli/figure_job.hpp"
#include "core/errors.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const psoas::Atlas atlas = psoas::loadAtlas(PSOAS_SOURCE_DIR "/tests/data/test_atlas.json");
  std::vector<std::string> args{"psoas-atlas"};
  std::string cur;
  for (std::size_t i = 0; i < size && args.size() < 64; ++i) {
    if (data[i] == 0) { args.push_back(cur); cur.clear(); }
    else cur.push_back(char(data[i]));
  }
  if (!cur.empty()) args.push_back(cur);
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  CLI::App app{"fuzz"};
  psoas::cli::RenderArgs render;
  CLI::App* cmd = psoas::cli::addRenderCommand(app, render);
  try {
    app.parse(int(argv.size()), argv.data());
  } catch (const CLI::Error&) {
    return 0;
  }
  if (!cmd->parsed()) return 0;
  try {
    psoas::ViewState state;
    psoas::cli::applyOverrides(render, atlas, state);
    psoas::applyViewState(atlas, state, "");
  } catch (const psoas::Error&) {
  }
  return 0;
}
