#pragma once
// Headless commands. Each returns the process exit code and reports errors on stderr.
#include <cstdint>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "cli/pose_options.hpp"

namespace psoas {
struct Atlas;
struct MeshTransform;
struct PoseRig;
class Renderer;
}

namespace psoas::cli {

enum ExitCode { kOk = 0, kFailure = 1, kUsage = 2, kBadInput = 3, kRenderFailed = 4 };

struct RenderArgs {
  std::string atlas, state, batch, out;
  std::vector<std::string> models;
  std::string axes, unitScale;  // --axes, --unit-scale for the --model files
  std::string view = "anterior", size = "1600x1200", background = "#ffffff";
  int ssaa = 2;
  double dpi = 0;
  std::vector<std::string> isolate, hide, show, opacity;  // opacity: ID=VALUE
  std::string select;
  std::vector<std::string> pins;         // --pin STRUCTURE@X,Y,Z=TEXT (millimetres, standing), after the state's
  std::vector<std::string> attachments;  // overlay ids or "all"
  std::string labels;                    // label set ids, comma separated
  std::string referral, side = "both", clip, envelope, symptom;
  bool noLegend = false;
  double intensity = 1.0;
  CLI::Option* intensityOpt = nullptr;
  bool transparent = false, glDebug = false, quiet = false, ghost = false;
  PoseArgs pose;  // --pose, --joint: override the state's pose
  std::vector<std::string> poses;  // every --pose given: more than one makes a --grid of poses
  std::string story, steps, grid;  // --story ID|FILE, --step N / --steps 1,3 / --all-steps, --grid COLSxROWS
  int step = 0;
  bool allSteps = false;
  // Which options were given, so they override a --state file only when present.
  CLI::Option *viewOpt = nullptr, *sizeOpt = nullptr, *ssaaOpt = nullptr, *backgroundOpt = nullptr,
              *dpiOpt = nullptr;
};

CLI::App* addRenderCommand(CLI::App& app, RenderArgs& args);
int runRender(const RenderArgs& args);

struct StoryArgs {
  bool list = false, json = false;
};
CLI::App* addStoryCommand(CLI::App& app, StoryArgs& args);
int runStory(const StoryArgs& args);

struct HandoutArgs {
  std::string atlas, story, steps, side = "both", paper = "a4", out;
  std::vector<std::string> symptoms;
  bool quiet = false;
};
CLI::App* addHandoutCommand(CLI::App& app, HandoutArgs& args);
int runHandout(const HandoutArgs& args);
// The handout itself, written to args.out through the atomic writer, with `renderer` (a current GL context:
// the CLI's headless one or the window's, File > Handout) and an atlas already loaded. Throws (UsageError,
// StateError, OutputError, RenderError); returns a one-line summary ("Why long sitting...: 3 steps, ...").
std::string makeHandout(const HandoutArgs& args, const Atlas& atlas, Renderer& renderer);

CLI::App* addListCommand(CLI::App& app, std::string& atlasPath);
int runList(const std::string& atlasPath);

// For every file-name option: refuses an empty name and control characters.
const CLI::Validator& fileNameCheck();

struct MeasureArgs {
  std::string atlas;
  PoseArgs pose;
  bool json = false;
};
CLI::App* addMeasureCommand(CLI::App& app, MeasureArgs& args);
int runMeasure(const MeasureArgs& args);

struct ExportArgs {
  std::string atlas, out;
  PoseArgs pose;
  bool quiet = false;
};
CLI::App* addExportCommand(CLI::App& app, ExportArgs& args);
int runExport(const ExportArgs& args);

// Hidden `make-rig --atlas FILE --out FILE.rig`: the atlas's pose rig file (core/rig_cache), which the build
// makes for the built-in atlas and installs beside it.
struct MakeRigArgs {
  std::string atlas, out;
};
CLI::App* addMakeRigCommand(CLI::App& app, MakeRigArgs& args);
int runMakeRig(const MakeRigArgs& args);
// The pose rig of `atlas` for a command: read from its rig file where that fits, else built; a file that is
// there but not used is reported on stderr (one line naming it).
PoseRig commandPoseRig(const Atlas& atlas);

struct QuizArgs {
  std::string atlas, set = "all";
  bool list = false, json = false, worksheet = false, quiet = false;
  std::uint64_t seed = 1;
  std::string view = "anterior", size = "1600x1200", out;  // --worksheet
};
CLI::App* addQuizCommand(CLI::App& app, QuizArgs& args);
int runQuiz(const QuizArgs& args);

struct ImportArgs {
  std::vector<std::string> inputs, maps;
  std::string out, missing = "builtin";
  bool quiet = false;
};
CLI::App* addImportCommand(CLI::App& app, ImportArgs& args);
int runImport(const ImportArgs& args);

// --axes ("+x,+z,-y", the names of mesh_defaults.axes) and --unit-scale (metres per unit, or m, cm, mm,
// in, ...) as a transform for model files; empty strings keep the identity. Bad values: UsageError.
MeshTransform modelTransform(const std::string& axes, const std::string& unitScale);
void addModelOptions(CLI::App& cmd, std::string& axes, std::string& unitScale);

// The atlas given on the command line, or the built-in one.
std::string atlasPathOrDefault(const std::string& given);
// Prints "psoas-atlas: warning: <w>" on stderr for each of the atlas's load warnings (also under --quiet:
// they are about the input, not progress).
void printAtlasWarnings(const Atlas& atlas);
// Prints "psoas-atlas: <message>" for any exception and maps it to an exit code.
int reportError(const std::exception& e);

}  // namespace psoas::cli
