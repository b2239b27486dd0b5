// `psoas-atlas screenshot --window`: the real window, panels included, drawn headless. At the smallest
// supported size, a common one and a large one, labels 1x and 3x, no label box, leader line or legend goes
// under a panel or leaves the free area; the panels are drawn where the layout put them (and the picture
// shows them: panel pixels differ from the view's background).
#include <doctest/doctest.h>

#include <cstdlib>
#include <fstream>

#include <nlohmann/json.hpp>

#include "core/image.hpp"
#include "test_support.hpp"

using namespace psoas;

namespace {
struct Box { float x0, y0, x1, y1; };
Box box(const nlohmann::json& j) { return {j[0].get<float>(), j[1].get<float>(), j[2].get<float>(), j[3].get<float>()}; }
bool inside(const Box& outer, const Box& b) {
  return b.x0 >= outer.x0 - 0.5f && b.y0 >= outer.y0 - 0.5f && b.x1 <= outer.x1 + 0.5f && b.y1 <= outer.y1 + 0.5f;
}
bool inside(const Box& outer, float x, float y) { return inside(outer, Box{x, y, x, y}); }
bool overlap(const Box& a, const Box& b) { return a.x0 < b.x1 && a.x1 > b.x0 && a.y0 < b.y1 && a.y1 > b.y0; }
}  // namespace

TEST_CASE("window screenshot: labels, leader lines and legend stay out of the panels at 1024x640, 1600x1000, 2560x1440") {
  const auto dir = test::scratchDir("window_shot");
  // Labels of every kind, attachment areas and a referral pattern (a legend), a selection.
  test::writeText(dir / "state.json", R"({"format": "psoas-atlas-view", "version": 3,
    "view": "anterior", "labels": {"sets": ["bones", "muscles", "attachments", "landmarks"]},
    "overlays": ["psoas_major", "iliacus", "iliopsoas"], "selected": "psoas_major_r"})");
  struct Case { const char* size; float ui, labels; };
  for (const Case c : {Case{"1024x640", 1.f, 1.f}, Case{"1024x640", 1.f, 3.f}, Case{"1600x1000", 1.f, 1.f},
                       Case{"1600x1000", 1.f, 3.f}, Case{"2560x1440", 2.f, 1.f}, Case{"2560x1440", 2.f, 3.f}}) {
    const std::string name = std::string(c.size) + "_" + std::to_string(int(c.labels)) + "x";
    INFO(name);
    const auto png = dir / (name + ".png"), geo = dir / (name + ".json");
    std::string out;
    int rc = test::runCli("screenshot --window --symptoms --state " + (dir / "state.json").string() + " --size " + c.size +
                              " --ui-scale " + std::to_string(c.ui) + " --label-scale " + std::to_string(c.labels) +
                              " --out " + png.string() + " --geometry " + geo.string(),
                          out);
    INFO(out);
    REQUIRE(rc == 0);
    Image img = readPng(png);
    nlohmann::json g = nlohmann::json::parse(std::ifstream(geo));
    CHECK(img.width == g["window"][0].get<int>());
    CHECK(img.height == g["window"][1].get<int>());
    const Box window{0, 0, float(img.width), float(img.height)};
    const Box free = box(g["free"]);
    REQUIRE(g["panels"].size() == 4);  // structures, pain and symptoms, information, teach: all open
    std::vector<Box> panels;
    for (auto& [id, r] : g["panels"].items()) {
      INFO(id);
      panels.push_back(box(r));
      CHECK(inside(window, panels.back()));
      CHECK_FALSE(overlap(panels.back(), free));
    }
    REQUIRE(g["labels"].size() >= 1);  // at 3x in 1024 px few fit beside the model; those that do stay clear
    for (const auto& l : g["labels"]) {
      INFO(l["key"].get<std::string>());
      Box b = box(l["box"]);
      CHECK(inside(free, b));
      CHECK(inside(free, l["anchor"][0].get<float>(), l["anchor"][1].get<float>()));
      CHECK(inside(free, l["line_to"][0].get<float>(), l["line_to"][1].get<float>()));
      for (const Box& p : panels) CHECK_FALSE(overlap(p, b));
    }
    REQUIRE_FALSE(g["legend"].is_null());
    Box legend = box(g["legend"]);
    CHECK(inside(free, legend));
    for (const Box& p : panels) CHECK_FALSE(overlap(p, legend));
    // The picture has the panels: inside the first panel the pixels are not the view's background.
    const Box& p = panels.front();
    auto px = [&](int x, int y) { return &img.rgba[(std::size_t(y) * std::size_t(img.width) + std::size_t(x)) * 4]; };
    const unsigned char* bg = px(int(free.x0 + free.x1) / 2, int(free.y0) + 4);
    int differ = 0, total = 0;
    for (int y = int(p.y0) + 2; y < int(p.y1) - 2; y += 7)
      for (int x = int(p.x0) + 2; x < int(p.x1) - 2; x += 7, ++total)
        differ += std::abs(int(px(x, y)[0]) - int(bg[0])) + std::abs(int(px(x, y)[2]) - int(bg[2])) > 6;
    CHECK(differ > total / 4);
  }
}

TEST_CASE("window screenshot: a state's pose is shown, as in the window") {
  const auto dir = test::scratchDir("window_shot_pose");
  const char* base = R"({"format": "psoas-atlas-view", "version": 3, "view": "left")";
  test::writeText(dir / "standing.json", std::string(base) + "}");
  test::writeText(dir / "sitting.json", std::string(base) + R"(, "pose": {"preset": "sitting"}})");
  Image shots[2];
  int k = 0;
  for (const char* name : {"standing", "sitting"}) {
    std::string out;
    const auto png = dir / (std::string(name) + ".png");
    int rc = test::runCli("screenshot --window --size 1024x640 --state " + (dir / (std::string(name) + ".json")).string() +
                              " --out " + png.string(), out);
    INFO(out);
    REQUIRE(rc == 0);
    shots[k++] = readPng(png);
  }
  REQUIRE(shots[0].width == shots[1].width);
  REQUIRE(shots[0].height == shots[1].height);
  // The seated skeleton covers other pixels of the view: a good share of them changes (the panels do not).
  std::size_t changed = 0, n = shots[0].rgba.size() / 4;
  for (std::size_t i = 0; i < n; ++i)
    for (int c = 0; c < 3; ++c)
      if (std::abs(int(shots[0].rgba[i * 4 + c]) - int(shots[1].rgba[i * 4 + c])) > 24) { ++changed; break; }
  CHECK(changed > n / 20);
}
