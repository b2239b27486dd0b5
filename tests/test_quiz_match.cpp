// Answer matching of the self-test on the built-in atlas: English and Latin names, labels and aliases; typos
// accepted only while the answer stays nearest to the right name; sides asked only when the prompt shows one;
// aliases shared by two structures refused as ambiguous; compound answers (muscle + origin/insertion, muscle +
// zone kind); choices and picks.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "core/atlas.hpp"
#include "core/file_util.hpp"
#include "core/quiz.hpp"
#include "core/resources.hpp"
#include "test_support.hpp"

using namespace psoas;

namespace {

struct Fixture {
  Atlas atlas = parseAtlas(readTextFile(builtinAtlasPath()), builtinAtlasPath());
  std::vector<QuizQuestion> qs = generateQuiz(atlas, "all");
  AnswerMatcher m{atlas};

  const QuizQuestion& q(const std::string& key) const {
    for (const auto& x : qs)
      if (x.key == key) return x;
    FAIL("no question " << key);
    return qs.front();
  }
  bool ok(const std::string& key, const std::string& typed) const { return m.check(q(key), typed).correct; }
  std::string why(const std::string& key, const std::string& typed) const { return m.check(q(key), typed).feedback; }
};

const Fixture& fx() {
  static const Fixture f;
  return f;
}

}  // namespace

TEST_CASE("quiz match: English, Latin, labels and aliases, case and accents ignored") {
  const auto& f = fx();
  const std::string k = "name_it:psoas_major_l";
  CHECK(f.ok(k, "psoas major"));
  CHECK(f.ok(k, "PSOAS MAJOR"));
  CHECK(f.ok(k, "  Psöas  májor. "));
  CHECK(f.ok(k, "Musculus psoas major"));
  CHECK(f.ok(k, "loin muscle"));  // an alias only this muscle has
  CHECK(f.ok("name_it:hip_bone_r", "os coxae"));
  CHECK(f.ok("name_it:hip_bone_r", "innominate bone"));
  CHECK(f.ok("name_it:l1", "L1"));
  CHECK(f.ok("name_it:l1", "first lumbar vertebra"));
  CHECK(f.ok("name_it:l1", "vertebra lumbalis i"));
  CHECK(f.ok("name_it:disc_l4_l5", "L4-L5 disc"));
  CHECK(f.ok("name_it:inguinal_ligament_l", "Poupart's ligament"));
  CHECK(f.ok("name_it:inguinal_ligament_l", "pouparts ligament"));
  CHECK(!f.ok(k, ""));
  CHECK(f.why(k, "  ") == "no answer");
}

TEST_CASE("quiz match: a typo passes only while the right name stays nearest") {
  const auto& f = fx();
  const std::string major = "name_it:psoas_major_l", minor = "name_it:psoas_minor_l";
  CHECK(!f.ok(major, "psoas minor"));
  CHECK(!f.ok(minor, "psoas major"));
  auto typo = f.m.check(f.q(major), "psoas majr");
  CHECK(typo.correct);
  CHECK(typo.typo);
  CHECK(typo.feedback.find("Psoas major (left)") != std::string::npos);
  CHECK(f.ok(major, "psaos major"));   // two letters swapped: distance 2, psoas minor is 4 away
  CHECK(!f.ok(major, "psoas mjnor"));  // one letter from minor, two from major: nearer the wrong one
  CHECK(!f.ok(major, "psoas mijor"));  // one letter from major and one from minor: refused
  CHECK(f.ok(major, "musculus psoas maior"));
  CHECK(f.ok("name_it:iliacus_r", "illiacus"));
  CHECK(!f.ok("name_it:iliacus_r", "illiacuus x"));  // three letters off
  // Short names: L1 and L2 are one letter apart, so no typo is forgiven there.
  CHECK(!f.ok("name_it:l1", "L2"));
  CHECK(!f.ok("name_it:l1", "L"));
  CHECK(!f.ok("name_it:t12", "T13"));  // a wrong number is never a typo
  CHECK(!f.ok("name_it:disc_l3_l4", "L3-L5 disc"));
  CHECK(!f.ok("name_it:femur_l", "tibia"));
  CHECK(f.ok("name_it:femur_l", "femru"));
}

