// psoas-atlas: the viewer by default, headless commands as subcommands.
#include <iostream>

#include "cli/commands.hpp"
#include "core/file_util.hpp"
#include "core/resources.hpp"
#include "render/allocator.hpp"

#ifdef PSOAS_HAVE_VIEWER
#include "app/run_viewer.hpp"
#include "app/window_shot.hpp"
#endif

int main(int argc, char** argv) {
  using namespace psoas;
  preferHugePages(argv);
  installOutputSignalHandlers();  // a killed run leaves no temporary file behind
  CLI::App app{"Psoas Atlas: an interactive 3D atlas of the lumbar spine, pelvis, hip and the iliopsoas muscles.\n"
               "Educational use only; not a diagnostic tool.",
               "psoas-atlas"};
  app.set_version_flag("--version", "psoas-atlas " + versionString());
  std::string atlasPath;
  std::vector<std::string> openFiles;
  app.add_option("--atlas", atlasPath, "Atlas JSON file for the viewer (default: the built-in atlas)")
      ->check(cli::fileNameCheck());
  float uiScale = 0.f;
  app.add_option("--ui-scale", uiScale,
                 "Size of the panels and text in the viewer (1 = normal; the monitor's scale when not given)")
      ->check(CLI::Range(0.5f, 4.f));
  std::string modelAxes, modelUnitScale;
  cli::addModelOptions(app, modelAxes, modelUnitScale);
  app.add_option("files", openFiles, "Model files to open as extra structures in the viewer")->check(cli::fileNameCheck());
  cli::RenderArgs renderArgs;
  CLI::App* render = cli::addRenderCommand(app, renderArgs);
  std::string listAtlas;
  CLI::App* list = cli::addListCommand(app, listAtlas);
  cli::MeasureArgs measureArgs;
  CLI::App* measure = cli::addMeasureCommand(app, measureArgs);
  cli::ExportArgs exportArgs;
  CLI::App* exportCmd = cli::addExportCommand(app, exportArgs);
  cli::QuizArgs quizArgs;
  CLI::App* quiz = cli::addQuizCommand(app, quizArgs);
  cli::StoryArgs storyArgs;
  CLI::App* story = cli::addStoryCommand(app, storyArgs);
  cli::HandoutArgs handoutArgs;
  CLI::App* handout = cli::addHandoutCommand(app, handoutArgs);
  cli::ImportArgs importArgs;
  CLI::App* importCmd = cli::addImportCommand(app, importArgs);
  cli::MakeRigArgs rigArgs;
  CLI::App* makeRig = cli::addMakeRigCommand(app, rigArgs);
#ifdef PSOAS_HAVE_VIEWER
  WindowShotArgs shotArgs;
  CLI::App* shot = addScreenshotCommand(app, shotArgs);
#endif
  app.require_subcommand(0, 1);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int rc = app.exit(e);
    return rc == 0 ? 0 : cli::kUsage;
  }
  if (render->parsed()) return cli::runRender(renderArgs);
  if (list->parsed()) return cli::runList(listAtlas);
  if (measure->parsed()) return cli::runMeasure(measureArgs);
  if (exportCmd->parsed()) return cli::runExport(exportArgs);
  if (quiz->parsed()) return cli::runQuiz(quizArgs);
  if (story->parsed()) return cli::runStory(storyArgs);
  if (handout->parsed()) return cli::runHandout(handoutArgs);
  if (importCmd->parsed()) return cli::runImport(importArgs);
  if (makeRig->parsed()) return cli::runMakeRig(rigArgs);
#ifdef PSOAS_HAVE_VIEWER
  if (shot->parsed()) return runWindowShot(shotArgs);
#endif
#ifdef PSOAS_HAVE_VIEWER
  keepFreedMemoryForReuse();  // the viewer draws frame after frame (a single figure gains nothing)
  MeshTransform modelTransform;
  try {
    modelTransform = cli::modelTransform(modelAxes, modelUnitScale);  // before a window opens
  } catch (const std::exception& e) {
    return cli::reportError(e);
  }
  return runViewer(cli::atlasPathOrDefault(atlasPath), openFiles, uiScale, modelTransform);
#else
  std::cerr << "psoas-atlas: this build has no viewer; use 'psoas-atlas render --help'\n";
  return cli::kUsage;
#endif
}
