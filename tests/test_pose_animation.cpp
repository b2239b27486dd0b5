// The viewer's pose without a window (issue 15): pose actions, the transition and gait clock, and the
// posed scene drawn through model transforms, which must put everything where posedAtlas() puts it.
#include <doctest/doctest.h>

#include <cmath>

#include "core/actions.hpp"
#include "core/annotations.hpp"
#include "core/errors.hpp"
#include "core/frame_plan.hpp"
#include "core/pose_animation.hpp"
#include "core/posed_atlas.hpp"
#include "core/posed_scene.hpp"
#include "core/view_state.hpp"
#include "teaching_support.hpp"

using namespace psoas;

namespace {
const Atlas& rest() { return teaching_test::builtin(); }
std::shared_ptr<const PoseRig> rig() {
  static const auto r = std::make_shared<const PoseRig>(buildPoseRig(rest()));
  return r;
}
const MotionData& motion() { return rest().motion; }
Pose preset(const char* id) {
  const PosePreset* p = motion().findPose(id);
  REQUIRE(p);
  return p->pose;
}
float maxDistance(const std::vector<glm::vec3>& a, const std::vector<glm::vec3>& b) {
  REQUIRE(a.size() == b.size());
  float d = 0.f;
  for (std::size_t i = 0; i < a.size(); ++i) d = std::max(d, glm::length(a[i] - b[i]));
  return d;
}
}  // namespace

TEST_CASE("pose actions: presets bring their angles, sliders clamp to the range and leave the preset, reset stands") {
  SceneState s = applyViewState(rest(), ViewState{}, "");
  CHECK(actions::choosePosePreset(rest(), s, "sitting"));
  CHECK(s.pose.preset == "sitting");
  CHECK(s.pose.angle("hip_flexion_l") == preset("sitting").angle("hip_flexion_l"));
  CHECK_FALSE(actions::choosePosePreset(rest(), s, "slouching"));
  CHECK(s.pose.preset == "sitting");

  CHECK(actions::setJointAngle(rest(), s, "hip_flexion_l", 500.0));
  CHECK(s.pose.angle("hip_flexion_l") == 130.0);  // the range's end (-30..130)
  CHECK(s.pose.preset.empty());
  CHECK(s.pose.angle("knee_flexion_l") == preset("sitting").angle("knee_flexion_l"));  // the rest stays
  CHECK_FALSE(actions::setJointAngle(rest(), s, "elbow_flexion", 10.0));

  // A preset named without angles (an older state) is the starting point of a slider change.
  s.pose = Pose{"sitting", {}};
  actions::setJointAngle(rest(), s, "lumbar_flexion", 0.0);
  CHECK(s.pose.angle("hip_flexion_r") == preset("sitting").angle("hip_flexion_r"));

  CHECK_THROWS_AS(actions::setPose(rest(), s, Pose{"", {{"hip_flexion_l", 200.0}}}), UsageError);
  actions::resetPose(s);
  CHECK(s.pose.isStanding());
  CHECK(s.pose.preset.empty());
}

