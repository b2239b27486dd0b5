// What a file *is*, how big it is and what happens around a write (issue 13): outputs that cannot be
// redirected, special files, limits, signals, and exact messages and exit codes.
#include <doctest/doctest.h>

#include <chrono>
#include <csignal>
#include <fstream>
#include <random>
#include <thread>

#include <nlohmann/json.hpp>

#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/atlas.hpp"
#include "core/camera.hpp"
#include "core/errors.hpp"
#include "core/file_util.hpp"
#include "core/settings.hpp"
#include "core/view_state.hpp"
#include "render/figure_export.hpp"
#include "test_support.hpp"

using namespace psoas;
namespace fs = std::filesystem;

namespace {
const std::string kExe = PSOAS_ATLAS_EXE;

// A shell command line (ulimit, timeout); returns its exit status and what it printed.
int runShell(const std::string& cmd, std::string& output) {
  output.clear();
  FILE* p = popen(("(" + cmd + ") 2>&1").c_str(), "r");
  if (!p) return -1;
  char buf[4096];
  std::size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) output.append(buf, n);
  int status = pclose(p);
  return WIFSIGNALED(status) ? 128 + WTERMSIG(status) : WEXITSTATUS(status);
}

std::string atlasArg() { return " --atlas " + test::testAtlas().string() + " "; }

int leftoverTemporaries(const fs::path& dir) {
  int n = 0;
  for (auto& e : fs::directory_iterator(dir)) n += e.path().extension() == ".tmp";
  return n;
}

unsigned modeOf(const fs::path& f) {
  struct stat st {};
  ::lstat(f.c_str(), &st);
  return st.st_mode;
}
}  // namespace

TEST_CASE("outputs: a symlink at the name is replaced, never written through, the old file's mode is kept") {
  fs::path dir = test::scratchDir("hard_symlink");
  test::writeText(dir / "victim.txt", "precious");
  fs::create_symlink("victim.txt", dir / "fig.png");
  std::string out;
  REQUIRE(test::runCli("render" + atlasArg() + "--size 64x48 --ssaa 1 -q --out " + (dir / "fig.png").string(), out) == 0);
  std::ifstream victim(dir / "victim.txt");
  CHECK(std::string(std::istreambuf_iterator<char>(victim), {}) == "precious");
  CHECK(S_ISREG(modeOf(dir / "fig.png")));

  fs::permissions(dir / "fig.png", fs::perms::owner_read | fs::perms::owner_write);
  REQUIRE(test::runCli("render" + atlasArg() + "--size 64x48 --ssaa 1 -q --out " + (dir / "fig.png").string(), out) == 0);
  CHECK((modeOf(dir / "fig.png") & 0777) == 0600);
  CHECK(leftoverTemporaries(dir) == 0);
}

TEST_CASE("outputs: temporary names are unpredictable, hidden, beside the target and within 255 bytes") {
  fs::path target = "/some/dir/" + std::string(250, 'n') + ".png";
  fs::path a = temporaryFileName(target), b = temporaryFileName(target);
  CHECK(a != b);
  CHECK(a.parent_path() == target.parent_path());
  CHECK(a.filename().string().size() <= 255);
  CHECK(a.filename().string()[0] == '.');
  fs::path shortOne = temporaryFileName("fig.png");
  CHECK(shortOne.filename().string().rfind(".fig.png.", 0) == 0);
  CHECK(shortOne.filename().string().size() == std::string(".fig.png.").size() + 10 + 4);

  // A legal 250-byte name is written (the temporary used to be 11 bytes longer than the limit).
  fs::path dir = test::scratchDir("hard_longname");
  fs::path longOut = dir / (std::string(246, 'x') + ".png");
  std::string out;
  CHECK(test::runCli("render" + atlasArg() + "--size 64x48 --ssaa 1 -q --out " + longOut.string(), out) == 0);
  CHECK(fs::is_regular_file(longOut));
}

TEST_CASE("outputs: a FIFO or other special file at the name is refused, exit 4, and left as it was") {
  fs::path dir = test::scratchDir("hard_fifo_out");
  fs::path fifo = dir / "fig.png";
  REQUIRE(::mkfifo(fifo.c_str(), 0644) == 0);
  std::string out;
  int rc = runShell("timeout 60 " + kExe + " render" + atlasArg() + "--size 64x48 --ssaa 1 --out " + fifo.string(), out);
  INFO(out);
  CHECK(rc == 4);
  CHECK(out.find("FIFO") != std::string::npos);
  CHECK(S_ISFIFO(modeOf(fifo)));
  // The same in a batch: every failure to produce an output is exit 4.
  test::writeText(dir / "b.json", R"({"format": "psoas-atlas-batch", "version": 1, "figures": [{"out": "fig.png"}]})");
  rc = runShell("timeout 60 " + kExe + " render" + atlasArg() + "--size 64x48 --ssaa 1 --batch " + (dir / "b.json").string(), out);
  CHECK(rc == 4);
  CHECK(S_ISFIFO(modeOf(fifo)));
  CHECK(leftoverTemporaries(dir) == 0);
}

