// Stories on the command line: story --list, render --story (one step, every step, golden images),
// render --grid, and the client handout (PDF pages, captions as text, image resolution, bad input).
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <sstream>

#include <nlohmann/json.hpp>

#include "core/atlas.hpp"
#include "core/errors.hpp"
#include "core/file_util.hpp"
#include "core/posed_atlas.hpp"
#include "core/image.hpp"
#include "core/png_metadata.hpp"
#include "core/story.hpp"
#include "core/view_state.hpp"
#include "test_support.hpp"

using namespace psoas;
namespace fs = std::filesystem;

namespace {
bool haveTool(const char* name) { return std::system((std::string("command -v ") + name + " >/dev/null 2>&1").c_str()) == 0; }

std::string runTool(const std::string& cmd) {
  std::string out;
  FILE* p = popen((cmd + " 2>&1").c_str(), "r");
  if (!p) return out;
  char buf[4096];
  std::size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
  pclose(p);
  return out;
}

// Words separated by single spaces: a caption wrapped over lines in the PDF reads as one line again.
std::string squeeze(const std::string& text) {
  std::istringstream in(text);
  std::string word, out;
  while (in >> word) out += (out.empty() ? "" : " ") + word;
  return out;
}

// Pixels that differ from the top-left (background) pixel.
std::size_t drawnPixels(const Image& img) {
  std::size_t n = 0;
  for (int y = 0; y < img.height; ++y)
    for (int x = 0; x < img.width; ++x)
      if (std::memcmp(img.pixel(x, y), img.pixel(0, 0), 3) != 0) ++n;
  return n;
}
}  // namespace

TEST_CASE("story --list names every built-in story with its title and step count") {
  std::string out;
  REQUIRE(test::runCli("story --list", out) == 0);
  for (const char* id : {"where_it_lies", "why_sitting", "where_it_hurts", "gentle_stretch", "exercises", "see_a_clinician"})
    CHECK(out.find(id) != std::string::npos);
  CHECK(out.find("Why long sitting shortens it") != std::string::npos);
  REQUIRE(test::runCli("story --list --json", out) == 0);
  auto j = nlohmann::json::parse(out);
  REQUIRE(j.is_array());
  CHECK(j.size() == builtinStoryFiles().size());
  for (const auto& s : j) CHECK(s["steps"].get<int>() == int(s["step_titles"].size()));
  CHECK(test::runCli("story", out) == 2);
}

TEST_CASE("render --story: one step, with the step's pose in the embedded state") {
  fs::path dir = test::scratchDir("story_step");
  std::string out, png = (dir / "s.png").string();
  REQUIRE(test::runCli("render --story why_sitting --step 2 --size 160x120 --ssaa 1 --out " + png, out) == 0);
  CHECK(out.find("step 2 of 3") != std::string::npos);
  ViewState vs = loadViewState(png);
  CHECK(vs.pose.preset == "sitting");
  CHECK(vs.figure.width == 160);
  // Options apply over the step's scene.
  REQUIRE(test::runCli("render --story why_sitting --step 1 --size 160x120 --ssaa 1 --transparent -q --out " + png, out) == 0);
  CHECK(readPng(png).pixel(0, 0)[3] == 0);
}

TEST_CASE("render --story --all-steps: NAME-01.png ... for every step of every built-in story, each drawn") {
  fs::path dir = test::scratchDir("story_all");
  for (const fs::path& file : builtinStoryFiles()) {
    Story story = loadStory(file);
    std::string out, base = (dir / (story.id + ".png")).string();
    INFO(story.id);
    REQUIRE(test::runCli("render --story " + story.id + " --all-steps --size 160x120 --ssaa 1 -q --out " + base, out) == 0);
    for (std::size_t i = 1; i <= story.steps.size(); ++i) {
      char name[64];
      std::snprintf(name, sizeof name, "%s-%02zu.png", story.id.c_str(), i);
      INFO(name);
      REQUIRE(fs::exists(dir / name));
      CHECK(drawnPixels(readPng(dir / name)) > 500);  // not an empty frame
    }
    char next[64];
    std::snprintf(next, sizeof next, "%s-%02zu.png", story.id.c_str(), story.steps.size() + 1);
    CHECK(!fs::exists(dir / next));
    CHECK(!fs::exists(base));
  }
}

