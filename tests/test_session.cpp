// The viewer's session logic without a window: what a file is, which atlas a state brings along, the scene a
// state gives in the window, adding a model builds the next atlas (the live one is untouched), what Ctrl+S
// saves, and the background LOD builder.
#include <doctest/doctest.h>

#include <chrono>
#include <thread>

#include "app/lod_builder.hpp"
#include "app/session.hpp"
#include "core/errors.hpp"
#include "core/file_util.hpp"
#include "core/resources.hpp"
#include "test_support.hpp"

using namespace psoas;
namespace fs = std::filesystem;

TEST_CASE("session: files are told apart by extension and, for JSON, by content") {
  fs::path dir = test::scratchDir("session_classify");
  test::writeText(dir / "state.json", R"({"format": "psoas-atlas-view", "version": 3})");
  CHECK(session::classify(dir / "state.json") == session::FileKind::ViewState);
  CHECK(session::classify(test::testAtlas()) == session::FileKind::Atlas);
  CHECK(session::classify(dir / "figure.PNG") == session::FileKind::Figure);
  CHECK(session::classify(dir / "femur.glb") == session::FileKind::Model);
  CHECK_THROWS_AS(session::classify(dir / "missing.json"), FileError);
}

TEST_CASE("session: a state names its atlas relative to itself, the current atlas is not opened again") {
  ViewState vs;
  CHECK_FALSE(session::atlasFor(vs, "/x/state.json", test::testAtlas()));
  vs.atlas = "other/atlas.json";
  auto a = session::atlasFor(vs, "/x/state.json", test::testAtlas());
  REQUIRE(a);
  CHECK(*a == fs::path("/x/other/atlas.json"));
  vs.atlas = test::testAtlas().string();
  CHECK_FALSE(session::atlasFor(vs, "/x/state.json", test::testAtlas()));
}

TEST_CASE("session: a state opened in the window keeps the window's lens shift") {
  Atlas atlas = loadAtlas(test::testAtlas());
  SceneState current = SceneState::fromAtlas(atlas);
  current.camera.shift = {0.2f, -0.1f};
  ViewState vs;
  vs.view = "left";
  vs.hidden = {"shell"};
  vs.figure.background = {1.f, 0.f, 0.f, 1.f};
  Camera to;
  SceneState next = session::sceneFor(atlas, vs, "/x/s.json", current, 1.5f, to);
  CHECK_FALSE(next.structures[std::size_t(atlas.findStructure("shell"))].visible);
  CHECK(next.camera.shift == current.camera.shift);
  CHECK(to.shift == current.camera.shift);
  // A named view is fitted to the window's free area: a narrow one needs the camera farther away.
  Camera narrow;
  session::sceneFor(atlas, vs, "/x/s.json", current, 0.3f, narrow);
  CHECK(narrow.distance > to.distance * 1.5f);
  // Unknown ids fail before anything changes.
  vs.hidden = {"no_such_structure"};
  CHECK_THROWS_AS(session::sceneFor(atlas, vs, "/x/s.json", current, 1.5f, to), StateError);
}

TEST_CASE("session: adding a model builds the next atlas and leaves the live one as it was") {
  const Atlas live = loadAtlas(test::testAtlas());
  session::Added next = session::withModel(live, test::sourceDir() / "tests/data/cube.obj");
  CHECK(next.atlas.structures.size() == live.structures.size() + 1);
  CHECK(next.structure == int(live.structures.size()));
  REQUIRE(next.atlas.structures.back().mesh);
  CHECK(live.structures.size() == 3);
  CHECK(next.atlas.structures[0].mesh == live.structures[0].mesh);  // shared, not copied
  CHECK_THROWS(session::withModel(live, "/no/such/model.obj"));
}

TEST_CASE("session: the saved state names a non-built-in atlas and carries the export settings") {
  Atlas atlas = loadAtlas(test::testAtlas());
  SceneState scene = SceneState::fromAtlas(atlas);
  FigureSettings fig;
  fig.width = 640;
  ViewState vs = session::stateToSave(atlas, scene, fig);
  CHECK(fs::path(vs.atlas) == fs::absolute(test::testAtlas()));
  CHECK(vs.figure.width == 640);
  ViewState builtin = session::stateToSave(loadAtlas(builtinAtlasPath()), SceneState{}, fig);
  CHECK(builtin.atlas.empty());
}

namespace {
bool collectWithin(LodBuilder& b, LodTable& lods, int seconds) {
  for (int k = 0; k < seconds * 20; ++k) {
    if (b.collect(lods)) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return false;
}
}  // namespace

TEST_CASE("LOD builder: builds once asked, only for structures without levels, and drops a replaced atlas's") {
  Atlas a = loadAtlas(test::testAtlas());
  LodBuilder b;
  b.startIfWanted(a);  // nothing asked for yet
  CHECK_FALSE(b.busy());
  b.reset();
  b.startIfWanted(a);
  CHECK(b.busy());
  LodTable lods;
  REQUIRE(collectWithin(b, lods, 60));
  REQUIRE(lods.size() == a.structures.size());
  for (const auto& l : lods) CHECK(l);
  // A model appended: only it is built.
  auto before = lods[0];
  session::Added next = session::withModel(a, test::sourceDir() / "tests/data/cube.obj");
  a = std::move(next.atlas);
  b.request();
  b.startIfWanted(a);
  REQUIRE(collectWithin(b, lods, 60));
  REQUIRE(lods.size() == a.structures.size());
  CHECK(lods.back());
  CHECK(lods[0] == before);
  // A build for an atlas replaced while it ran gives nothing.
  Atlas fresh = loadAtlas(test::testAtlas());
  b.reset();
  b.startIfWanted(fresh);
  b.reset();  // another atlas opened meanwhile
  LodTable freshLods;
  for (int k = 0; k < 1200 && b.busy(); ++k)
    if (!b.collect(freshLods)) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  CHECK_FALSE(b.busy());
  CHECK(freshLods.empty());
}