TEST_CASE("inputs: FIFOs and devices are refused at once, by name, wherever a file is read") {
  fs::path dir = test::scratchDir("hard_fifo_in");
  fs::path fifo = dir / "pipe.json";
  REQUIRE(::mkfifo(fifo.c_str(), 0644) == 0);
  REQUIRE(::mkfifo((dir / "pipe.bin").c_str(), 0644) == 0);
  // A glTF whose buffer is the FIFO: Assimp opens that file itself.
  test::writeText(dir / "model.gltf", R"({"asset": {"version": "2.0"}, "buffers": [{"uri": "pipe.bin", "byteLength": 36}],
    "bufferViews": [{"buffer": 0, "byteLength": 36}], "accessors": [{"bufferView": 0, "componentType": 5126, "count": 3,
    "type": "VEC3", "min": [0, 0, 0], "max": [1, 1, 0]}], "meshes": [{"primitives": [{"attributes": {"POSITION": 0}}]}],
    "nodes": [{"mesh": 0}], "scenes": [{"nodes": [0]}], "scene": 0})");
  std::ifstream src(test::testAtlas());
  std::string atlasText(std::istreambuf_iterator<char>(src), {});
  std::string including = atlasText;
  including.replace(including.find('{'), 1, "{\"include\": [\"" + fifo.string() + "\"],");
  test::writeText(test::testAtlas().parent_path() / "hard_including.json", including);
  const fs::path out = dir / "o.png";
  struct Case { std::string args, expect; };
  std::vector<Case> cases = {
      {"render --atlas " + fifo.string() + " --out " + out.string(), "FIFO"},
      {"render" + atlasArg() + "--state " + fifo.string() + " --out " + out.string(), "FIFO"},
      {"render" + atlasArg() + "--batch " + fifo.string(), "FIFO"},
      {"render --model " + fifo.string() + " --out " + out.string(), "FIFO"},
      {"render --model " + (dir / "model.gltf").string() + " --out " + out.string(), "FIFO"},
      {"list --atlas " + fifo.string(), "FIFO"},
      {"render --atlas " + (test::testAtlas().parent_path() / "hard_including.json").string() + " --out " + out.string(), "FIFO"},
      {"render" + atlasArg() + "--state /dev/zero --out " + out.string(), "character device"},
  };
  for (const auto& c : cases) {
    std::string output;
    auto t0 = std::chrono::steady_clock::now();
    int rc = runShell("timeout 30 " + kExe + " " + c.args, output);
    double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    INFO(c.args << "\n" << output);
    CHECK(rc == 3);
    CHECK(output.find(c.expect) != std::string::npos);
    CHECK(s < 20.0);  // refused, not read: the old code waited for a writer for ever
  }
  fs::remove(test::testAtlas().parent_path() / "hard_including.json");
  CHECK(!fs::exists(out));
}