TEST_CASE("pose animation: a changed pose is reached by an eased transition, then nothing moves") {
  PoseAnimation anim;
  Pose standing, sitting = preset("sitting");
  CHECK_FALSE(anim.update(motion(), standing, 0.0));
  CHECK(anim.update(motion(), sitting, 10.0));
  const double target = sitting.angle("hip_flexion_l");
  CHECK(anim.shown().angle("hip_flexion_l") == doctest::Approx(0.0));
  anim.update(motion(), sitting, 10.0 + PoseAnimation::kTransitionSeconds * 0.25);
  double quarter = anim.shown().angle("hip_flexion_l");
  anim.update(motion(), sitting, 10.0 + PoseAnimation::kTransitionSeconds * 0.5);
  // Eased: slow at the start (less than a quarter of the way after a quarter of the time), half-way at half time.
  CHECK(quarter > 0.0);
  CHECK(quarter < 0.25 * target);
  CHECK(anim.shown().angle("hip_flexion_l") == doctest::Approx(0.5 * target));
  CHECK(anim.moving());
  CHECK(anim.update(motion(), sitting, 10.0 + PoseAnimation::kTransitionSeconds));
  CHECK(anim.shown() == sitting);
  CHECK_FALSE(anim.moving());
  CHECK_FALSE(anim.update(motion(), sitting, 12.0));
  // A change half-way through starts from where the skeleton is, not from the old target.
  anim.update(motion(), standing, 20.0);
  anim.update(motion(), standing, 20.0 + PoseAnimation::kTransitionSeconds * 0.5);
  double mid = anim.shown().angle("hip_flexion_l");
  anim.update(motion(), sitting, 20.0 + PoseAnimation::kTransitionSeconds * 0.5);
  CHECK(anim.shown().angle("hip_flexion_l") == doctest::Approx(mid));
  // A preset named without angles is shown with its angles.
  anim.jumpTo(motion(), Pose{"sitting", {}});
  CHECK(anim.shown().angle("hip_flexion_l") == target);
}

TEST_CASE("pose animation: the gait plays at the data's cadence, pausing hands back the frame, a new pose stops it") {
  REQUIRE(!motion().gaits.empty());
  const GaitCycle& gait = motion().gaits.front();
  const double cycle = gait.cycleSeconds();
  CHECK(cycle == doctest::Approx(120.0 / gait.cadence));
  PoseAnimation anim;
  Pose standing;
  anim.update(motion(), standing, 0.0);
  anim.play(motion(), 0, standing, 1.0);
  CHECK(anim.playing());
  // After the blend in, the shown pose is the cycle's at the elapsed time.
  const double t = 1.0 + 2.0 * cycle + 0.3;
  CHECK(anim.update(motion(), standing, t));
  Pose expect = gaitPoseAt(motion().skeleton, gait, 0.3);
  CHECK(anim.shown().angle("hip_flexion_r") == doctest::Approx(expect.angle("hip_flexion_r")));
  // One cycle later the same; half a cycle later the legs have swapped.
  anim.update(motion(), standing, t + cycle);
  CHECK(anim.shown().angle("hip_flexion_r") == doctest::Approx(expect.angle("hip_flexion_r")).epsilon(1e-6));
  anim.update(motion(), standing, t + 0.5 * cycle);
  CHECK(anim.shown().angle("hip_flexion_l") == doctest::Approx(expect.angle("hip_flexion_r")).epsilon(1e-3));

  // Pause: the frame reached, committed as the state's pose, starts no transition.
  Pose frame = anim.pause(motion(), t + 0.5 * cycle);
  CHECK_FALSE(anim.playing());
  CHECK(frame == anim.shown());
  SceneState s = applyViewState(rest(), ViewState{}, "");
  actions::setPose(rest(), s, frame);
  CHECK_FALSE(anim.update(motion(), s.pose, t + cycle));
  // Playing again resumes where it stopped.
  anim.play(motion(), 0, s.pose, 100.0);
  anim.update(motion(), s.pose, 100.0 + PoseAnimation::kTransitionSeconds + cycle);
  CHECK(anim.gaitPhase(motion(), 100.0 + PoseAnimation::kTransitionSeconds + cycle) ==
        doctest::Approx(std::fmod(0.5 + (0.3 + PoseAnimation::kTransitionSeconds) / cycle, 1.0)).epsilon(1e-6));
  // A preset chosen while it plays stops the gait and eases to the preset.
  actions::choosePosePreset(rest(), s, "sitting");
  anim.update(motion(), s.pose, 200.0);
  CHECK_FALSE(anim.playing());
  anim.update(motion(), s.pose, 200.0 + PoseAnimation::kTransitionSeconds);
  CHECK(anim.shown() == s.pose);
}

