// Measures atlas load time, first-frame time and per-frame render time (median of N, camera turning)
// and pick time, headless through the same renderer as the window. Not a test: it asserts nothing.
//   psoas-bench [--atlas FILE] [--frames N] [--size WxH ...] [--ssaa N ...] [--teaching] [--passes] [--lod PIXELS]
// --lod: draw simplified meshes within PIXELS of the surface, as the viewer does while moving (0.5).
// --teaching: every overlay and label set on, labels laid out every frame (their cost is printed apart).
// --gait: the walking cycle plays at 30 frames a second of its time: every frame poses the scene as the viewer
// does (core/posed_scene: muscles deformed, envelope skinned, bones by model transforms) and draws it; the
// posing time is printed apart.
// --passes: also the median time of each render pass, measured in separate frames that finish every
// pass before the next (so the driver's overlap of vertex and pixel work is lost there).
#include <algorithm>
#include <cmath>
#include <chrono>
#include <cstdio>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/annotations.hpp"
#include "core/posed_scene.hpp"
#include "core/atlas.hpp"
#include "core/view_state.hpp"
#include "core/resources.hpp"
#include "render/gl.hpp"
#include "render/allocator.hpp"
#include "render/headless_context.hpp"
#include "render/renderer.hpp"

using namespace psoas;
using Clock = std::chrono::steady_clock;

static double ms(Clock::duration d) { return std::chrono::duration<double, std::milli>(d).count(); }
static double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v.empty() ? 0 : v[v.size() / 2];
}