TEST_CASE("inputs: sizes and headers are checked before the content is read") {
  fs::path dir = test::scratchDir("hard_sizes");
  // A 2 GB sparse PLY used to be read whole (4.2 GB, 15 s) before "not a valid PLY file".
  {
    std::ofstream(dir / "big.ply") << "ply\n";
    fs::resize_file(dir / "big.ply", 2'000'000'000);
    std::ofstream(dir / "huge.obj") << "v 0 0 0\n";
    fs::resize_file(dir / "huge.obj", kMaxModelBytes + 1);
  }
  std::string out;
  auto t0 = std::chrono::steady_clock::now();
  CHECK(runShell("timeout 30 " + kExe + " render --model " + (dir / "big.ply").string() + " --out " + (dir / "o.png").string(), out) == 3);
  CHECK(out.find("not a valid PLY file") != std::string::npos);
  CHECK(runShell("timeout 30 " + kExe + " render --model " + (dir / "huge.obj").string() + " --out " + (dir / "o.png").string(), out) == 3);
  CHECK(out.find("larger than the limit") != std::string::npos);
  CHECK(std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count() < 20.0);
  // A view state larger than any JSON the program reads is refused by its size.
  std::ofstream(dir / "state.json") << "{";
  fs::resize_file(dir / "state.json", kMaxJsonBytes + 1);
  CHECK_THROWS_WITH_AS(loadViewState(dir / "state.json"), doctest::Contains("larger than the limit"), FileError);
}

TEST_CASE("settings: unknown keys survive, a bad file is kept aside, a symlinked file stays a symlink") {
  fs::path dir = test::scratchDir("hard_settings");
  fs::path f = dir / "settings.json";
  test::writeText(f, R"({"schema": 1, "window": {"width": 1111, "tabs": 3}, "from_the_future": {"x": [1, 2]},
                        "quality": "best", "text_scale": 2})");
  std::string warning;
  AppSettings s = loadSettings(f, warning);
  CHECK(s.windowWidth == 1111);                 // the good values count
  CHECK(s.textScale == doctest::Approx(2.f));
  CHECK(s.quality == AppSettings{}.quality);    // the bad one falls back
  CHECK(warning.find("quality") != std::string::npos);
  CHECK(warning.find("settings.json.bad") != std::string::npos);
  CHECK(fs::exists(dir / "settings.json.bad"));
  saveSettings(s, f);
  std::ifstream in(f);
  nlohmann::json back = nlohmann::json::parse(in);
  CHECK(back["from_the_future"]["x"][1] == 2);  // a newer version's keys are kept
  CHECK(back["window"]["tabs"] == 3);
  CHECK(back["window"]["width"] == 1111);

  // Not JSON at all: copied aside whole before defaults are used.
  test::writeText(f, "{ this is not json");
  warning.clear();
  AppSettings d = loadSettings(f, warning);
  CHECK(d.windowWidth == AppSettings{}.windowWidth);
  std::ifstream aside(dir / "settings.json.bad");
  CHECK(std::string(std::istreambuf_iterator<char>(aside), {}) == "{ this is not json");

  // A dotfile manager's symlink: written through to its target.
  fs::create_directories(dir / "dotfiles");
  test::writeText(dir / "dotfiles" / "settings.json", R"({"schema": 1})");
  fs::path link = dir / "linked.json";
  fs::create_symlink(dir / "dotfiles" / "settings.json", link);
  AppSettings l = loadSettings(link, warning);
  l.windowWidth = 1234;
  saveSettings(l, link);
  CHECK(fs::is_symlink(link));
  CHECK(loadSettings(dir / "dotfiles" / "settings.json", warning).windowWidth == 1234);
}

TEST_CASE("arguments: empty names, control characters, NaN and trailing junk are usage errors") {
  fs::path out = test::scratchDir("hard_args") / "o.png";
  const std::string o = " --out " + out.string();
  std::vector<std::string> bad = {
      "render --model ''" + o, "render --atlas ''" + o, "render" + atlasArg() + "--state ''" + o,
      "render" + atlasArg() + "--batch ''", "render" + atlasArg() + "--out $'a\\001.png'",
      "render" + atlasArg() + "--dpi nan" + o, "render" + atlasArg() + "--intensity nan" + o,
      "render" + atlasArg() + "--opacity cube=0.5x" + o, "render" + atlasArg() + "--clip sagittal:0x10" + o,
      "list --atlas ''",
  };
  for (const auto& args : bad) {
    std::string output;
    int rc = runShell("bash -c \"" + kExe + " " + args + "\"", output);
    INFO(args << "\n" << output);
    CHECK(rc == 2);
  }
  CHECK(!fs::exists(out));
}

TEST_CASE("messages: the real error, never a cut or endless echo, and hints that exist") {
  fs::path dir = test::scratchDir("hard_messages");
  fs::create_symlink("loop_b.json", dir / "loop_a.json");
  fs::create_symlink("loop_a.json", dir / "loop_b.json");
  std::string out;
  CHECK(test::runCli("render --atlas " + (dir / "loop_a.json").string() + " --out " + (dir / "o.png").string(), out) == 3);
  CHECK(out.find("symbolic links") != std::string::npos);

  std::string hugeId(50u << 20, 'q');
  test::writeText(dir / "state.json", "{\"format\": \"psoas-atlas-view\", \"version\": 2, \"selected\": \"" + hugeId + "\"}");
  CHECK(test::runCli("render" + atlasArg() + "--state " + (dir / "state.json").string() + " --out " + (dir / "o.png").string(), out) == 3);
  CHECK(out.size() < 2000);
  CHECK(out.find("bytes)") != std::string::npos);

  CHECK(test::runCli("render" + atlasArg() + "--hide nothing_like_it --out " + (dir / "o.png").string(), out) == 2);
  CHECK(out.find("--list") == std::string::npos);
  CHECK(out.find("psoas-atlas list") != std::string::npos);
  CHECK(quoteValue(std::string("a\0b", 3)) == "\"a\\x00b\"");
}

