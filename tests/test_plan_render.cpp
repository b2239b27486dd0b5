// Drawing a frame plan: every item with its model transform and, when given, its deformed mesh, in the image
// and in picking alike; typed shader programs refuse uniforms they do not declare.
#include <doctest/doctest.h>

#include <glm/gtc/matrix_transform.hpp>

#include "core/atlas.hpp"
#include "core/errors.hpp"
#include "core/frame_plan.hpp"
#include "core/image_compare.hpp"
#include "core/view_state.hpp"
#include "render/renderer.hpp"
#include "render/shader.hpp"
#include "test_support.hpp"

using namespace psoas;

namespace {
struct Scene {
  Atlas atlas = loadAtlas(test::testAtlas());
  SceneState state;
  FrameOptions frame;
  Scene() {
    ViewState v;
    v.view = "anterior";
    v.figure.width = 160;
    v.figure.height = 120;
    state = applyViewState(atlas, v, "");
    frame.width = 160;
    frame.height = 120;
    frame.ssaa = 1;
  }
  DrawItem& item(FramePlan& plan, const std::string& id) {
    const int s = atlas.findStructure(id);
    for (auto* list : {&plan.opaque, &plan.translucent})
      for (auto& d : *list)
        if (d.structure == s) return d;
    FAIL("not in the plan: " << id);
    throw 0;
  }
  glm::vec2 pixelOf(const glm::vec3& world) const {
    glm::vec3 p = projectToPixel(state.camera, world, frame.width, frame.height);
    return {p.x, p.y};
  }
};
}  // namespace

TEST_CASE("plan rendering: an item's model transform moves it in the image and in picking") {
  test::ensureGlContext();
  Scene s;
  Renderer r;
  const int cube = s.atlas.findStructure("cube");
  const glm::vec3 centre = s.atlas.structures[std::size_t(cube)].mesh->bounds.center();
  FramePlan plan = buildFramePlan(s.atlas, s.state, {}, s.frame);
  r.render(plan, s.frame);
  Image rest = r.readPixels();
  CHECK(r.pickHit(plan, s.frame.width, s.frame.height, s.pixelOf(centre)).structure == cube);

  // Moved up by 0.6 of its height: its centre is no longer covered, the point just above its old top is.
  const float lift = s.atlas.structures[std::size_t(cube)].mesh->bounds.size().y * 0.6f;
  s.item(plan, "cube").model = glm::translate(glm::mat4(1.f), glm::vec3(0.f, lift, 0.f));
  r.render(plan, s.frame);
  CHECK(compareImages(rest, r.readPixels()).maxAbs > 50);
  CHECK(r.pickHit(plan, s.frame.width, s.frame.height, s.pixelOf(centre)).structure != cube);
  PickHit moved = r.pickHit(plan, s.frame.width, s.frame.height, s.pixelOf(centre + glm::vec3(0.f, lift, 0.f)));
  CHECK(moved.structure == cube);
  CHECK(moved.point.y > centre.y + lift * 0.8f);  // the picked point is on the moved surface

  // Back to identity: the same image as before, bit for bit.
  s.item(plan, "cube").model = glm::mat4(1.f);
  r.render(plan, s.frame);
  CHECK(compareImages(rest, r.readPixels()).maxAbs == 0);
}

TEST_CASE("plan rendering: a deformed mesh is drawn and picked instead of the atlas's, re-sent every frame") {
  test::ensureGlContext();
  Scene s;
  Renderer r;
  const int cube = s.atlas.findStructure("cube");
  const Mesh& original = *s.atlas.structures[std::size_t(cube)].mesh;
  const glm::vec3 centre = original.bounds.center();
  FramePlan plan = buildFramePlan(s.atlas, s.state, {}, s.frame);
  r.render(plan, s.frame);
  Image rest = r.readPixels();

  // Shrunk to nothing around its centre: the cube disappears, in the image and for picking.
  Mesh deformed = original;
  for (auto& p : deformed.positions) p = centre + (p - centre) * 0.02f;
  deformed.computeBounds();
  s.item(plan, "cube").deformed = &deformed;
  r.render(plan, s.frame);
  Image shrunk = r.readPixels();
  CHECK(compareImages(rest, shrunk).maxAbs > 50);
  const glm::vec2 corner = s.pixelOf(glm::mix(centre, original.bounds.max, 0.7f));
  CHECK(r.pickHit(plan, s.frame.width, s.frame.height, corner).structure != cube);

  // The next frame's vertices are uploaded again: back to full size, the image of the rest pose.
  deformed.positions = original.positions;
  deformed.computeBounds();
  r.render(plan, s.frame);
  CHECK(compareImages(rest, r.readPixels()).maxAbs == 0);
  CHECK(r.pickHit(plan, s.frame.width, s.frame.height, corner).structure == cube);
}

TEST_CASE("shader programs: a uniform the variant does not declare is an error, limits come from C++") {
  test::ensureGlContext();
  ProgramSpec spec = ProgramSpec{"pick.vert.glsl", "pick.frag.glsl"}.uniform({"u_model", "u_view", "u_proj", "u_clip", "u_id"});
  ShaderProgram p(spec);
  p.use();
  CHECK_NOTHROW(p.set("u_view", glm::mat4(1.f)));
  CHECK_THROWS_AS(p.set("u_color", glm::vec3(1.f)), RenderError);  // not declared, though a typo-free name
  CHECK(spec.defineText().find("#define MAX_SHAPES " + std::to_string(kMaxRegionShapes) + "\n") != std::string::npos);
  CHECK(spec.defineText().find("#define MAX_STYLES " + std::to_string(kMaxRegionStyles) + "\n") != std::string::npos);
  // Variants differ by their switches, and only by them.
  ProgramSpec a{"mesh.vert.glsl", "opaque.frag.glsl"}, b = a;
  b.define("CUT", 1);
  CHECK(a.key() != b.key());
  CHECK(a.key() == ProgramSpec{"mesh.vert.glsl", "opaque.frag.glsl"}.uniform({"u_model"}).key());
}
