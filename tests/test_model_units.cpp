// Model files in any unit and orientation: --axes and --unit-scale for render --model and the viewer's
// files, and a units warning for a mesh that ends up smaller than 1 cm or larger than 3 m (issue #19).
#include <doctest/doctest.h>

#include <string>

#include <glm/geometric.hpp>

#include "app/session.hpp"
#include "cli/commands.hpp"
#include "core/atlas.hpp"
#include "core/errors.hpp"
#include "test_support.hpp"

using namespace psoas;
namespace fs = std::filesystem;

namespace {
fs::path cube() { return test::sourceDir() / "tests" / "data" / "cube.obj"; }  // 0.3 m across, x -0.4..-0.1

std::string usageMessage(const std::string& axes, const std::string& scale) {
  try {
    cli::modelTransform(axes, scale);
  } catch (const UsageError& e) {
    return e.what();
  }
  return "(accepted)";
}
}  // namespace

TEST_CASE("model units: --axes takes mesh_defaults' axis names, --unit-scale a number or a unit") {
  MeshTransform t = cli::modelTransform("+x,+z,-y", "mm");
  CHECK(t.scale == doctest::Approx(0.001f));
  // Atlas Y (up) comes from file +z: a Z-up point (0, 0, 1) becomes (0, 1, 0) before scaling.
  glm::vec3 up = t.axes * glm::vec3(0, 0, 1);
  CHECK(glm::length(up - glm::vec3(0, 1, 0)) < 1e-6f);
  glm::vec3 front = t.axes * glm::vec3(0, -1, 0);
  CHECK(glm::length(front - glm::vec3(0, 0, 1)) < 1e-6f);
  // The JSON spelling of the atlas file works too, and a plain number.
  MeshTransform j = cli::modelTransform(R"(["+x", "+z", "-y"])", "0.01");
  CHECK(j.axes == t.axes);
  CHECK(j.scale == doctest::Approx(0.01f));
  CHECK(cli::modelTransform("", "").scale == 1.f);
  CHECK(cli::modelTransform("", "").axes == glm::mat3(1.f));

  CHECK(usageMessage("+x,+x,-y", "").find("axis \"x\" is used twice") != std::string::npos);
  CHECK(usageMessage("+x,+z", "").find("expected three axis names") != std::string::npos);
  CHECK(usageMessage("+x,+w,-y", "").find("\"+w\"") != std::string::npos);
  CHECK(usageMessage("", "-0.001").find("--unit-scale: expected a positive number") != std::string::npos);
  CHECK(usageMessage("", "furlong").find("\"furlong\"") != std::string::npos);
  CHECK(usageMessage("", "nan").find("--unit-scale") != std::string::npos);
}

TEST_CASE("model units: a model outside 1 cm to 3 m is a warning, in range none") {
  Atlas atlas;
  atlas.file = "(models)";
  addImportedModel(atlas, cube());
  CHECK(atlas.warnings.empty());
  MeshTransform mm;
  mm.scale = 0.001f;  // a metre file read as millimetres: 0.3 mm
  addImportedModel(atlas, cube(), mm);
  REQUIRE(atlas.warnings.size() == 1);
  CHECK(atlas.warnings[0].find("cube.obj") != std::string::npos);
  CHECK(atlas.warnings[0].find("0.3 mm across") != std::string::npos);
  MeshTransform big;
  big.scale = 100.f;  // 30 m
  addImportedModel(atlas, cube(), big);
  REQUIRE(atlas.warnings.size() == 2);
  CHECK(atlas.warnings[1].find("30 m across") != std::string::npos);
  CHECK(atlas.warnings[1].find("millimetres (scale 0.001)") != std::string::npos);
  // The scale and the axes are what the mesh is read through.
  const Mesh& m = *atlas.structures[2].mesh;
  CHECK(m.bounds.max.x - m.bounds.min.x == doctest::Approx(30.f).epsilon(0.001));
}

TEST_CASE("model units: the viewer's opened model gets the session's transform and its warning") {
  Atlas atlas;
  atlas.file = "(models)";
  MeshTransform t = cli::modelTransform("+y,+x,-z", "cm");  // 3 mm across: a warning
  session::Added next = session::withModel(atlas, cube(), t);
  REQUIRE(next.warnings.size() == 1);
  CHECK(next.warnings[0].find("cube.obj") != std::string::npos);
  const Mesh& m = *next.atlas.structures[std::size_t(next.structure)].mesh;
  // File x (-0.4..-0.1) feeds atlas Y, scaled to centimetres.
  CHECK(m.bounds.min.y == doctest::Approx(-0.004f).epsilon(0.01));
  CHECK(m.bounds.max.y == doctest::Approx(-0.001f).epsilon(0.01));
  CHECK(session::warningsMessage("The model opened", next.warnings).find("The model opened with a warning:") == 0);
}

TEST_CASE("model units: an atlas whose mesh_defaults scale makes a mesh too large warns on loading") {
  fs::path d = test::scratchDir("model_units_atlas");
  test::writeText(d / "atlas.json", R"({"schema": 1, "title": "t", "mesh_defaults": {"scale": 1000},
    "structures": [{"id": "cube", "name": "Cube", "group": "bone", "side": "right", "mesh": ")" + cube().string() +
                                         R"(", "color": "#d9c8a9", "description": "d", "sources": ["t"]}]})");
  Atlas atlas = loadAtlas(d / "atlas.json");
  REQUIRE(atlas.warnings.size() == 1);
  CHECK(atlas.warnings[0].find("structure \"cube\" is 300 m across") != std::string::npos);
}

TEST_CASE("model units: render --model takes --axes and --unit-scale, bad values exit 2, odd sizes warn") {
  std::string out;
  const fs::path png = test::outputDir() / "model_units.png";
  int rc = test::runCli("render --model " + cube().string() + " --axes +x,+x,-y --out " + png.string(), out);
  INFO(out);
  CHECK(rc == 2);
  CHECK(out.find("--axes \"+x,+x,-y\": axis \"x\" is used twice") != std::string::npos);
  rc = test::runCli("render --model " + cube().string() + " --unit-scale 0 --out " + png.string(), out);
  CHECK(rc == 2);
  CHECK(out.find("--unit-scale: expected a positive number") != std::string::npos);
  rc = test::runCli("render --unit-scale mm --out " + png.string(), out);
  CHECK(rc == 2);
  CHECK(out.find("--axes and --unit-scale apply to --model files") != std::string::npos);
  rc = test::runCli("render --model " + cube().string() + " --unit-scale mm --axes +x,+z,-y --size 80x60 --out " +
                        png.string(), out);
  CHECK(rc == 0);
  CHECK(out.find("psoas-atlas: warning: ") != std::string::npos);
  CHECK(out.find("0.3 mm across") != std::string::npos);
  rc = test::runCli("render --model " + cube().string() + " --size 80x60 --out " + png.string(), out);
  CHECK(rc == 0);
  CHECK(out.find("warning") == std::string::npos);
}

TEST_CASE("model units: the viewer refuses a bad --axes before it looks for a display") {
  std::string out;
  int rc = test::runCli("--axes +x,+y " + cube().string(), out);
  INFO(out);
  CHECK(rc == 2);
  // A build without the viewer says so instead.
  CHECK((out.find("--axes \"+x,+y\": expected three axis names") != std::string::npos ||
         out.find("this build has no viewer") != std::string::npos));
}