TEST_CASE("render --story: golden images of two steps") {
  fs::path dir = test::scratchDir("story_golden");
  struct Case { const char* name; const char* args; };
  const Case cases[] = {{"story_why_sitting_2", "--story why_sitting --step 2"},
                        {"story_where_it_hurts_1", "--story where_it_hurts --step 1 --side right"}};
  for (const Case& c : cases) {
    fs::path f = dir / (std::string(c.name) + ".png");
    std::string out, report;
    REQUIRE(test::runCli(std::string("render ") + c.args + " --size 480x360 -q --out " + f.string(), out) == 0);
    CHECK_MESSAGE(test::matchesGolden(readPng(f), c.name, report), report);
  }
}

TEST_CASE("render --story: bad input gives a clear message, exit 2 or 3, and no file") {
  fs::path dir = test::scratchDir("story_bad");
  std::string out, png = (dir / "x.png").string();
  CHECK(test::runCli("render --story no_such_story --step 1 --out " + png, out) == 2);
  CHECK(out.find("unknown story \"no_such_story\" (built in: ") != std::string::npos);
  CHECK(test::runCli("render --story why_sitting --step 4 --out " + png, out) == 2);
  CHECK(out.find("has steps 1..3") != std::string::npos);
  CHECK(test::runCli("render --story why_sitting --out " + png, out) == 2);
  CHECK(out.find("--step N") != std::string::npos);
  CHECK(test::runCli("render --step 1 --out " + png, out) == 2);
  CHECK(test::runCli("render --story why_sitting --step 1 --all-steps --out " + png, out) == 2);
  fs::path bad = dir / "bad.json";
  test::writeText(bad, R"({"format": "psoas-atlas-story", "version": 1, "id": "b", "title": "B", "steps": [
    {"caption": "a", "evidence": ["textbook"], "scene": {}},
    {"caption": "b", "evidence": ["textbook"], "scene": {"hidden": ["spleen"]}}]})");
  CHECK(test::runCli("render --story " + bad.string() + " --step 1 --out " + png, out) == 3);
  CHECK(out.find(bad.string() + ": steps[1].scene.hidden[0]: unknown structure id \"spleen\"") != std::string::npos);
  CHECK(test::runCli("render --story " + (dir / "missing.json").string() + " --step 1 --out " + png, out) == 3);
  CHECK(!fs::exists(png));
}

// Whether each 160-pixel-wide cell of `grid` holds exactly `cells[i]`.
static bool cellsAre(const Image& grid, const std::vector<Image>& cells) {
  bool same = true;
  for (std::size_t c = 0; c < cells.size(); ++c)
    for (int y = 0; y < 120; ++y) same = same && std::memcmp(grid.pixel(int(c) * 160, y), cells[c].pixel(0, y), 160 * 4) == 0;
  return same;
}

// Two posed cells in a row: the second pose's moved bones may be made where the first's were freed, and the
// renderer's mesh cache must not take them for the old ones (it once drew a bone of the kneeling stretch,
// standing loose, in the glute bridge).
TEST_CASE("render --grid: two posed cells in a row, the second drawn as it would be alone") {
  fs::path dir = test::scratchDir("grid_posed");
  std::string out;
  const std::string opts = " --view left --size 160x120 --ssaa 1 -q --out ";
  REQUIRE(test::runCli("render --pose kneeling_hip_flexor_stretch --pose glute_bridge --pose dead_bug --grid 3x1" + opts +
                           (dir / "g.png").string(), out) == 0);
  std::vector<Image> alone;
  for (const char* pose : {"kneeling_hip_flexor_stretch", "glute_bridge", "dead_bug"}) {
    REQUIRE(test::runCli(std::string("render --pose ") + pose + opts + (dir / (std::string(pose) + ".png")).string(), out) == 0);
    alone.push_back(readPng(dir / (std::string(pose) + ".png")));
  }
  CHECK(cellsAre(readPng(dir / "g.png"), alone));
}

