// Self-test (issue 18): questions generated from the data of the built-in atlas and of a second one, the sets
// read from groups and overlay layers, construction points never asked, deterministic choices, and answer
// matching (Latin, accents, typos that stay nearest, sides, ambiguous aliases).
#include <doctest/doctest.h>

#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/atlas.hpp"
#include "core/errors.hpp"
#include "core/file_util.hpp"
#include "core/quiz.hpp"
#include "core/resources.hpp"
#include "test_support.hpp"

using namespace psoas;
namespace fs = std::filesystem;

namespace {

// Only the JSON: questions need no meshes.
const Atlas& builtin() {
  static const Atlas atlas = parseAtlas(readTextFile(builtinAtlasPath()), builtinAtlasPath());
  return atlas;
}
const Atlas& second() {
  static const fs::path file = test::sourceDir() / "tests/data/teaching_atlas.json";
  static const Atlas atlas = parseAtlas(readTextFile(file), file);
  return atlas;
}

std::set<std::string> keysOf(const std::vector<QuizQuestion>& qs) {
  std::set<std::string> k;
  for (const auto& q : qs) k.insert(q.key);
  return k;
}

const QuizQuestion& byKey(const std::vector<QuizQuestion>& qs, const std::string& key) {
  auto it = std::find_if(qs.begin(), qs.end(), [&](const QuizQuestion& q) { return q.key == key; });
  REQUIRE_MESSAGE(it != qs.end(), "no question " << key);
  return *it;
}

// Every question is complete: text, a right answer among distinct choices, structures that exist.
void checkWellFormed(const Atlas& a, const std::vector<QuizQuestion>& qs, std::size_t minChoices) {
  CHECK(keysOf(qs).size() == qs.size());
  for (const auto& q : qs) {
    INFO(q.key);
    CHECK(!q.prompt.empty());
    CHECK(!q.answer.empty());
    // A movement question has three possible answers (lengthens, shortens, hardly changes).
    CHECK(q.choices.size() >= (q.kind == QuizKind::Motion ? std::min<std::size_t>(minChoices, 3) : minChoices));
    CHECK(q.choices.size() <= 4);
    CHECK(std::set<std::string>(q.choices.begin(), q.choices.end()).size() == q.choices.size());
    REQUIRE(q.correctChoice >= 0);
    REQUIRE(q.correctChoice < int(q.choices.size()));
    for (const auto& id : q.structures) CHECK(a.findStructure(id) >= 0);
    if (q.kind != QuizKind::Landmark) CHECK(!q.structures.empty());
    // The prompt never gives the answer away (find it shows the name: that is the question).
    if (q.kind != QuizKind::FindIt) CHECK(q.prompt.find(q.answer) == std::string::npos);
  }
}

}  // namespace

TEST_CASE("quiz: every structure, attachment area, zone and landmark yields questions") {
  const Atlas& a = builtin();
  auto qs = generateQuiz(a, "all");
  auto keys = keysOf(qs);
  for (const auto& s : a.structures) {
    CHECK_MESSAGE(keys.count("name_it:" + s.id), s.id);
    CHECK_MESSAGE(keys.count("find_it:" + s.id), s.id);
  }
  int attachments = 0, zones = 0;
  for (const auto& r : a.regions) {
    bool referral = a.overlays[std::size_t(r.overlay)].layer == Overlay::Layer::Referral;
    (referral ? zones : attachments)++;
    CHECK_MESSAGE(keys.count((referral ? "where_it_hurts:" : "origin_insertion:") + r.id), r.id);
  }
  CHECK(attachments > 0);
  CHECK(zones > 0);
  int construction = 0;
  for (const auto& l : a.landmarks) {
    construction += l.construction;
    CHECK_MESSAGE(keys.count("landmark:" + l.id) == (l.construction ? 0u : 1u), l.id);
  }
  CHECK(construction > 0);
  checkWellFormed(a, qs, 4);
}

TEST_CASE("quiz: construction points are flagged in the landmark data") {
  const Atlas& a = builtin();
  auto flagged = [&](const std::string& id) {
    int i = a.findLandmark(id);
    REQUIRE_MESSAGE(i >= 0, id);
    return a.landmarks[std::size_t(i)].construction;
  };
  for (const char* id : {"hip_center_l", "hip_center_r", "body_center_l3", "s1_endplate_center", "knee_center_l",
                         "ankle_center_r", "iliac_fossa_center_l", "patella_center_r", "tibial_plateau_center_l"})
    CHECK_MESSAGE(flagged(id), id);
  for (const char* id : {"asis_l", "lesser_trochanter_r", "sacral_promontory", "pubic_symphysis", "coccyx_tip"})
    CHECK_MESSAGE(!flagged(id), id);
  int asis = a.findLandmark("asis_l");
  CHECK(a.landmarks[std::size_t(asis)].aliases == std::vector<std::string>{"ASIS"});
}

