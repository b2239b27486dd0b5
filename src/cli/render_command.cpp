#include <algorithm>
#include <charconv>
#include <cmath>
#include <chrono>
#include <future>
#include <set>
#include <iostream>

#include "cli/commands.hpp"
#include "cli/figure_job.hpp"
#include "cli/story_render.hpp"
#include "core/color.hpp"
#include "core/errors.hpp"
#include "core/file_util.hpp"
#include "core/file_util.hpp"
#include "core/pins.hpp"
#include "core/posed_atlas.hpp"
#include "core/resources.hpp"
#include "render/figure_export.hpp"
#include "render/allocator.hpp"
#include "render/headless_context.hpp"
#include "render/renderer.hpp"

namespace psoas::cli {
namespace fs = std::filesystem;

int runBatch(const RenderArgs& a);

std::string atlasPathOrDefault(const std::string& given) {
  return given.empty() ? builtinAtlasPath().string() : given;
}

void printAtlasWarnings(const Atlas& atlas) {
  for (const auto& w : atlas.warnings) std::cerr << "psoas-atlas: warning: " << w << "\n";
}

int reportError(const std::exception& e) {
  if (dynamic_cast<const std::bad_alloc*>(&e)) {
    std::cerr << "psoas-atlas: not enough memory for this figure; try a smaller --size or --ssaa\n";
    return kRenderFailed;
  }
  std::cerr << "psoas-atlas: " << e.what() << "\n";
  if (dynamic_cast<const UsageError*>(&e)) return kUsage;
  if (dynamic_cast<const OutputError*>(&e)) return kRenderFailed;  // every failure to produce an output
  if (dynamic_cast<const FileError*>(&e)) return kBadInput;
  if (dynamic_cast<const RenderError*>(&e)) return kRenderFailed;
  return kFailure;
}

// A file name given on the command line: not empty (an empty --atlas was silently the built-in atlas) and no
// control characters.
const CLI::Validator kFileName(
    [](std::string& v) -> std::string {
      if (v.empty()) return "an empty file name";
      if (hasControlChars(v)) return "the file name " + quoteValue(v) + " contains control characters";
      return {};
    },
    "FILE");

const CLI::Validator& fileNameCheck() { return kFileName; }

// CLI11's Range lets NaN through (every comparison with it is false).
const CLI::Validator kFinite(
    [](std::string& v) -> std::string {
      double d = 0;
      auto r = std::from_chars(v.data(), v.data() + v.size(), d);
      if (r.ec != std::errc() || r.ptr != v.data() + v.size() || !std::isfinite(d))
        return "expected a decimal number, got " + quoteValue(v);
      return {};
    },
    "");

CLI::App* addRenderCommand(CLI::App& app, RenderArgs& a) {
  CLI::App* cmd = app.add_subcommand("render", "Render figures to PNG files without any display (EGL)");
  cmd->add_option("--atlas", a.atlas, "Atlas JSON file (default: the built-in atlas)")->check(kFileName);
  cmd->add_option("--model", a.models, "Render these model files (any format Assimp reads) instead of an atlas")
      ->expected(1, -1)->check(kFileName);
  addModelOptions(*cmd, a.axes, a.unitScale);
  cmd->add_option("--state", a.state, "View state to render: a .json saved by the viewer, or a PNG it exported")
      ->check(kFileName);
  cmd->add_option("--batch", a.batch, "Render every figure listed in this JSON file, loading the models once")
      ->check(kFileName);
  cmd->add_option("-o,--out", a.out, "Output PNG file (written atomically)")->check(kFileName);
  a.viewOpt = cmd->add_option("--view", a.view, "View: anterior, posterior, left, right, superior, inferior, "
                                                "three_quarter, or any view the atlas defines")->capture_default_str();
  a.sizeOpt = cmd->add_option("--size", a.size, "Image size WIDTHxHEIGHT, up to 16384 per side (tiled as needed)")
                  ->capture_default_str();
  a.ssaaOpt = cmd->add_option("--ssaa", a.ssaa, "Supersampling per axis, 1..4")->capture_default_str()
                  ->check(CLI::Range(1, 4));
  a.dpiOpt = cmd->add_option("--dpi", a.dpi, "Print resolution: written to the PNG and scales line widths")
                 ->check(kFinite)->check(CLI::Range(10.0, 10000.0));
  cmd->add_option("--isolate", a.isolate, "Show only these structure ids")->expected(1, -1);
  cmd->add_option("--hide", a.hide, "Hide these structure ids")->expected(1, -1);
  cmd->add_option("--show", a.show, "Show these structure ids (after --isolate/--hide)")->expected(1, -1);
  cmd->add_option("--opacity", a.opacity, "ID=VALUE, opacity 0..1 for a structure")->expected(1, -1);
  cmd->add_option("--select", a.select, "Highlight this structure id as if selected");
  cmd->add_option("--pin", a.pins, "STRUCTURE@X,Y,Z=TEXT: a numbered pin on the structure's surface nearest the point "
                  "(millimetres, standing); after the state's pins")->expected(1, -1);
  cmd->add_flag("--ghost", a.ghost, "X-ray: everything except the --select structure drawn faint");
  cmd->add_option("--attachments", a.attachments, "Draw origin and insertion areas: muscle overlay ids, or all")
      ->expected(1, -1);
  cmd->add_option("--labels", a.labels, "Label sets, comma separated (e.g. bones,muscles,attachments,landmarks)");
  cmd->add_option("--referral", a.referral, "Draw a referred-pain overlay (e.g. iliopsoas), with its legend");
  cmd->add_option("--side", a.side, "Side of the referral overlay: left, right or both")->capture_default_str();
  cmd->add_option("--symptom", a.symptom, "Highlight the regions and structures linked to this symptom id");
  cmd->add_option("--clip", a.clip, "Cut the model: AXIS[:OFFSET_MM][:flip], AXIS sagittal, coronal or transverse");
  cmd->add_option("--envelope", a.envelope, "Body envelope under an overlay: shown, faded, outline or hidden");
  cmd->add_flag("--no-legend", a.noLegend, "Leave the legend out");
  a.intensityOpt = cmd->add_option("--intensity", a.intensity, "How strongly areas and zones are painted, 0.1..1")
                       ->check(kFinite)->check(CLI::Range(0.1, 1.0));
  a.backgroundOpt = cmd->add_option("--background", a.background, "Background colour, #rrggbb")->capture_default_str();
  cmd->add_flag("--transparent", a.transparent, "Transparent background (alpha 0 outside the model)");
  cmd->add_flag("--gl-debug", a.glDebug, "Fail on any OpenGL error reported by the driver");
  cmd->add_flag("-q,--quiet", a.quiet, "Print nothing on success");
  addPoseOptions(*cmd, a.pose, &a.poses);
  cmd->add_option("--story", a.story, "Render the steps of a story: a built-in id (psoas-atlas story --list) or a file")
      ->check(kFileName);
  cmd->add_option("--step", a.step, "With --story: the step to render, from 1")->check(CLI::PositiveNumber);
  cmd->add_option("--steps", a.steps, "With --story and --grid: the steps to put side by side, e.g. 1,2,3");
  cmd->add_flag("--all-steps", a.allSteps, "With --story: every step, to NAME-01.png, NAME-02.png, ...");
  cmd->add_option("--grid", a.grid, "COLSxROWS: one PNG of several figures (one per --pose, or the --steps of a "
                                   "--story); --size is each cell's");
  return cmd;
}

void validateOutputPath(const fs::path& out) {
  if (out.empty()) throw UsageError("no output file: give --out FILE.png");
  if (out.extension() != ".png" && out.extension() != ".PNG")
    throw UsageError("output file " + quoteValue(out.string()) + " must end in .png");
  std::error_code ec;
  if (fs::is_directory(out, ec)) throw UsageError("output " + quoteValue(out.string()) + " is a directory");
  fs::path dir = out.parent_path().empty() ? fs::path(".") : out.parent_path();
  if (!fs::is_directory(dir, ec)) throw UsageError("output directory " + quoteValue(dir.string()) + " does not exist");
}

Atlas loadAtlasForFigures(const RenderArgs& a, const std::string& stateAtlas, const fs::path& stateFile) {
  if ((!a.axes.empty() || !a.unitScale.empty()) && a.models.empty())
    throw UsageError("--axes and --unit-scale apply to --model files; an atlas gives its own mesh_defaults");
  const MeshTransform transform = modelTransform(a.axes, a.unitScale);  // bad values before any file is read
  Atlas atlas;
  if (!a.models.empty()) {
    if (!a.atlas.empty()) throw UsageError("give either --atlas or --model, not both");
    atlas.file = "(models given with --model)";
    atlas.title = "Models";
    atlas.views = standardViews();
    for (const auto& m : a.models) addImportedModel(atlas, m, transform);
  } else if (!a.atlas.empty()) {
    atlas = loadAtlas(a.atlas);
  } else if (!stateAtlas.empty()) {
    fs::path p = stateAtlas;
    atlas = loadAtlas(p.is_absolute() ? p : stateFile.parent_path() / p);
  } else {
    atlas = loadAtlas(builtinAtlasPath());
  }
  printAtlasWarnings(atlas);
  return atlas;
}

namespace {
// "psoas_major_r@40,1020,35=Tender here": the structure is checked here (a typo lists similar ids) and the
// point on its surface, so the message names the option rather than a state file.
PinSpec parsePinOption(const Atlas& atlas, const std::string& item) {
  auto bad = [&](const std::string& why) {
    throw UsageError("invalid --pin " + quoteValue(item) + ": " + why + " (expected STRUCTURE@X,Y,Z=TEXT, millimetres, e.g. "
                     "psoas_major_r@40,1020,35=Tender here)");
  };
  auto at = item.find('@'), eq = item.find('=');
  if (at == std::string::npos || at == 0) bad("no STRUCTURE@");
  PinSpec pin;
  pin.structure = atlas.structures[std::size_t(resolveStructureIds(atlas, {item.substr(0, at)})[0])].id;
  const std::string xyz = item.substr(at + 1, eq == std::string::npos ? std::string::npos : eq - at - 1);
  const char* p = xyz.data();
  const char* end = xyz.data() + xyz.size();
  for (int i = 0; i < 3; ++i) {
    double v = 0;
    auto r = std::from_chars(p, end, v);
    if (r.ec != std::errc() || !(std::abs(v) <= 1e6)) bad("X,Y,Z must be three numbers");
    pin.point[i] = float(v * 0.001);
    p = r.ptr;
    if (i < 2 && (p == end || *p++ != ',')) bad("X,Y,Z must be three numbers");
  }
  if (p != end) bad("X,Y,Z must be three numbers");
  if (eq != std::string::npos) pin.text = item.substr(eq + 1);
  if (pin.text.size() > kMaxPinText) bad("the text is at most " + std::to_string(kMaxPinText) + " bytes");
  if (hasControlChars(pin.text)) bad("the text must be one line");
  float distance = 0.f;
  int s = atlas.findStructure(pin.structure);
  if (!atlas.structures[std::size_t(s)].mesh || !pinNear(atlas, nullptr, s, pin.point, &distance) || distance > kMaxPinDistance)
    bad("the point is not on " + pin.structure + "'s surface (within " + std::to_string(int(kMaxPinDistance * 1000.f)) +
        " mm at rest; a view state saved by the viewer holds exact points)");
  return pin;
}
}  // namespace

void applyOverrides(const RenderArgs& a, const Atlas& atlas, ViewState& s) {
  if (a.viewOpt && a.viewOpt->count()) {
    if (!atlas.findView(a.view))
      throw UsageError("unknown view " + quoteValue(a.view) + " (views: " + atlas.viewIds() + ")");
    s.view = a.view;
    s.camera.reset();
  }
  if (a.sizeOpt && a.sizeOpt->count()) std::tie(s.figure.width, s.figure.height) = parseSize(a.size, 16384);
  if (a.ssaaOpt && a.ssaaOpt->count()) s.figure.ssaa = a.ssaa;
  if (a.dpiOpt && a.dpiOpt->count()) s.figure.dpi = float(a.dpi);
  if (a.backgroundOpt && a.backgroundOpt->count()) {
    auto bg = parseColor(a.background);
    if (!bg) throw UsageError("invalid --background " + quoteValue(a.background) + ": expected #rrggbb");
    s.figure.background = glm::vec4(glm::vec3(*bg), 1.f);
  }
  if (a.transparent) s.figure.transparent = true;
  auto hiddenSet = [&] { return std::set<std::string>(s.hidden.begin(), s.hidden.end()); };
  if (!a.isolate.empty()) {
    std::set<std::string> keep;
    for (int i : resolveStructureIds(atlas, a.isolate)) keep.insert(atlas.structures[i].id);
    s.hidden.clear();
    for (const auto& st : atlas.structures)
      if (!keep.count(st.id)) s.hidden.push_back(st.id);
    if (!a.viewOpt || !a.viewOpt->count()) s.camera.reset();  // refit to what is left
  }
  auto hidden = hiddenSet();
  for (int i : resolveStructureIds(atlas, a.hide)) hidden.insert(atlas.structures[i].id);
  for (int i : resolveStructureIds(atlas, a.show)) hidden.erase(atlas.structures[i].id);
  s.hidden.assign(hidden.begin(), hidden.end());
  for (const auto& item : a.opacity) {
    auto eq = item.find('=');
    double v = -1;
    // The whole value must be a number: "0.5x" is a typo, not 0.5.
    if (eq != std::string::npos) {
      auto r = std::from_chars(item.data() + eq + 1, item.data() + item.size(), v);
      if (r.ec != std::errc() || r.ptr != item.data() + item.size()) v = -1;
    }
    if (eq == std::string::npos || !(v >= 0.0 && v <= 1.0))
      throw UsageError("invalid --opacity " + quoteValue(item) + ": expected ID=VALUE with VALUE between 0 and 1");
    s.opacity[atlas.structures[resolveStructureIds(atlas, {item.substr(0, eq)})[0]].id] = float(v);
  }
  if (!a.select.empty()) s.selected = atlas.structures[resolveStructureIds(atlas, {a.select})[0]].id;
  if (a.ghost) {
    if (s.selected.empty()) throw UsageError("--ghost needs --select ID: the structure that stays solid");
    s.ghost = true;
  }
  applyTeachingOverrides(a, atlas, s);
  for (const auto& item : a.pins) s.pins.push_back(parsePinOption(atlas, item));
  if (a.pose.given()) s.pose = poseFromArgs(atlas.motion, a.pose);
}

namespace {
std::vector<std::string> splitList(const std::string& text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t comma = text.find(',', start);
    std::string item = text.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    if (!item.empty()) out.push_back(item);
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return out;
}

void addOverlay(const Atlas& atlas, ViewState& s, const std::string& id, Overlay::Layer layer, const char* option) {
  std::string known;
  bool found = false;
  for (const auto& o : atlas.overlays) {
    if (o.layer != layer) continue;
    known += (known.empty() ? "" : ", ") + o.id;
    if (id == "all" || o.id == id) {
      found = true;
      if (std::find(s.overlays.begin(), s.overlays.end(), o.id) == s.overlays.end()) s.overlays.push_back(o.id);
    }
  }
  if (!found)
    throw UsageError(std::string("unknown ") + option + " " + quoteValue(id) + " (" +
                     (known.empty() ? std::string("this atlas defines none") : "known: " + known + (id == "all" ? "" : ", all")) + ")");
}
}  // namespace

void applyTeachingOverrides(const RenderArgs& a, const Atlas& atlas, ViewState& s) {
  for (const auto& id : a.attachments) addOverlay(atlas, s, id, Overlay::Layer::Attachments, "--attachments overlay");
  if (!a.referral.empty()) addOverlay(atlas, s, a.referral, Overlay::Layer::Referral, "--referral overlay");
  if (a.side != "both" && a.side != "left" && a.side != "right")
    throw UsageError("invalid --side " + quoteValue(a.side) + ": expected left, right or both");
  if (a.side != "both" || !a.referral.empty()) s.referralSide = a.side;
  if (!a.labels.empty()) {
    for (const auto& id : splitList(a.labels)) {
      if (atlas.findLabelSet(id) < 0) {
        std::string known;
        for (const auto& l : atlas.labelSets) known += (known.empty() ? "" : ", ") + l.id;
        throw UsageError("unknown label set " + quoteValue(id) + " (known: " + (known.empty() ? "none" : known) + ")");
      }
      if (std::find(s.labelSets.begin(), s.labelSets.end(), id) == s.labelSets.end()) s.labelSets.push_back(id);
    }
  }
  if (!a.symptom.empty()) {
    int k = findId(atlas.symptoms, a.symptom);
    if (k < 0) throw UsageError("unknown --symptom " + quoteValue(a.symptom) + " (see psoas-atlas list)");
    s.symptom = a.symptom;
    // Show the overlays its regions belong to, as choosing it in the viewer does.
    for (int r : atlas.symptoms[std::size_t(k)].regions) {
      const std::string& o = atlas.overlays[std::size_t(atlas.regions[std::size_t(r)].overlay)].id;
      if (std::find(s.overlays.begin(), s.overlays.end(), o) == s.overlays.end()) s.overlays.push_back(o);
    }
  }
  if (!a.clip.empty()) {
    std::vector<std::string> fields;
    std::size_t start = 0;
    while (true) {
      std::size_t colon = a.clip.find(':', start);
      fields.push_back(a.clip.substr(start, colon == std::string::npos ? std::string::npos : colon - start));
      if (colon == std::string::npos) break;
      start = colon + 1;
    }
    ClipPlane plane;
    plane.enabled = true;
    auto bad = [&] {
      throw UsageError("invalid --clip " + quoteValue(a.clip) + ": expected AXIS[:OFFSET_MM][:flip] with AXIS sagittal, "
                       "coronal or transverse, e.g. sagittal:20 or coronal:0:flip");
    };
    if (fields.size() > 3 || !parseClipAxis(fields[0], plane.axis)) bad();
    if (fields.size() >= 2 && !fields[1].empty()) {
      // from_chars reads plain decimals only: no hexadecimal ("0x10"), no locale, no leading blanks.
      double mm = 0;
      auto r = std::from_chars(fields[1].data(), fields[1].data() + fields[1].size(), mm);
      if (r.ec != std::errc() || r.ptr != fields[1].data() + fields[1].size() || !(mm >= -5000 && mm <= 5000)) bad();
      plane.offset = float(mm) * 0.001f;
    }
    if (fields.size() == 3) {
      if (fields[2] != "flip") bad();
      plane.flip = true;
    }
    s.clip = plane;
  }
  if (!a.envelope.empty()) {
    if (a.envelope != "shown" && a.envelope != "faded" && a.envelope != "outline" && a.envelope != "hidden")
      throw UsageError("invalid --envelope " + quoteValue(a.envelope) + ": expected shown, faded, outline or hidden");
    // The envelope is whatever the referral regions are painted on (data, not a name).
    for (int e : layerStructures(atlas, Overlay::Layer::Referral, true)) {
      const std::string& id = atlas.structures[std::size_t(e)].id;
      s.hidden.erase(std::remove(s.hidden.begin(), s.hidden.end(), id), s.hidden.end());
      s.outline.erase(std::remove(s.outline.begin(), s.outline.end(), id), s.outline.end());
      s.opacity.erase(id);
      if (a.envelope == "hidden") s.hidden.push_back(id);
      else if (a.envelope == "outline") s.outline.push_back(id);
      else if (a.envelope == "faded") s.opacity[id] = kFadedEnvelopeOpacity;
    }
  }
  if (a.noLegend) s.legend = false;
  if (a.intensityOpt && a.intensityOpt->count()) s.overlayIntensity = float(a.intensity);
}

int runRender(const RenderArgs& given) {
  RenderArgs a = given;
  try {
    // Several --pose are cells of a grid; one is the pose of the figure.
    if (a.poses.size() > 1 && a.grid.empty())
      throw UsageError("--pose given " + std::to_string(a.poses.size()) + " times: add --grid COLSxROWS to put the poses "
                       "side by side, or give one");
    if (a.poses.size() == 1) a.pose.preset = a.poses[0];
    if (!a.grid.empty()) return runGrid(a);
    if (!a.story.empty()) return runStoryRender(a);
    if (a.step > 0 || a.allSteps || !a.steps.empty()) throw UsageError("--step, --steps and --all-steps need --story");
    if (!a.batch.empty()) {
      if (!a.out.empty() || !a.state.empty()) throw UsageError("--batch takes its outputs from the batch file; drop --out/--state");
      return runBatch(a);
    }
    auto t0 = std::chrono::steady_clock::now();
    // Everything that can be checked without a GPU is checked before any work is done.
    validateOutputPath(a.out);
    FigureJob job;
    job.out = a.out;
    if (!a.state.empty()) {
      job.stateFile = a.state;
      job.state = loadViewState(a.state);
    }
    if (a.sizeOpt && a.sizeOpt->count()) parseSize(a.size, 16384);  // a bad size is a usage error before loading
    Atlas atlas = loadAtlasForFigures(a, job.state.atlas, job.stateFile);
    returnFreedMemory();
    if (!a.atlas.empty()) job.state.atlas = fs::absolute(a.atlas).string();
    applyOverrides(a, atlas, job.state);
    const SceneState atRest = applyViewState(atlas, job.state, job.stateFile);  // checks the state (and its pose)
    job.state.pose = effectivePose(atlas.motion, job.state.pose);
    checkFigureFits(job.state.figure);  // before the GPU is touched: a figure that cannot fit fails now
    // The pose (checked above) is made while the GL context starts and the shaders compile, which leave a
    // core idle: part of its time is hidden there.
    std::future<Atlas> posing;
    // Anchors are for labels: a figure without any takes them moved with their structures (cheap) rather
    // than found again on the posed surfaces.
    const PosedAnchors anchors = atRest.labelSets.empty() && atRest.labelsAdded.empty() ? PosedAnchors::Moved : PosedAnchors::Found;
    if (!job.state.pose.isStanding())
      posing = std::async(std::launch::async, [&atlas, anchors, pose = job.state.pose] {
        return posedAtlas(atlas, commandPoseRig(atlas), pose, anchors);
      });
    auto t1 = std::chrono::steady_clock::now();

#ifdef NDEBUG
    HeadlessContext context(a.glDebug);
#else
    HeadlessContext context(true);  // debug builds always fail on GL errors
#endif
    Renderer renderer;
    if (posing.valid()) {
      Atlas posed = posing.get();
      job.scene = applyViewState(atlas, posed, job.state, job.stateFile);  // pins resolved at rest
      atlas = std::move(posed);
    } else {
      job.scene = applyViewState(atlas, job.state, job.stateFile);
    }
    FigureStats stats;
    exportFigure(renderer, atlas, job.scene, job.state, job.out, &stats);
    auto t2 = std::chrono::steady_clock::now();
    if (!a.quiet) {
      auto ms = [](auto d) { return std::chrono::duration_cast<std::chrono::milliseconds>(d).count(); };
      std::cout << "wrote " << job.out.string() << " (" << job.state.figure.width << "x" << job.state.figure.height
                << (stats.tiles > 1 ? ", " + std::to_string(stats.tiles) + " tiles" : std::string()) << ", "
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
  cmd->add_option("--atlas", atlasPath, "Atlas JSON file (default: the built-in atlas)")->check(kFileName);
  return cmd;
}

}  // namespace psoas::cli