TEST_CASE("quiz match: the side is asked only when the question shows one") {
  const auto& f = fx();
  const std::string name = "name_it:psoas_major_l", find = "find_it:psoas_major_l";
  for (const char* left : {"left psoas major", "psoas major (left)", "l psoas major", "psoas major, left", "Psoas major L",
                           "psoas major sinister"}) {
    CHECK_MESSAGE(f.ok(name, left), left);
    CHECK_MESSAGE(f.ok(find, left), left);
  }
  for (const char* right : {"right psoas major", "psoas major (right)", "r psoas major", "psoas major dexter"}) {
    CHECK_MESSAGE(!f.ok(name, right), right);
    CHECK_MESSAGE(!f.ok(find, right), right);
  }
  CHECK(f.why(name, "right psoas major") == "wrong side: it is the left");
  CHECK(f.ok(name, "psoas major"));   // the lit structure shows the side
  CHECK(!f.ok(find, "psoas major"));  // the prompt names it: the side is part of the answer
  CHECK(f.why(find, "psoas major") == "say which side (left or right)");
  CHECK(f.ok("name_it:sacrum", "sacrum"));
  CHECK(f.ok("find_it:sacrum", "sacrum"));  // midline: no side to give
  CHECK(f.ok("landmark:asis_r", "ASIS"));
  CHECK(f.ok("landmark:asis_r", "right ASIS"));
  CHECK(!f.ok("landmark:asis_r", "left ASIS"));
  CHECK(f.ok("landmark:asis_r", "anterior superior iliac spine"));
  CHECK(f.ok("landmark:asis_r", "Right anterior superor iliac spine"));
  CHECK(!f.ok("landmark:asis_r", "anterior inferior iliac spine"));
  CHECK(!f.ok("landmark:asis_r", "AIIS"));
  CHECK(f.ok("landmark:lesser_trochanter_l", "lesser trochanter tip"));
}

TEST_CASE("quiz match: a name shared by two structures is refused as ambiguous") {
  const auto& f = fx();
  CHECK(!f.ok("name_it:psoas_major_l", "psoas"));  // alias of psoas major and psoas minor
  CHECK(f.why("name_it:psoas_major_l", "psoas").find("more than one structure") != std::string::npos);
  CHECK(!f.ok("name_it:iliacus_l", "hip flexor"));
  CHECK(!f.ok("name_it:disc_l1_l2", "discus intervertebralis"));  // every disc's Latin name
  CHECK(f.ok("name_it:femur_r", "femur"));  // the same name on both sides is one name, not an ambiguity
}

TEST_CASE("quiz match: origin or insertion, and where it hurts") {
  const auto& f = fx();
  const std::string o = "origin_insertion:psoas_major_l_origin";
  CHECK(f.ok(o, "psoas major origin"));
  CHECK(f.ok(o, "Psoas major \u2014 origin"));
  CHECK(f.ok(o, "the origin of the psoas major"));
  CHECK(f.ok(o, "musculus psoas major, origin"));
  CHECK(f.ok(o, "left psoas major origin"));
  CHECK(!f.ok(o, "right psoas major origin"));
  CHECK(!f.ok(o, "psoas major insertion"));
  CHECK(f.why(o, "psoas major insertion") == "right muscle, but it is the Origin");
  CHECK(!f.ok(o, "psoas major"));
  CHECK(!f.ok(o, "psoas minor origin"));
  CHECK(!f.ok(o, "iliacus origin"));
  CHECK(!f.ok(o, "origin"));
  const std::string z = "where_it_hurts:iliopsoas_l_lumbar", s = "where_it_hurts:iliopsoas_l_groin";
  CHECK(f.ok(z, "psoas major essential zone"));
  CHECK(f.ok(z, "iliacus, essential"));  // either muscle of the zone is right
  CHECK(!f.ok(z, "iliacus spillover"));
  CHECK(f.ok(s, "psoas major spillover zone"));
  CHECK(!f.ok(s, "psoas minor spillover zone"));
}

TEST_CASE("quiz match: choices and picks") {
  const auto& f = fx();
  const auto& q = f.q("find_it:iliacus_l");
  CHECK(f.m.checkChoice(q, q.correctChoice).correct);
  CHECK(!f.m.checkChoice(q, (q.correctChoice + 1) % 4).correct);
  CHECK(!f.m.checkChoice(q, -1).correct);
  CHECK(f.m.checkChoice(q, (q.correctChoice + 1) % 4).feedback == "it is Iliacus (left)");
  CHECK(f.m.checkPick(q, f.atlas.findStructure("iliacus_l")).correct);
  auto wrong = f.m.checkPick(q, f.atlas.findStructure("iliacus_r"));
  CHECK(!wrong.correct);
  CHECK(wrong.feedback == "that is the Iliacus (right)");
  CHECK(f.m.checkPick(q, -1).feedback == "nothing was clicked");
  CHECK(!f.m.checkPick(q, 100000).correct);
}
