// Atlas files: the good ones load, every kind of bad one is refused with a message naming the file
// and the JSON path of the problem.
#include <doctest/doctest.h>

#include <functional>

#include "core/atlas.hpp"
#include "core/errors.hpp"
#include "core/file_util.hpp"
#include "test_support.hpp"

using namespace psoas;
namespace fs = std::filesystem;

namespace {
// The message of the AtlasError/ModelError that `f` throws, or "" if it throws nothing.
template <class E>
std::string messageOf(const std::function<void()>& f) {
  try { f(); } catch (const E& e) { return e.what(); }
  return "";
}

const char* kGood = R"({
  "schema": 1, "title": "t",
  "structures": [
    {"id": "a", "name": "A", "group": "bone", "side": "left", "mesh": "cube.obj", "color": "#102030",
     "description": "", "sources": []}
  ]
})";

std::string withStructure(const std::string& fields) {
  return R"({"schema": 1, "title": "t", "structures": [{)" + fields + "}]}";
}
const std::string kFields =
    R"("id": "a", "name": "A", "group": "bone", "side": "left", "mesh": "cube.obj", "color": "#102030", "description": "", "sources": [])";

std::string parseError(const std::string& json) {
  return messageOf<AtlasError>([&] { parseAtlas(json, "/data/x.json"); });
}
}  // namespace

TEST_CASE("a minimal atlas parses with defaults") {
  Atlas a = parseAtlas(kGood, "/data/x.json");
  REQUIRE(a.structures.size() == 1);
  CHECK(a.structures[0].meshFile == fs::path("/data/cube.obj"));
  CHECK(a.structures[0].opacity == 1.f);
  CHECK(a.structures[0].color.g == doctest::Approx(0x20 / 255.0));
  CHECK(a.groups.size() == 5);        // the default groups
  CHECK(a.views.size() == 7);         // the standard anatomical views
  CHECK(a.findView("three_quarter") != nullptr);
}

TEST_CASE("the test atlas loads its meshes through Assimp") {
  Atlas a = loadAtlas(test::testAtlas());
  REQUIRE(a.structures.size() == 3);
  for (const auto& s : a.structures) {
    REQUIRE(s.mesh);
    CHECK(s.mesh->triangleCount() > 0);
    CHECK(s.mesh->normals.size() == s.mesh->positions.size());
  }
  // cube.obj spans x in [-0.4, -0.1]
  CHECK(a.structures[0].mesh->bounds.min.x == doctest::Approx(-0.4));
  CHECK(a.structures[0].mesh->bounds.max.x == doctest::Approx(-0.1));
  CHECK(a.structures[2].opacity == doctest::Approx(0.25));
}

TEST_CASE("the built-in atlas file is valid and every structure has a unique id and a source") {
  fs::path file = test::sourceDir() / "assets" / "atlas.json";
  Atlas a = parseAtlas(readTextFile(file), file);
  CHECK(a.structures.size() >= 29);
  for (const auto& s : a.structures) {
    INFO(s.id);
    CHECK(!s.description.empty());
    CHECK(!s.sources.empty());
    CHECK(fs::exists(s.meshFile));
  }
  for (const char* v : {"anterior", "posterior", "left", "right", "superior", "inferior", "three_quarter"})
    CHECK(a.findView(v) != nullptr);
}

TEST_CASE("mesh transforms: scale, axes and offset (for other atlases such as millimetre Z-up meshes)") {
  Atlas a = parseAtlas(R"({"schema": 1, "title": "t",
    "mesh_defaults": {"scale": 0.001, "axes": ["+x", "+z", "-y"], "offset": [0, 1, 0]},
    "structures": [{)" + kFields + "}]}",
                       "/d/x.json");
  glm::vec4 p = a.structures[0].transform.matrix() * glm::vec4(10, 20, 30, 1);  // mm, Z up, -Y anterior
  CHECK(p.x == doctest::Approx(0.010));
  CHECK(p.y == doctest::Approx(1.030));  // source z becomes up, plus the offset
  CHECK(p.z == doctest::Approx(-0.020));
  CHECK(parseError(R"({"schema":1,"title":"t","mesh_defaults":{"axes":["+x","+x","-y"]},"structures":[{)" + kFields +
                   "}]}")
            .find("mesh_defaults.axes[1]: axis \"x\" is used twice") != std::string::npos);
}