TEST_CASE("render --grid: poses side by side, each cell the figure it would be alone") {
  fs::path dir = test::scratchDir("grid");
  std::string out;
  const std::string opts = " --view left --size 160x120 --ssaa 1 -q --out ";
  REQUIRE(test::runCli("render --pose standing --pose sitting --grid 2x1" + opts + (dir / "g.png").string(), out) == 0);
  REQUIRE(test::runCli("render --pose standing" + opts + (dir / "a.png").string(), out) == 0);
  REQUIRE(test::runCli("render --pose sitting" + opts + (dir / "b.png").string(), out) == 0);
  Image g = readPng(dir / "g.png"), a = readPng(dir / "a.png"), b = readPng(dir / "b.png");
  REQUIRE(g.width == 320);
  REQUIRE(g.height == 120);
  bool leftSame = true, rightSame = true;
  for (int y = 0; y < 120; ++y) {
    leftSame = leftSame && std::memcmp(g.pixel(0, y), a.pixel(0, y), 160 * 4) == 0;
    rightSame = rightSame && std::memcmp(g.pixel(160, y), b.pixel(0, y), 160 * 4) == 0;
  }
  CHECK(leftSame);
  CHECK(rightSame);
  CHECK(a.rgba != b.rgba);
  // Story steps in a grid; an unfilled cell is background.
  REQUIRE(test::runCli("render --story why_sitting --steps 1,2 --grid 3x1" + opts + (dir / "s.png").string(), out) == 0);
  Image s = readPng(dir / "s.png");
  CHECK(s.width == 480);
  bool emptyCell = true;
  for (int y = 0; y < 120; ++y)
    for (int x = 320; x < 480; ++x) emptyCell = emptyCell && std::memcmp(s.pixel(x, y), s.pixel(0, 0), 4) == 0;
  CHECK(emptyCell);

  CHECK(test::runCli("render --pose standing --pose sitting" + opts + (dir / "x.png").string(), out) == 2);
  CHECK(out.find("--grid") != std::string::npos);
  CHECK(test::runCli("render --pose standing --pose sitting --grid 1x1" + opts + (dir / "x.png").string(), out) == 2);
  CHECK(out.find("do not fit") != std::string::npos);
  CHECK(test::runCli("render --pose standing --pose sitting --grid two" + opts + (dir / "x.png").string(), out) == 2);
  CHECK(test::runCli("render --pose standing --pose sitting --grid 2x1 --size 9000x100 --out " + (dir / "x.png").string(), out) == 2);
  CHECK(!fs::exists(dir / "x.png"));
}

TEST_CASE("handout: a PDF with the captions as text and the figures at 300 dpi") {
  fs::path dir = test::scratchDir("handout");
  std::string out, pdf = (dir / "client.pdf").string();
  REQUIRE(test::runCli("handout --story why_sitting --steps 2 --side right --symptom low_back_band --out " + pdf, out) == 0);
  std::string bytes = readTextFile(pdf);
  CHECK(bytes.rfind("%PDF-", 0) == 0);
  if (!haveTool("pdftotext") || !haveTool("pdfimages") || !haveTool("pdfinfo")) {
    MESSAGE("poppler-utils (pdftotext, pdfimages, pdfinfo) not installed: PDF contents not checked");
    return;
  }
  std::string info = runTool("pdfinfo " + pdf);
  CHECK(info.find("Pages:") != std::string::npos);
  CHECK(info.find("Pages:           0") == std::string::npos);
  const Atlas& atlas = test::builtinAtlasData();
  Story story = loadStory(findStory("why_sitting"));
  std::string caption = expandCaption(atlas, story.steps[1].caption, effectivePose(atlas.motion, story.steps[1].scene.pose));
  std::string text = squeeze(runTool("pdftotext " + pdf + " -"));
  CHECK(text.find(squeeze(caption)) != std::string::npos);
  CHECK(text.find("Step 2. Sitting") != std::string::npos);
  CHECK(text.find("Deep ache beside the lower spine") != std::string::npos);  // the chosen symptom
  CHECK(text.find("Glute bridge") != std::string::npos);                      // the exercises
  CHECK(text.find("Popular claim, not established") != std::string::npos);   // what the tags mean
  CHECK(text.find("For education only") != std::string::npos);
  CHECK(text.find("Step 1.") == std::string::npos);  // only the chosen step
  // pdfimages -list: one figure of 1200 x 900 placed at 300 x 300 ppi.
  std::istringstream list(runTool("pdfimages -list " + pdf));
  std::string line;
  int figures = 0;
  while (std::getline(list, line)) {
    std::istringstream f(line);
    std::vector<std::string> c;
    for (std::string w; f >> w;) c.push_back(w);
    if (c.size() < 14 || c[2] != "image") continue;
    ++figures;
    CHECK(c[3] == "1200");
    CHECK(c[4] == "900");
    CHECK(c[12] == "300");
    CHECK(c[13] == "300");
  }
  CHECK(figures == 1);
}

