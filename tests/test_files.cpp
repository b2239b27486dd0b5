// File writing never leaves half a file; PNGs round-trip; settings survive bad files.
#include <doctest/doctest.h>

#include "core/errors.hpp"
#include "core/file_util.hpp"
#include "core/image.hpp"
#include "core/image_compare.hpp"
#include "core/settings.hpp"
#include "test_support.hpp"

using namespace psoas;
namespace fs = std::filesystem;

TEST_CASE("atomic writes replace whole files and leave nothing behind on failure") {
  fs::path dir = test::scratchDir("atomic");
  writeFileAtomic(dir / "a.txt", "first");
  writeFileAtomic(dir / "a.txt", "second");
  CHECK(readTextFile(dir / "a.txt") == "second");
  CHECK_THROWS_AS(writeFileAtomic(dir / "missing" / "b.txt", "x"), OutputError);
  fs::create_directories(dir / "isdir");
  CHECK_THROWS_AS(writeFileAtomic(dir / "isdir", "x"), OutputError);
  int files = 0;
  for (auto& e : fs::directory_iterator(dir)) files += e.is_regular_file();
  CHECK(files == 1);  // no temporary left over
}

TEST_CASE("PNG encode and decode round-trip with alpha") {
  Image img(7, 5);
  for (int y = 0; y < 5; ++y)
    for (int x = 0; x < 7; ++x) {
      auto* p = img.pixel(x, y);
      p[0] = std::uint8_t(x * 30); p[1] = std::uint8_t(y * 50); p[2] = 200; p[3] = std::uint8_t(x * 40);
    }
  fs::path f = test::scratchDir("png") / "t.png";
  writePng(img, f);
  Image back = readPng(f);
  ImageDiff d = compareImages(img, back);
  CHECK(d.sameSize);
  CHECK(d.maxAbs == 0);
  test::writeText(f, "not a png");
  CHECK_THROWS_AS(readPng(f), FileError);
}

TEST_CASE("image comparison measures what differs") {
  Image a(10, 10), b(10, 10);
  CHECK(compareImages(a, b).maxAbs == 0);
  b.pixel(3, 3)[0] = 100;
  ImageDiff d = compareImages(a, b, 24);
  CHECK(d.maxAbs == 100);
  CHECK(d.fractionOver == doctest::Approx(0.01));
  CHECK(!compareImages(a, Image(10, 11)).sameSize);
}

TEST_CASE("settings: defaults when missing, a warning for bad files, round trip") {
  fs::path dir = test::scratchDir("settings");
  std::string warning;
  AppSettings s = loadSettings(dir / "none.json", warning);
  CHECK(warning.empty());
  CHECK(s.windowWidth == AppSettings{}.windowWidth);
  s.windowWidth = 1234;
  s.showInfo = false;
  s.textScale = 1.5f;
  saveSettings(s, dir / "sub" / "settings.json");
  AppSettings back = loadSettings(dir / "sub" / "settings.json", warning);
  CHECK(warning.empty());
  CHECK(back.windowWidth == 1234);
  CHECK(!back.showInfo);
  CHECK(back.textScale == doctest::Approx(1.5f));
  test::writeText(dir / "bad.json", R"({"schema": 1, "window": {"width": "wide"}})");
  AppSettings bad = loadSettings(dir / "bad.json", warning);
  CHECK(warning.find("bad.json: window.width: expected a number") != std::string::npos);
  CHECK(bad.windowWidth == AppSettings{}.windowWidth);
}