int main(int argc, char** argv) {
  preferHugePages(argv);  // as psoas-atlas does: load and first-frame numbers depend on it
  keepFreedMemoryForReuse();
  std::string atlasPath = builtinAtlasPath().string();
  int frames = 20;
  std::vector<std::string> sizes;
  std::vector<int> ssaas;
  std::vector<std::string> hide;
  int ao = 10;
  bool contours = true;
  bool teaching = false, passes = false, gait = false;
  float lodPixels = 0.f;
  int copies = 1;
  for (int i = 1; i < argc; i += 2) {
    bool flag = std::string(argv[i]) == "--teaching" || std::string(argv[i]) == "--passes" || std::string(argv[i]) == "--gait";
    if (i + 1 >= argc && !flag) { std::fprintf(stderr, "%s needs a value\n", argv[i]); return 2; }
    std::string a = argv[i];
    if (a == "--atlas") atlasPath = argv[i + 1];
    else if (a == "--frames") frames = std::max(1, std::atoi(argv[i + 1]));
    else if (a == "--size") sizes.push_back(argv[i + 1]);
    else if (a == "--ssaa") ssaas.push_back(std::atoi(argv[i + 1]));
    else if (a == "--hide") hide.push_back(argv[i + 1]);
    else if (a == "--lod") lodPixels = float(std::atof(argv[i + 1]));
    else if (a == "--copies") copies = std::max(1, std::atoi(argv[i + 1]));
    else if (a == "--ao") ao = std::atoi(argv[i + 1]);
    else if (a == "--teaching") { teaching = true; --i; }
    else if (a == "--passes") { passes = true; --i; }
    else if (a == "--gait") { gait = true; --i; }
    else if (a == "--contours") contours = std::string(argv[i + 1]) != "off";
    else { std::fprintf(stderr, "unknown option %s\n", a.c_str()); return 2; }
  }
  if (sizes.empty()) sizes = {"1280x720", "1920x1080"};
  if (ssaas.empty()) ssaas = {1, 2};
  try {
    auto t0 = Clock::now();
    Atlas atlas = loadAtlas(atlasPath);
    if (copies > 1) {
      // Scaling: the atlas repeated on a grid, every copy loaded from disk again like a bigger atlas would be.
      Atlas one = atlas;
      float step = one.bounds().size().x * 1.1f;
      int side = int(std::ceil(std::sqrt(double(copies))));
      for (int c = 1; c < copies; ++c) {
        Atlas more = loadAtlas(atlasPath);
        glm::vec3 offset(float(c % side) * step, 0.f, -float(c / side) * step);
        for (auto& s : more.structures) {
          Mesh m = *s.mesh;
          for (auto& p : m.positions) p += offset;
          m.computeBounds();
          s.mesh = std::make_shared<const Mesh>(std::move(m));
          s.id += "_copy" + std::to_string(c);
          atlas.structures.push_back(s);
        }
      }
    }
    auto t1 = Clock::now();
    LodTable lods;
    if (lodPixels > 0.f) {
      auto l0 = Clock::now();
      lods = buildLods(atlas);
      std::size_t levels = 0;
      for (const auto& l : lods) levels += l ? l->size() : 0;
      std::printf("simplified meshes: %zu levels built in %.0f ms; drawn where within %.2f pixels of the surface\n", levels,
                  ms(Clock::now() - l0), lodPixels);
    }
    std::unique_ptr<PosedScene> posed;
    if (gait) {
      if (atlas.motion.gaits.empty()) throw std::runtime_error("--gait: the atlas has no gait cycle");
      auto r0 = Clock::now();
      posed = std::make_unique<PosedScene>(atlas, std::make_shared<const PoseRig>(buildPoseRig(atlas, RigUse::ManyPoses)));
      std::printf("pose rig (muscle bindings, envelope weights) built in %.0f ms\n", ms(Clock::now() - r0));
    }
    HeadlessContext ctx;
    Renderer renderer;
    auto t2 = Clock::now();
    std::printf("atlas: %s (%zu structures, %zu triangles)\n", atlasPath.c_str(), atlas.structures.size(),
                atlas.triangleCount());
    std::printf("context: %s\n", ctx.description().c_str());
    std::size_t closed = 0;
    for (const auto& s : atlas.structures) closed += s.mesh->closed;
    std::printf("load %.0f ms, context + shaders %.0f ms; %zu of %zu meshes closed (back faces culled)\n",
                ms(t1 - t0), ms(t2 - t1), closed, atlas.structures.size());
    bool first = true;
    for (const auto& size : sizes)
      for (int ssaa : ssaas) {
        auto [w, h] = parseSize(size, 16384);
        ViewState spec;
        spec.figure.width = w;
        spec.figure.height = h;
        spec.view = "three_quarter";
        spec.hidden = hide;
        if (teaching) {
          for (const auto& o : atlas.overlays) spec.overlays.push_back(o.id);
          for (const auto& l : atlas.labelSets) spec.labelSets.push_back(l.id);
        }
        SceneState st = applyViewState(atlas, spec, "");
        std::vector<double> times, layouts, posing;
        for (int f = 0; f < frames + 1; ++f) {
          auto a = Clock::now();
          FrameOptions opt{w, h, ssaa, 1.f, ao, contours, lodPixels, &lods};
          const Atlas* shown = &atlas;
          if (posed) {
            // The camera holds still: what moves is the skeleton, one frame of a 30 fps clock at a time.
            posed->update(gaitPoseAt(atlas.motion.skeleton, atlas.motion.gaits.front(), f / 30.0));
            if (f > 0) posing.push_back(ms(Clock::now() - a));
            opt.posed = &posed->geometry();
            shown = &posed->atlas();
          } else {
            st.camera.orbit(0.05f, 0.f);
          }
          Annotations notes;
          if (teaching) {
            auto l0 = Clock::now();
            notes = buildAnnotations(*shown, st, w, h, [&](const std::string& t) { return renderer.measureText(t, 16.f); });
            if (f > 0) layouts.push_back(ms(Clock::now() - l0));
            opt.annotations = &notes;
          }
          renderer.render(buildFramePlan(*shown, st, Interaction{}, opt), opt);
          glFinish();  // measure the work, not the queueing
          double t = ms(Clock::now() - a);
          if (first) { std::printf("first frame (includes mesh upload) %.0f ms\n", t); first = false; }
          if (f > 0) times.push_back(t);  // frame 0 may reallocate targets
        }
        std::vector<double> picks;
        for (int k = 0; k < 10; ++k) {
          auto a = Clock::now();
          renderer.pick(atlas, st, w, h, {w * 0.5f, h * 0.4f});
          picks.push_back(ms(Clock::now() - a));
        }
        double med = median(times);
        std::printf("%-10s ssaa %d: frame median %7.1f ms (%5.1f fps), min %7.1f, max %7.1f; pick median %.1f ms\n",
                    size.c_str(), ssaa, med, 1000.0 / med, *std::min_element(times.begin(), times.end()),
                    *std::max_element(times.begin(), times.end()), median(picks));
        if (passes) {
          std::vector<double> p[6];
          long triangles = 0;
          for (int f = 0; f < frames; ++f) {
            PassTimes pt;
            FrameOptions opt{w, h, ssaa, 1.f, ao, contours, lodPixels, &lods};
            opt.passTimes = &pt;
            const Atlas* shown = &atlas;
            if (posed) {  // the gait goes on: the passes include sending the deformed vertices
              posed->update(gaitPoseAt(atlas.motion.skeleton, atlas.motion.gaits.front(), (frames + 1 + f) / 30.0));
              opt.posed = &posed->geometry();
              shown = &posed->atlas();
            }
            renderer.render(*shown, st, opt);
            double v[6] = {pt.opaque, pt.translucent, pt.mask, pt.overlay, pt.depthCue, pt.resolve};
            for (int k = 0; k < 6; ++k) p[k].push_back(v[k]);
            triangles = pt.triangles;
          }
          std::printf("%-10s         passes (median ms): opaque %.1f, translucent %.1f, selection %.1f, labels %.1f, "
                      "depth cue %.1f, resolve %.1f; %ld triangles drawn\n", size.c_str(), median(p[0]), median(p[1]), median(p[2]),
                      median(p[3]), median(p[4]), median(p[5]), triangles);
        }
        if (gait)
          std::printf("%-10s         of which posing (deform, skin, move points) %.1f ms (median)\n", size.c_str(), median(posing));
        if (teaching)
          std::printf("%-10s         of which labels and legend laid out in %.2f ms (median)\n", size.c_str(), median(layouts));
      }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "psoas-bench: %s\n", e.what());
    return 1;
  }
  return 0;
}