TEST_CASE("posed scene: bones by model transforms, deformed meshes and moved points, as posedAtlas gives them") {
  PosedScene scene(rest(), rig());
  scene.update(Pose{});
  for (std::size_t i = 0; i < rest().structures.size(); ++i) {
    CHECK(scene.geometry().deformed[i] == nullptr);
    CHECK(scene.geometry().model[i] == glm::mat4(1.f));
  }
  for (const char* id : {"sitting", "kneeling_hip_flexor_stretch", "side_lying_curled"}) {
    INFO(id);
    Pose pose = preset(id);
    scene.update(pose);
    Atlas posed = posedAtlas(rest(), *rig(), pose);
    int deformedCount = 0;
    for (std::size_t i = 0; i < rest().structures.size(); ++i) {
      INFO(rest().structures[i].id);
      deformedCount += scene.geometry().deformed[i] != nullptr;
      CHECK(maxDistance(scene.posedMesh(i).positions, posed.structures[i].mesh->positions) < 1e-5f);
      // Label anchors: the same point on a rigid bone. On a deformed surface posedAtlas takes the vertex
      // nearest the posed mesh's mean, which jumps about as the envelope bends; the posed scene keeps the
      // rest anchor's vertex (a label that stays put while the gait plays): still a point of the surface.
      if (scene.geometry().deformed[i])
        CHECK(teaching_test::nearestVertexDistance(*posed.structures[i].mesh, scene.atlas().structures[i].labelAnchor) < 1e-5f);
      else
        CHECK(glm::length(scene.atlas().structures[i].labelAnchor - posed.structures[i].labelAnchor) < 1e-5f);
    }
    CHECK(deformedCount >= 6 + 6 + 1);  // the muscles with paths, the discs, the envelope
    for (std::size_t r = 0; r < rest().regions.size(); ++r)
      for (std::size_t k = 0; k < rest().regions[r].shapes.size(); ++k) {
        CHECK(glm::length(scene.atlas().regions[r].shapes[k].a - posed.regions[r].shapes[k].a) < 1e-5f);
        CHECK(glm::length(scene.atlas().regions[r].shapes[k].b - posed.regions[r].shapes[k].b) < 1e-5f);
      }
    for (std::size_t t = 0; t < rest().triggerPoints.size(); ++t)
      CHECK(glm::length(scene.atlas().triggerPoints[t].position - posed.triggerPoints[t].position) < 1e-5f);
    for (std::size_t l = 0; l < rest().landmarks.size(); ++l)
      CHECK(glm::length(scene.atlas().landmarks[l].position - posed.landmarks[l].position) < 1e-6f);
  }
  CHECK_THROWS_AS(scene.update(Pose{"", {{"knee_flexion_l", -20.0}}}), UsageError);
}

TEST_CASE("frame plan of a posed scene: items carry model and deformed mesh, paint splits by the rest shapes") {
  PosedScene scene(rest(), rig());
  scene.update(preset("sitting"));
  SceneState s = applyViewState(rest(), ViewState{}, "");
  for (std::size_t o = 0; o < rest().overlays.size(); ++o) actions::setOverlay(s, int(o), true);
  FrameOptions opt;
  opt.posed = &scene.geometry();
  FramePlan plan = buildFramePlan(scene.atlas(), s, {}, opt);
  int femur = rest().findStructure("femur_l"), psoas = rest().findStructure("psoas_major_l");
  bool sawFemur = false, sawPsoas = false;
  for (const DrawItem* d : plan.structuresInOrder()) {
    if (d->structure == femur) {
      sawFemur = true;
      CHECK(d->deformed == nullptr);
      CHECK(d->model == scene.geometry().model[std::size_t(femur)]);
      CHECK(d->model != glm::mat4(1.f));
      REQUIRE(!d->paint.empty());
      // The split's shapes are the rest ones (the mesh's own frame); the shaders get the posed ones.
      bool restShapes = true, worldShapes = true;
      for (std::size_t k = 0; k < d->paint.shapes.size(); ++k) {
        glm::vec3 world = glm::vec3(d->model * glm::vec4(d->paint.shapes[k].a, 1.f));
        worldShapes = worldShapes && glm::length(glm::vec3(d->paint.a[k]) - world) < 1e-4f;
        bool found = false;
        for (const Region& r : rest().regions)
          for (const Shape& sh : r.shapes) found = found || sh == d->paint.shapes[k];
        restShapes = restShapes && found;
      }
      CHECK(restShapes);
      CHECK(worldShapes);
    }
    if (d->structure == psoas) {
      sawPsoas = true;
      CHECK(d->deformed == scene.geometry().deformed[std::size_t(psoas)]);
      CHECK(d->deformed->indices == d->mesh->indices);
    }
  }
  CHECK(sawFemur);
  CHECK(sawPsoas);
  // Posed bounds: sitting brings the knees forward of the standing model.
  CHECK(scene.visibleBounds(s).max.z > s.visibleBounds(rest()).max.z + 0.2f);
}