TEST_CASE("round trip: a figure's embedded state always loads again, unrenderable models are refused") {
  fs::path dir = test::scratchDir("hard_far");
  // A cube 4.6 km from the origin (a model in millimetres with a survey offset).
  std::ifstream cube(test::sourceDir() / "tests" / "data" / "cube.obj");
  std::string far, line;
  while (std::getline(cube, line)) {
    if (line.rfind("v ", 0) == 0) {
      float x, y, z;
      std::sscanf(line.c_str(), "v %f %f %f", &x, &y, &z);
      char buf[96];
      std::snprintf(buf, sizeof buf, "v %f %f %f", x + 4.6e6f, y, z);
      line = buf;
    }
    far += line + "\n";
  }
  test::writeText(dir / "far.obj", far);
  std::string out;
  REQUIRE(test::runCli("render --model " + (dir / "far.obj").string() + " --size 64x48 -q --out " + (dir / "a.png").string(), out) == 0);
  CHECK(test::runCli("render --model " + (dir / "far.obj").string() + " --state " + (dir / "a.png").string() + " -q --out " +
                         (dir / "b.png").string(), out) == 0);
  test::writeText(dir / "inf.obj", "v 3e38 0 0\nv 0 3e38 0\nv 0 0 3e38\nf 1 2 3\n");
  CHECK(test::runCli("render --model " + (dir / "inf.obj").string() + " --out " + (dir / "c.png").string(), out) == 3);
  CHECK(out.find("rescale") != std::string::npos);

  // Property: any camera that fitting, zooming and panning within the supported extent produce is read back.
  std::mt19937 rng(13);
  auto u = [&](float lo, float hi) { return std::uniform_real_distribution<float>(lo, hi)(rng); };
  std::vector<ViewPreset> views = standardViews();
  for (int i = 0; i < 2000; ++i) {
    float scale = std::pow(10.f, u(-4.f, std::log10(kMaxSceneCoordinate)));
    glm::vec3 c(u(-1, 1), u(-1, 1), u(-1, 1));
    glm::vec3 lo = glm::clamp(c * (kMaxSceneCoordinate - scale) - scale * u(0.001f, 1.f), -kMaxSceneCoordinate, kMaxSceneCoordinate);
    glm::vec3 hi = glm::clamp(c * (kMaxSceneCoordinate - scale) + scale * u(0.001f, 1.f), -kMaxSceneCoordinate, kMaxSceneCoordinate);
    Bounds b;
    b.add(lo);
    b.add(hi);
    ViewState vs;
    Camera cam = fitCamera(views[std::size_t(i) % views.size()], b, u(16.f / 16384.f, 16384.f / 16.f));
    for (int k = 0; k < 5; ++k) {
      cam.zoom(u(0.01f, 100.f));
      cam.pan(u(-50, 50), u(-50, 50));
    }
    vs.camera = cam;
    std::string text = serializeViewState(vs);
    INFO(text);
    CHECK_NOTHROW(parseViewState(text, "random.json"));
  }
}