TEST_CASE("quiz: the landmark flags are validated with the file and the JSON path") {
  // The second atlas with one more landmark (its third).
  auto parseWith = [](const std::string& landmark) {
    nlohmann::json j = nlohmann::json::parse(readTextFile(second().file));
    j["landmarks"].push_back(nlohmann::json::parse(landmark));
    return parseAtlas(j.dump(), second().file.parent_path() / "flags.json");
  };
  CHECK(parseWith(R"({"id": "a", "name": "A", "position": [0,0,0], "construction": true})").landmarks[2].construction);
  CHECK_THROWS_WITH_AS(parseWith(R"({"id": "a", "name": "A", "position": [0,0,0], "construction": 1})"),
                       doctest::Contains("flags.json: landmarks[2].construction: expected true or false"), AtlasError);
  CHECK_THROWS_WITH_AS(parseWith(R"({"id": "a", "name": "A", "position": [0,0,0], "aliases": [""]})"),
                       doctest::Contains("landmarks[2].aliases[0]: must not be empty"), AtlasError);
  CHECK_THROWS_WITH_AS(parseWith(R"({"id": "a", "name": "A", "position": [0,0,0], "constructoin": true})"),
                       doctest::Contains("landmarks[2].constructoin: unknown field"), AtlasError);
}

TEST_CASE("quiz: sets follow groups and overlay layers") {
  const Atlas& a = builtin();
  auto has = [](const std::vector<QuizQuestion>& qs, const std::string& key) { return keysOf(qs).count(key) > 0; };
  auto bones = generateQuiz(a, "bones"), muscles = generateQuiz(a, "muscles");
  CHECK(has(bones, "name_it:femur_l"));
  CHECK(has(bones, "find_it:l3"));
  CHECK(has(bones, "name_it:disc_l4_l5"));  // discs carry attachment areas, so they are in the skeleton set
  CHECK(has(bones, "name_it:tibia_r"));     // same group as the bones muscles attach to
  CHECK(!has(bones, "name_it:psoas_major_l"));
  CHECK(has(muscles, "name_it:psoas_major_l"));
  CHECK(has(muscles, "name_it:iliopsoas_tendon_r"));  // the muscles' group, though no region names the tendon
  CHECK(!has(muscles, "name_it:femur_l"));
  for (const char* only : {"name_it:skin", "name_it:inguinal_ligament_l"}) {
    CHECK(!has(bones, only));
    CHECK(!has(muscles, only));
    CHECK(has(generateQuiz(a, "all"), only));
  }
  auto kinds = [](const std::vector<QuizQuestion>& qs) {
    std::set<QuizKind> k;
    for (const auto& q : qs) k.insert(q.kind);
    return k;
  };
  CHECK(kinds(generateQuiz(a, "attachments")) == std::set<QuizKind>{QuizKind::OriginInsertion});
  CHECK(kinds(generateQuiz(a, "referral")) == std::set<QuizKind>{QuizKind::WhereItHurts});
  CHECK(kinds(generateQuiz(a, "landmarks")) == std::set<QuizKind>{QuizKind::Landmark});
  CHECK(kinds(bones) == std::set<QuizKind>{QuizKind::NameIt, QuizKind::FindIt});
  CHECK_THROWS_WITH_AS(generateQuiz(a, "nerves"), doctest::Contains("unknown quiz set \"nerves\""), UsageError);
  CHECK_THROWS_WITH_AS(generateQuiz(a, "nerves"), doctest::Contains("bones, muscles, attachments"), UsageError);
}

