#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>

#include "cli/commands.hpp"
#include "core/atlas.hpp"
#include "core/color.hpp"
#include "core/errors.hpp"
#include "core/image.hpp"
#include "core/resources.hpp"
#include "render/headless_context.hpp"
#include "render/renderer.hpp"

namespace psoas::cli {
namespace fs = std::filesystem;

std::string atlasPathOrDefault(const std::string& given) {
  return given.empty() ? builtinAtlasPath().string() : given;
}

int reportError(const std::exception& e) {
  std::cerr << "psoas-atlas: " << e.what() << "\n";
  if (dynamic_cast<const UsageError*>(&e)) return kUsage;
  if (dynamic_cast<const FileError*>(&e)) return kBadInput;
  if (dynamic_cast<const RenderError*>(&e)) return kRenderFailed;
  return kFailure;
}

CLI::App* addRenderCommand(CLI::App& app, RenderArgs& a) {
  CLI::App* cmd = app.add_subcommand("render", "Render a figure to a PNG file without any display (EGL)");
  cmd->add_option("--atlas", a.atlas, "Atlas JSON file (default: the built-in atlas)");
  cmd->add_option("-o,--out", a.out, "Output PNG file (written atomically)")->required();
  cmd->add_option("--view", a.spec.view, "View: anterior, posterior, left, right, superior, inferior, three_quarter, "
                                         "or any view the atlas defines")->capture_default_str();
  cmd->add_option("--size", a.size, "Image size WIDTHxHEIGHT")->capture_default_str();
  cmd->add_option("--ssaa", a.spec.ssaa, "Supersampling per axis, 1..4")->capture_default_str()->check(CLI::Range(1, 4));
  cmd->add_option("--isolate", a.spec.isolate, "Show only these structure ids")->expected(1, -1);
  cmd->add_option("--hide", a.spec.hide, "Hide these structure ids")->expected(1, -1);
  cmd->add_option("--show", a.spec.show, "Show these structure ids (after --isolate/--hide)")->expected(1, -1);
  cmd->add_option("--opacity", a.opacity, "ID=VALUE, opacity 0..1 for a structure")->expected(1, -1);
  cmd->add_option("--select", a.spec.select, "Highlight this structure id as if selected");
  cmd->add_option("--background", a.background, "Background colour, #rrggbb")->capture_default_str();
  cmd->add_flag("--transparent", a.spec.transparent, "Transparent background (alpha 0 outside the model)");
  cmd->add_flag("--gl-debug", a.glDebug, "Fail on any OpenGL error reported by the driver");
  cmd->add_flag("-q,--quiet", a.quiet, "Print nothing on success");
  return cmd;
}

namespace {
void validateOutputPath(const fs::path& out) {
  if (out.extension() != ".png" && out.extension() != ".PNG")
    throw UsageError("output file \"" + out.string() + "\" must end in .png");
  std::error_code ec;
  if (fs::is_directory(out, ec)) throw UsageError("output \"" + out.string() + "\" is a directory");
  fs::path dir = out.parent_path().empty() ? fs::path(".") : out.parent_path();
  if (!fs::is_directory(dir, ec))
    throw UsageError("output directory \"" + dir.string() + "\" does not exist");
}
}  // namespace

int runRender(RenderArgs a) {
  try {
    auto t0 = std::chrono::steady_clock::now();
    // Everything that can be checked without a GPU is checked before any work is done.
    auto [w, h] = parseSize(a.size, 16384);
    a.spec.width = w;
    a.spec.height = h;
    auto bg = parseColor(a.background);
    if (!bg) throw UsageError("invalid --background \"" + a.background + "\": expected #rrggbb");
    a.spec.background = glm::vec4(glm::vec3(*bg), 1.f);
    for (const auto& item : a.opacity) {
      auto eq = item.find('=');
      float v = -1.f;
      try { if (eq != std::string::npos) v = std::stof(item.substr(eq + 1)); } catch (...) {}
      if (eq == std::string::npos || !(v >= 0.f && v <= 1.f))
        throw UsageError("invalid --opacity \"" + item + "\": expected ID=VALUE with VALUE between 0 and 1");
      a.spec.opacity.emplace_back(item.substr(0, eq), v);
    }
    fs::path out = a.out;
    validateOutputPath(out);

    Atlas atlas = loadAtlas(atlasPathOrDefault(a.atlas));
    SceneState state = makeFigureState(atlas, a.spec);
    auto t1 = std::chrono::steady_clock::now();

    HeadlessContext context(a.glDebug);
    if (Renderer::maxOutputSize() < std::max(w, h))
      throw UsageError("this GPU renders at most " + std::to_string(Renderer::maxOutputSize()) + " pixels per side");
    Renderer renderer;
    renderer.render(atlas, state, {w, h, a.spec.ssaa, float(std::max(w, h)) / 1000.f});
    Image img = renderer.readPixels();
    writePng(img, out);
    auto t2 = std::chrono::steady_clock::now();
    if (!a.quiet) {
      auto ms = [](auto d) { return std::chrono::duration_cast<std::chrono::milliseconds>(d).count(); };
      std::cout << "wrote " << out.string() << " (" << w << "x" << h << ", " << a.spec.view << ", "
                << atlas.triangleCount() << " triangles; load " << ms(t1 - t0) << " ms, render " << ms(t2 - t1)
                << " ms; " << context.description() << ")\n";
    }
    return kOk;
  } catch (const std::exception& e) {
    return reportError(e);
  }
}

CLI::App* addListCommand(CLI::App& app, std::string& atlasPath) {
  CLI::App* cmd = app.add_subcommand("list", "List the atlas's structures and views");
  cmd->add_option("--atlas", atlasPath, "Atlas JSON file (default: the built-in atlas)");
  return cmd;
}

}  // namespace psoas::cli