TEST_CASE("signals and limits: an interrupted or oversized write leaves nothing, exit 4 with the reason") {
  fs::path dir = test::scratchDir("hard_signals");
  std::string out;
  // SIGXFSZ used to kill the process and leave .fig.png.tmpNNN behind.
  int rc = runShell("ulimit -f 8; " + kExe + " render" + atlasArg() + "--size 800x600 --out " + (dir / "fig.png").string(), out);
  INFO(out);
  CHECK(rc == 4);
  CHECK(out.find("file-size limit") != std::string::npos);
  CHECK(!fs::exists(dir / "fig.png"));
  CHECK(leftoverTemporaries(dir) == 0);

  // SIGTERM while the PNG is being encoded and written: the temporary is removed, nothing at the name.
  std::string size = "--size 6000x6000";
  std::vector<std::string> args = {kExe, "render", "--atlas", test::testAtlas().string(), "--size", "5000x5000", "--ssaa", "1",
                                   "-q", "--out", (dir / "big.png").string()};
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  pid_t pid = 0;
  REQUIRE(posix_spawn(&pid, kExe.c_str(), nullptr, nullptr, argv.data(), environ) == 0);
  bool sawTemporary = false;
  for (int i = 0; i < 6000 && !sawTemporary; ++i) {
    sawTemporary = leftoverTemporaries(dir) > 0;
    if (!sawTemporary) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  ::kill(pid, SIGTERM);
  int status = 0;
  ::waitpid(pid, &status, 0);
  CHECK(sawTemporary);
  CHECK(WIFSIGNALED(status));
  CHECK(leftoverTemporaries(dir) == 0);
  CHECK(!fs::exists(dir / "big.png"));
}

TEST_CASE("memory: a figure that cannot fit is refused before any work, with what would fit") {
  // 16384 x 16384 at SSAA 4 needs gigabytes; with 1.5 GB only smaller tiles and SSAA fit.
  const std::uint64_t gb = 1ull << 30;
  CHECK(figureMemoryBytes(16384, 16384, 4, 2048) > 3 * gb);
  CHECK(figureMemoryBytes(1600, 1200, 2, 0) < gb / 2);
  CHECK(chooseFigureTile(1600, 1200, 2, 16384, 64 * gb) == 0);
  CHECK(chooseFigureTile(16384, 16384, 4, 16384, 64 * gb) == 2048);
  CHECK(chooseFigureTile(16384, 16384, 4, 16384, 3 * gb) < 2048);  // smaller tiles instead of a refusal
  CHECK_THROWS_WITH_AS(chooseFigureTile(16384, 16384, 4, 16384, gb), doctest::Contains("needs about"), RenderError);
  CHECK_THROWS_WITH_AS(chooseFigureTile(8000, 8000, 4, 16384, 2 * gb / 3), doctest::Contains("--ssaa"), RenderError);
#if !defined(PSOAS_TEST_ASAN)  // ASan reserves terabytes of address space: ulimit -v cannot apply
  fs::path dir = test::scratchDir("hard_memory");
  std::string out;
  auto t0 = std::chrono::steady_clock::now();
  int rc = runShell("ulimit -v 2500000; timeout 60 " + kExe + " render" + atlasArg() + "--size 16384x16384 --ssaa 4 --out " +
                        (dir / "huge.png").string(), out);
  INFO(out);
  CHECK(rc == 4);
  CHECK(out.find("needs about") != std::string::npos);
  CHECK(std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count() < 30.0);
  CHECK(!fs::exists(dir / "huge.png"));
#endif
}

TEST_CASE("linear checks: 300,000 landmarks and a 5,000-figure batch are validated in seconds") {
  // Both were quadratic: 57 s for the landmarks, minutes for the batch, before any work was done.
  std::string atlas = R"({"schema": 1, "title": "many landmarks", "structures": [{"id": "cube", "name": "Cube",
    "group": "bone", "side": "left", "mesh": "cube.obj", "color": "#102030", "description": "", "sources": []}],
    "landmarks": [)";
  for (int i = 0; i < 300000; ++i)
    atlas += (i ? ",{\"id\":\"l" : "{\"id\":\"l") + std::to_string(i) + "\",\"name\":\"L\",\"position\":[0,0,0]}";
  atlas += "]}";
  auto t0 = std::chrono::steady_clock::now();
  Atlas parsed = parseAtlas(atlas, test::testAtlas());
  CHECK(parsed.landmarks.size() == 300000);
  // Generous bounds (sanitizer builds run several times slower); the quadratic checks took far longer.
  CHECK(std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count() < 45.0);
  std::string dup = atlas;
  dup.replace(dup.rfind("\"l299999\""), 9, "\"l150000\"");
  CHECK_THROWS_WITH_AS(parseAtlas(dup, test::testAtlas()), doctest::Contains("duplicate landmark id \"l150000\""), AtlasError);

  fs::path dir = test::scratchDir("hard_linear");
  std::string batch = R"({"format": "psoas-atlas-batch", "version": 1, "figures": [)";
  for (int i = 0; i < 5000; ++i) batch += "{\"out\": \"f" + std::to_string(i) + ".png\"},";
  batch += R"({"out": "f17.png"}]})";
  test::writeText(dir / "batch.json", batch);
  std::string out;
  t0 = std::chrono::steady_clock::now();
  CHECK(test::runCli("render" + atlasArg() + "--batch " + (dir / "batch.json").string(), out) == 3);
  CHECK(out.find("figures[5000].out: written twice") != std::string::npos);
  CHECK(std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count() < 120.0);
}
