// Soak: thousands of headless frames with the camera turning and structures toggling, through the same
// renderer as the window, with the GL debug callback on. Reports resident memory; exits 1 if it grows
// by more than 10 % + 16 MiB after warm-up, or on any GL error.
//   psoas-soak [--frames N] [--size WxH] [--atlas FILE]
#include <chrono>
#include <cstdio>
#include <fstream>
#include <string>

#include <malloc.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <stdexcept>

#include "core/annotations.hpp"
#include "core/atlas.hpp"
#include "core/errors.hpp"
#include "core/image.hpp"
#include "core/png_metadata.hpp"
#include "core/resources.hpp"
#include "core/view_state.hpp"
#include "render/allocator.hpp"
#include "render/headless_context.hpp"
#include "render/renderer.hpp"

using namespace psoas;

// The file paths, every 100 frames: a figure with its state written atomically and read back (the PNG
// metadata reader seeks past the image), a write to a FIFO and a read of it refused.
static void writeAndRefuse(const Atlas& atlas, const SceneState& st, const FigureSettings& fig, Renderer& renderer,
                           const std::filesystem::path& dir) {
  PngMetadata meta;
  meta.text[kViewStateChunkKey] = serializeViewState(captureViewState(atlas, st, fig));
  writePng(renderer.readPixels(), dir / "soak.png", meta);
  (void)loadViewState(dir / "soak.png");
  for (int k = 0; k < 2; ++k) {
    try {
      if (k == 0) writePng(Image(16, 16), dir / "fifo.png");
      else (void)loadViewState(dir / "fifo.png");
      throw std::runtime_error("a FIFO was accepted");
    } catch (const Error&) {
    }
  }
}

static double residentMiB() {
  // Hand freed heap back first: llvmpipe compiles a new shader variant whenever a new state combination
  // shows up (here until late in the run), LLVM takes ~40 MiB while doing so, and glibc may keep that
  // freed memory. Without the trim a one-off compile late in the run reads as growth.
  malloc_trim(0);
  std::ifstream f("/proc/self/statm");
  long pages = 0, resident = 0;
  f >> pages >> resident;
  return double(resident) * double(sysconf(_SC_PAGESIZE)) / (1024.0 * 1024.0);
}

int main(int argc, char** argv) {
  keepFreedMemoryForReuse();
  int frames = 10000;
  std::string size = "96x64", atlasPath = builtinAtlasPath().string();
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string a = argv[i];
    if (a == "--frames") frames = std::max(200, std::atoi(argv[i + 1]));
    else if (a == "--size") size = argv[i + 1];
    else if (a == "--atlas") atlasPath = argv[i + 1];
  }
  try {
    auto [w, h] = parseSize(size, 4096);
    Atlas atlas = loadAtlas(atlasPath);
    buildLods(atlas);
    HeadlessContext ctx(true);
    Renderer renderer;
    ViewState vs;
    vs.figure.width = w;
    vs.figure.height = h;
    SceneState st = applyViewState(atlas, vs, "");
    std::filesystem::path outDir = std::filesystem::temp_directory_path() / ("psoas-soak-" + std::to_string(getpid()));
    std::filesystem::create_directories(outDir);
    if (mkfifo((outDir / "fifo.png").c_str(), 0600) != 0) throw std::runtime_error("cannot make a FIFO for the soak");
    auto t0 = std::chrono::steady_clock::now();
    double warm = 0, peak = 0;
    int n = int(atlas.structures.size());
    for (int f = 0; f < frames; ++f) {
      st.camera.orbit(0.013f, (f % 200 < 100 ? 0.004f : -0.004f));
      if (f % 7 == 0) st.structures[f % n].visible = !st.structures[f % n].visible;  // toggling overlays
      if (f % 11 == 0) st.structures[(f / 11) % n].opacity = (f % 22 == 0) ? 0.4f : 1.f;
      st.selected = (f % 13 == 0) ? (f / 13) % n : st.selected;
      // Teaching overlays, labels, the cut and the referral side change too.
      if (f % 17 == 0 && !st.overlays.empty()) st.overlays[(f / 17) % st.overlays.size()] = (f / 17) % 3 != 0;
      if (f % 29 == 0) {
        st.clip.enabled = (f / 29) % 2 == 0;
        st.clip.axis = ClipPlane::Axis((f / 58) % 3);
      }
      if (f % 37 == 0) {
        st.labelSets.clear();
        if ((f / 37) % 2 == 0)
          for (const auto& l : atlas.labelSets) st.labelSets.push_back(l.id);
      }
      st.referralSide = Side((f / 41) % 3);
      FrameOptions opt{w, h, 1 + (f % 2), 1.f};
      opt.lodPixels = f % 3 != 0 ? 1.f : 0.f;
      Annotations notes = buildAnnotations(atlas, st, w, h, [&](const std::string& t) { return renderer.measureText(t, 16.f); });
      opt.annotations = &notes;
      renderer.render(atlas, st, opt);  // throws on any GL error (debug context)
      if (f % 50 == 0) renderer.pick(atlas, st, w, h, {w * 0.5f, h * 0.5f});
      if (f % 100 == 0) writeAndRefuse(atlas, st, vs.figure, renderer, outDir);
      if (f == 200) warm = residentMiB();
      if (f >= 200 && f % 50 == 0) peak = std::max(peak, residentMiB());
      if (f % 2000 == 0) std::printf("frame %5d: %.1f MiB resident\n", f, residentMiB());
    }
    (void)renderer.readPixels();
    double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    int leftovers = 0;
    for (auto& e : std::filesystem::directory_iterator(outDir)) leftovers += e.path().extension() == ".tmp";
    std::filesystem::remove_all(outDir);
    if (leftovers) throw std::runtime_error(std::to_string(leftovers) + " temporary files were left behind");
    double end = residentMiB();
    std::printf("soak: %d frames of %dx%d in %.0f s (%.1f ms/frame); resident %.1f MiB after warm-up, %.1f MiB at the "
                "end, peak %.1f MiB, growth %.1f MiB; no GL errors\n",
                frames, w, h, secs, 1000.0 * secs / frames, warm, end, peak, end - warm);
    if (end > warm * 1.10 + 16.0) {
      std::printf("soak: FAILED, resident memory grew\n");
      return 1;
    }
    std::printf("soak: 1 passed, 0 failed\n");
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "psoas-soak: %s\n", e.what());
    return 1;
  }
}
