// The command line as a user meets it: exit codes, messages, and no output file on failure.
#include <doctest/doctest.h>

#include <fstream>

#include "core/image.hpp"
#include "test_support.hpp"

using namespace psoas;
namespace fs = std::filesystem;

TEST_CASE("render writes a PNG of the requested size") {
  fs::path dir = test::scratchDir("cli_ok");
  std::string out;
  int rc = test::runCli("render --atlas " + test::testAtlas().string() + " --size 120x90 --view left --out " +
                            (dir / "a.png").string(), out);
  INFO(out);
  CHECK(rc == 0);
  Image img = readPng(dir / "a.png");
  CHECK(img.width == 120);
  CHECK(img.height == 90);
  CHECK(out.find("wrote ") != std::string::npos);
}

TEST_CASE("help, version and list") {
  std::string out;
  CHECK(test::runCli("--help", out) == 0);
  CHECK(out.find("render") != std::string::npos);
  CHECK(test::runCli("render --help", out) == 0);
  CHECK(out.find("--transparent") != std::string::npos);
  CHECK(test::runCli("--version", out) == 0);
  CHECK(out.find("psoas-atlas ") != std::string::npos);
  CHECK(test::runCli("list --atlas " + test::testAtlas().string(), out) == 0);
  CHECK(out.find("diamond") != std::string::npos);
}

TEST_CASE("bad arguments: a clear message, exit code 2 or 3, never a signal, no output file") {
  fs::path dir = test::scratchDir("cli_bad");
  std::string png = (dir / "x.png").string();
  std::string atlas = " --atlas " + test::testAtlas().string();
  struct Case { std::string args; int code; std::string message; };
  const Case cases[] = {
      {"render" + atlas + " --out " + png + " --size 100", 2, "invalid size \"100\""},
      {"render" + atlas + " --out " + png + " --size 0x100", 2, "invalid size"},
      {"render" + atlas + " --out " + png + " --view sideways", 2, "unknown view \"sideways\""},
      {"render" + atlas + " --out " + png + " --hide kidney", 2, "unknown structure id \"kidney\""},
      {"render" + atlas + " --out " + png + " --isolate cub", 2, "did you mean: cube"},
      {"render" + atlas + " --out " + png + " --background blue", 2, "invalid --background \"blue\""},
      {"render" + atlas + " --out " + png + " --opacity cube=3", 2, "invalid --opacity"},
      {"render" + atlas + " --out " + png + " --ssaa 9", 2, "--ssaa"},
      {"render" + atlas + " --out " + png + " --ghost", 2, "--ghost needs --select"},
      {"render" + atlas + " --out " + (dir / "x.jpg").string(), 2, "must end in .png"},
      {"render" + atlas + " --out " + (dir / "nodir" / "x.png").string(), 2, "does not exist"},
      {"render" + atlas, 2, "--out"},
      {"render --frobnicate" + atlas + " --out " + png, 2, "frobnicate"},
      {"render --atlas /nonexistent.json --out " + png, 3, "/nonexistent.json: file not found"},
      {"render --atlas " + (test::sourceDir() / "tests/data/cube.obj").string() + " --out " + png, 3,
       "cube.obj: invalid JSON"},
  };
  for (const auto& c : cases) {
    std::string out;
    int rc = test::runCli(c.args, out);
    INFO(c.args << "\n" << out);
    CHECK(rc == c.code);
    CHECK(out.find(c.message) != std::string::npos);
    CHECK(!fs::exists(png));
  }
  int left = 0;
  for (auto& e : fs::directory_iterator(dir)) left += 1 + 0 * int(e.is_regular_file());
  CHECK(left == 0);  // not even a temporary file
}

TEST_CASE("an existing output file survives a failed render untouched") {
  fs::path dir = test::scratchDir("cli_keep");
  fs::path png = dir / "keep.png";
  test::writeText(png, "precious");
  std::string out;
  CHECK(test::runCli("render --atlas /nonexistent.json --out " + png.string(), out) == 3);
  std::ifstream in(png);
  std::string content((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  CHECK(content == "precious");
}