TEST_CASE("labels of a posed scene are placed around the structures as posed, as a posed figure places them") {
  // Lying on the back: the posed body's extent on screen is nothing like the standing one's. The bones'
  // labels (rigid structures: the same anchors in both) must come out where the figure puts them.
  const Pose pose = preset("constructive_rest");
  Atlas posed = posedAtlas(rest(), *rig(), pose);
  PosedScene scene(rest(), rig());
  scene.update(pose);
  ViewState spec;
  spec.view = "left";
  spec.labelSets = {"bones"};
  SceneState s = applyViewState(posed, spec, "");
  auto measure = [](const std::string& text) { return glm::vec2(8.f * float(text.size()), 16.f); };
  Annotations figure = buildAnnotations(posed, s, 1200, 800, measure);
  AnnotationOptions options;
  options.posed = &scene.geometry();
  Annotations window = buildAnnotations(scene.atlas(), s, 1200, 800, measure, options);
  REQUIRE(figure.labels.size() >= 5);
  REQUIRE(window.labels.size() == figure.labels.size());
  for (std::size_t k = 0; k < figure.labels.size(); ++k) {
    CAPTURE(figure.labels[k].text);
    CHECK(window.labels[k].key == figure.labels[k].key);
    // Within 10 px: a rigid bone's box in the window is its rest box turned, a little larger than the
    // figure's box of its turned vertices. Placed by the standing extents, they were 156-428 px away.
    CHECK(glm::length(window.labels[k].boxMin - figure.labels[k].boxMin) < 10.f);
    CHECK(glm::length(window.labels[k].anchor - figure.labels[k].anchor) < 0.5f);
  }
}

TEST_CASE("labels of a posed scene: a landmark's label goes with the structure it is on, as at rest") {
  PosedScene scene(rest(), rig());
  scene.update(preset("sitting"));
  SceneState s = applyViewState(rest(), ViewState{}, "");
  actions::setLabelSet(s, "landmarks", true);
  const int femur = rest().findStructure("femur_r");
  REQUIRE(femur >= 0);
  const int trochanter = rest().findLandmark("lesser_trochanter_r");
  REQUIRE(trochanter >= 0);
  // Found once at rest; the posed landmark sits far from the rest femur (the thigh is raised), so a search
  // against the rest meshes would find nothing and leave the label up with its bone hidden.
  CHECK(scene.atlas().landmarks[std::size_t(trochanter)].holder == femur);
  CHECK(glm::distance(scene.atlas().landmarks[std::size_t(trochanter)].position,
                      rest().landmarks[std::size_t(trochanter)].position) > 0.02f);
  auto shown = [&](const SceneState& st) {
    for (const auto& t : labelTargets(scene.atlas(), st))
      if (t.key == "l:lesser_trochanter_r") return t.shown;
    FAIL("no label target for the lesser trochanter");
    return false;
  };
  CHECK(shown(s));
  actions::setVisible(s, {femur}, false);
  CHECK_FALSE(shown(s));
}