TEST_CASE("quiz: questions read well and choices are deterministic") {
  const Atlas& a = builtin();
  auto qs = generateQuiz(a, "all", 7);
  const auto& oi = byKey(qs, "origin_insertion:psoas_major_l_origin");
  CHECK(oi.answer == "Psoas major \u2014 origin");
  CHECK(oi.prompt.find("origin or insertion") != std::string::npos);
  CHECK(oi.structures == std::vector<std::string>{"psoas_major_l"});
  CHECK(oi.choices[std::size_t(oi.correctChoice)] == "Psoas major \u2014 origin");
  CHECK(std::count(oi.choices.begin(), oi.choices.end(), "Psoas major \u2014 insertion") <= 1);
  // Neither style is the odd one out: two choices of each.
  for (const auto& q : qs) {
    if (q.kind != QuizKind::OriginInsertion && q.kind != QuizKind::WhereItHurts) continue;
    std::string style = q.answer.substr(q.answer.find("\u2014"));
    INFO(q.key);
    CHECK(std::count_if(q.choices.begin(), q.choices.end(), [&](const std::string& c) { return c.ends_with(style); }) == 2);
  }
  const auto& zone = byKey(qs, "where_it_hurts:iliopsoas_l_lumbar");
  CHECK(zone.structures == std::vector<std::string>{"psoas_major_l", "iliacus_l"});
  CHECK(zone.answer == "Psoas major or Iliacus \u2014 essential zone");
  for (const auto& c : zone.choices)  // iliacus with the right style would be right too: never a distractor
    if (c != zone.choices[std::size_t(zone.correctChoice)]) CHECK(c != "Iliacus \u2014 essential zone");
  const auto& name = byKey(qs, "name_it:psoas_major_l");
  CHECK(!name.askSide);
  CHECK(name.choices[std::size_t(name.correctChoice)] == "Psoas major");
  const auto& find = byKey(qs, "find_it:psoas_major_l");
  CHECK(find.askSide);
  CHECK(find.prompt == "Find the psoas major (left) on the model.");
  const auto& lm = byKey(qs, "landmark:asis_l");
  CHECK(lm.answer == "Left anterior superior iliac spine");
  CHECK(lm.choices[std::size_t(lm.correctChoice)] == "Anterior superior iliac spine");

  auto again = generateQuiz(a, "all", 7);
  bool differs = false;
  auto other = generateQuiz(a, "all", 8);
  REQUIRE(again.size() == qs.size());
  for (std::size_t i = 0; i < qs.size(); ++i) {
    CHECK(again[i].choices == qs[i].choices);
    CHECK(again[i].correctChoice == qs[i].correctChoice);
    differs = differs || other[i].choices != qs[i].choices;
  }
  CHECK(differs);
  // The right answer is not always in the same place.
  std::set<int> places;
  for (const auto& q : qs) places.insert(q.correctChoice);
  CHECK(places.size() == 4);
}

TEST_CASE("quiz: works on a second atlas") {
  const Atlas& a = second();
  auto all = generateQuiz(a, "all");
  auto keys = keysOf(all);
  for (const char* k : {"name_it:cube", "find_it:diamond", "name_it:shell", "origin_insertion:diamond_origin",
                        "where_it_hurts:front_zone", "landmark:cube_front", "landmark:shell_front"})
    CHECK_MESSAGE(keys.count(k), k);
  checkWellFormed(a, all, 2);  // three structures: at most three choices
  CHECK(keysOf(generateQuiz(a, "bones")) == std::set<std::string>{"name_it:cube", "find_it:cube"});
  CHECK(keysOf(generateQuiz(a, "muscles")) == std::set<std::string>{"name_it:diamond", "find_it:diamond"});
  CHECK(byKey(all, "origin_insertion:diamond_origin").answer == "Diamond \u2014 origin");

  // A construction point added to the second atlas is never asked.
  nlohmann::json j = nlohmann::json::parse(readTextFile(a.file));
  j["landmarks"].push_back({{"id", "centre"}, {"name", "Centre"}, {"position", {0, 0, 0}}, {"construction", true}});
  Atlas b = parseAtlas(j.dump(), a.file);
  auto lms = keysOf(generateQuiz(b, "landmarks"));
  CHECK(lms == std::set<std::string>{"landmark:cube_front", "landmark:shell_front"});
}

TEST_CASE("quiz: answers are normalized for case, accents and punctuation") {
  CHECK(normalizeAnswer("  Psoas   MAJOR ") == "psoas major");
  CHECK(normalizeAnswer("Psöas májor") == "psoas major");
  CHECK(normalizeAnswer("Poupart's ligament") == "pouparts ligament");
  CHECK(normalizeAnswer("T12\u2013L1 disc") == "t12 l1 disc");
  CHECK(normalizeAnswer("Psoas major (left)") == "psoas major left");
  CHECK(normalizeAnswer("Œsophagus, Æ, ß") == "oesophagus ae ss");
  CHECK(normalizeAnswer("e\u0301") == "e");  // combining accent
  CHECK(normalizeAnswer("\xff\xfe") == "\xff\xfe");  // malformed bytes stay, never crash
  CHECK(normalizeAnswer("?!.") == "");
  CHECK(editDistance("major", "minor") == 2);
  CHECK(editDistance("", "abc") == 3);
  CHECK(editDistance("psoas", "psoas") == 0);
  CHECK(editDistance("iliacus", "ilaicus") == 2);
  auto s = quiz_detail::splitSide("l psoas major");
  CHECK(s.base == "psoas major");
  CHECK(s.side == "left");
  CHECK(quiz_detail::splitSide("psoas major right").side == "right");
  CHECK(quiz_detail::splitSide("vertebra lumbalis i").side == "");
  CHECK(quiz_detail::withoutSide("Psoas major (left)") == "Psoas major");
  CHECK(quiz_detail::withoutSide("Left pubic tubercle") == "Pubic tubercle");
  CHECK(quiz_detail::withoutSide("Sacrum") == "Sacrum");
}