TEST_CASE("handout: a one-page PNG, and bad input refused with no file") {
  fs::path dir = test::scratchDir("handout_png");
  std::string out, png = (dir / "client.png").string();
  REQUIRE(test::runCli("handout --story gentle_stretch --steps 3 --paper letter -q --out " + png, out) == 0);
  Image img = readPng(png);
  CHECK(img.width == 1275);  // 8.5 in at 150 dpi
  CHECK(img.height > 1000);
  CHECK(readPngMetadata(fs::path(png)).dpi.value_or(0.f) == doctest::Approx(150.f).epsilon(0.001));  // stored per metre

  std::string bad = (dir / "x.pdf").string();
  CHECK(test::runCli("handout --story why_sitting --out " + (dir / "x.txt").string(), out) == 2);
  CHECK(out.find("must end in .pdf or .png") != std::string::npos);
  CHECK(test::runCli("handout --story why_sitting --steps 0 --out " + bad, out) == 2);
  CHECK(out.find("steps 1..3") != std::string::npos);
  CHECK(test::runCli("handout --story why_sitting --symptom itchy_ears --out " + bad, out) == 2);
  CHECK(out.find("unknown --symptom \"itchy_ears\"") != std::string::npos);
  CHECK(test::runCli("handout --story why_sitting --paper a5 --out " + bad, out) == 2);
  CHECK(test::runCli("handout --story why_sitting --side up --out " + bad, out) == 2);
  CHECK(test::runCli("handout --story nope --out " + bad, out) == 2);
  CHECK(test::runCli("handout --story why_sitting --out " + (dir / "no" / "x.pdf").string(), out) == 2);
  CHECK(!fs::exists(bad));
}

TEST_CASE("bad story files: a typed error, exit 3 naming the file, no output") {
  std::vector<fs::path> files;
  for (auto& e : fs::directory_iterator(test::sourceDir() / "tests" / "bad_inputs" / "story")) files.push_back(e.path());
  std::sort(files.begin(), files.end());
  CHECK(files.size() >= 15);
  fs::path dir = test::scratchDir("bad_story");
  const Atlas& atlas = test::builtinAtlasData();
  for (const fs::path& f : files) {
    INFO(f.string());
    bool typed = false;
    try {
      checkStory(atlas, loadStory(f));
    } catch (const StateError& e) {
      typed = std::string(e.what()).rfind(f.string() + ": ", 0) == 0;
    }
    CHECK(typed);
    std::string out;
    fs::path png = dir / "out.png", pdf = dir / "out.pdf";
    CHECK(test::runCli("render --story " + f.string() + " --step 1 --out " + png.string(), out) == 3);
    CHECK(out.rfind("psoas-atlas: " + f.string() + ": ", 0) == 0);
    CHECK(test::runCli("handout --story " + f.string() + " --out " + pdf.string(), out) == 3);
    CHECK(!fs::exists(png));
    CHECK(!fs::exists(pdf));
  }
}