TEST_CASE("bad atlas files name the file and the JSON path") {
  struct Case { std::string json, expected; };
  const Case cases[] = {
      {"", "/data/x.json: file is empty"},
      {"{\"schema\": 1,\n \"title\": }", "/data/x.json: invalid JSON at line 2, column 11"},
      {R"({"schema": 2, "title": "t", "structures": []})", "schema: this program reads atlas schema 1, the file has schema 2"},
      {R"({"schema": 1, "structures": []})", "(top level): missing required field \"title\""},
      {R"({"schema": 1, "title": "t", "structures": []})", "structures: the atlas has no structures"},
      {R"({"schema": 1, "title": "t", "structures": {}})", "structures: expected an array, got an object"},
      {R"({"schema": "1", "title": "t", "structures": []})", "schema: expected a number, got the string \"1\""},
      {R"({"schema": 1, "title": "t", "structures": [], "colour": 1})", "colour: unknown field"},
      {withStructure(R"("id": "a", "group": "bone")"), "structures[0]: missing required field \"name\""},
      {withStructure(kFields + R"(, "opacity": 2)"), "structures[0].opacity: must be between 0 and 1, got 2"},
      {withStructure(kFields + R"(, "opacity": 1e400)"), "invalid JSON: number overflow"},
      {withStructure(kFields + R"(, "node": 5)"), "structures[0].node: expected a string, got the number 5"},
      {withStructure(R"("id": "a b", "name": "A")"), "structures[0].id: ids may hold only"},
      {R"({"schema": 1, "title": "t", "structures": [{)" + kFields + "},{" + kFields + "}]}",
       "structures[1].id: duplicate structure id \"a\""},
      {withStructure(R"("id": "a", "name": "A", "group": "organ", "side": "left", "mesh": "m", "color": "#000000", "description": "", "sources": [])"),
       "structures[0].group: unknown group \"organ\" (groups: bone, disc, muscle, ligament, surface)"},
      {withStructure(R"("id": "a", "name": "A", "group": "bone", "side": "up", "mesh": "m", "color": "#000000", "description": "", "sources": [])"),
       "structures[0].side: expected \"left\", \"right\" or \"midline\", got \"up\""},
      {withStructure(R"("id": "a", "name": "A", "group": "bone", "side": "left", "mesh": "m", "color": "red", "description": "", "sources": [])"),
       "structures[0].color: expected a colour like \"#d9c8a9\", got \"red\""},
      {withStructure(R"("id": "a", "name": "A", "group": "bone", "side": "left", "mesh": "m", "color": "#000000", "description": "", "sources": [3])"),
       "structures[0].sources[0]: expected a string, got the number 3"},
      {R"({"schema": 1, "title": "t", "views": [{"id": "v", "name": "V", "direction": [0,0,0], "up": [0,1,0]}], "structures": [{)" +
           kFields + "}]}",
       "views[0].direction: direction must not be the zero vector"},
      {std::string(100, '[') + std::string(100, ']'), "nested more than 64 levels"},
  };
  for (const auto& c : cases) {
    INFO("input: " << c.json);
    std::string msg = parseError(c.json);
    INFO("message: " << msg);
    CHECK(msg.rfind("/data/x.json: ", 0) == 0);
    CHECK(msg.find(c.expected) != std::string::npos);
  }
}

TEST_CASE("missing, unreadable and broken mesh files are reported with the structure") {
  fs::path dir = test::scratchDir("atlas_mesh_errors");
  test::writeText(dir / "broken.obj", "v 0 0 0\nv 1 0 0\nf 1 2 7\n");
  test::writeText(dir / "garbage.glb", std::string("glTF\x02\0\0\0\xff\xff\xff\xff", 12) + "not really");
  fs::create_directories(dir / "adir.obj");
  auto atlasWith = [&](const std::string& mesh) {
    std::string json = R"({"schema": 1, "title": "t", "structures": [{"id": "bad", "name": "B", "group": "bone",
      "side": "left", "mesh": ")" + mesh + R"(", "color": "#000000", "description": "", "sources": []}]})";
    test::writeText(dir / "atlas.json", json);
    return messageOf<ModelError>([&] { loadAtlas(dir / "atlas.json"); });
  };
  std::string missing = atlasWith("nothere.glb");
  CHECK(missing.find((dir / "nothere.glb").string() + ": model file not found (structure \"bad\"") == 0);
  CHECK(atlasWith("adir.obj").find("is a directory") != std::string::npos);
  CHECK(atlasWith("garbage.glb").find("cannot read model") != std::string::npos);
  CHECK(!atlasWith("broken.obj").empty());
}

TEST_CASE("atlas files that are missing or directories") {
  CHECK(messageOf<FileError>([] { loadAtlas("/nonexistent/atlas.json"); }) ==
        "/nonexistent/atlas.json: file not found");
  CHECK(messageOf<FileError>([] { loadAtlas(test::sourceDir() / "assets"); }).find("is a directory") !=
        std::string::npos);
}

TEST_CASE("imported models join the atlas in their own group with a unique id") {
  Atlas a = loadAtlas(test::testAtlas());
  int i = addImportedModel(a, test::sourceDir() / "tests/data/cube.obj");
  int j = addImportedModel(a, test::sourceDir() / "tests/data/cube.obj");
  CHECK(a.structures[i].id == "imported_cube");
  CHECK(a.structures[j].id == "imported_cube_2");
  CHECK(a.findGroup("imported") != nullptr);
  CHECK_THROWS_AS(addImportedModel(a, "/nonexistent.stl"), ModelError);
}
