// Question generation. Which structures a set holds is read from the teaching data (docs/quiz.md), so a
// second atlas with other groups and other muscles gets the same sets without code changes.
#include "core/quiz.hpp"

#include <algorithm>
#include <cmath>
#include <set>

#include <glm/geometric.hpp>

#include "core/annotations.hpp"
#include "core/camera.hpp"
#include "core/errors.hpp"
#include "core/file_util.hpp"

namespace psoas {

const char* quizKindName(QuizKind kind) {
  switch (kind) {
    case QuizKind::NameIt: return "name_it";
    case QuizKind::FindIt: return "find_it";
    case QuizKind::OriginInsertion: return "origin_insertion";
    case QuizKind::WhereItHurts: return "where_it_hurts";
    case QuizKind::Landmark: return "landmark";
    case QuizKind::Motion: return "motion";
  }
  return "unknown";
}

const std::vector<std::string>& quizSetNames() {
  static const std::vector<std::string> names{"bones", "muscles", "attachments", "referral", "landmarks",
                                                "motion", "all"};
  return names;
}

bool isQuizSet(std::string_view name) {
  const auto& n = quizSetNames();
  return std::find(n.begin(), n.end(), name) != n.end();
}

namespace quiz_detail {

// splitmix64: a fixed, portable mix, so the same seed gives the same choices on every machine.
static std::uint64_t mix(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ull;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
  return x ^ (x >> 31);
}
std::uint64_t hashOf(std::uint64_t seed, std::string_view a, std::string_view b) {
  std::uint64_t h = 1469598103934665603ull;
  for (char c : a) h = (h ^ std::uint8_t(c)) * 1099511628211ull;
  h = (h ^ 0xff) * 1099511628211ull;
  for (char c : b) h = (h ^ std::uint8_t(c)) * 1099511628211ull;
  return mix(h ^ mix(seed));
}

// Places the right choice among up to three distractors at a seeded position.
void setChoices(QuizQuestion& q, std::string right, std::vector<std::string> distractors, std::uint64_t seed) {
  if (distractors.size() > 3) distractors.resize(3);
  std::size_t at = hashOf(seed, q.key, "position") % (distractors.size() + 1);
  distractors.insert(distractors.begin() + std::ptrdiff_t(at), std::move(right));
  q.choices = std::move(distractors);
  q.correctChoice = int(at);
}

}  // namespace quiz_detail

namespace {
using quiz_detail::hashOf;
using quiz_detail::setChoices;

Overlay::Layer layerOf(const Atlas& a, const Region& r) { return a.overlays[std::size_t(r.overlay)].layer; }

// Groups of structures that teaching regions belong to: the muscles (and their tendons, same group).
std::set<std::string> muscleGroups(const Atlas& a) {
  std::set<std::string> g;
  for (const auto& r : a.regions)
    for (int s : r.structures) g.insert(a.structures[std::size_t(s)].group);
  return g;
}
// Groups that attachment areas are painted on and that are not muscle groups: what muscles attach to.
std::set<std::string> boneGroups(const Atlas& a) {
  std::set<std::string> muscles = muscleGroups(a), g;
  for (const auto& r : a.regions)
    if (layerOf(a, r) == Overlay::Layer::Attachments)
      for (int s : r.on)
        if (!muscles.count(a.structures[std::size_t(s)].group)) g.insert(a.structures[std::size_t(s)].group);
  return g;
}

std::string lowerFirst(std::string s) {
  if (!s.empty() && s[0] >= 'A' && s[0] <= 'Z') s[0] = char(s[0] - 'A' + 'a');
  return s;
}

std::string factLine(const Atlas& a, const Structure& s) {
  if (s.factSheet >= 0) {
    const auto& facts = a.factSheets[std::size_t(s.factSheet)].facts;
    if (!facts.empty()) return facts.front().topic + ": " + facts.front().text;
  }
  return s.description;
}

// Distractors by rank (0: hardest), in seeded order within a rank, skipping texts already taken.
std::vector<std::string> pickDistinct(std::vector<std::pair<std::string, int>> cands, const std::string& right,
                                      const std::string& key, std::uint64_t seed) {
  std::sort(cands.begin(), cands.end(), [&](const auto& x, const auto& y) {
    if (x.second != y.second) return x.second < y.second;
    return hashOf(seed, key, x.first) < hashOf(seed, key, y.first);
  });
  std::vector<std::string> out;
  for (const auto& [text, pref] : cands)
    if (text != right && std::find(out.begin(), out.end(), text) == out.end()) out.push_back(text);
  return out;
}

// As pickDistinct, but one of each rank first: the choices of a region question then mix both styles, and
// neither the right muscle nor the right style stands out.
std::vector<std::string> pickSpread(const std::vector<std::pair<std::string, int>>& cands, const std::string& right,
                                    const std::string& key, std::uint64_t seed) {
  std::vector<std::string> ranked = pickDistinct(cands, right, key, seed), out;
  std::vector<int> rankOf;
  for (const auto& t : ranked)
    for (const auto& c : cands)
      if (c.first == t) { rankOf.push_back(c.second); break; }
  std::set<int> taken;
  for (std::size_t i = 0; i < ranked.size(); ++i)
    if (taken.insert(rankOf[i]).second) out.push_back(ranked[i]);
  for (const auto& t : ranked)
    if (std::find(out.begin(), out.end(), t) == out.end()) out.push_back(t);
  return out;
}

class Generator {
 public:
  Generator(const Atlas& a, std::uint64_t seed) : a_(a), seed_(seed), matcher_(a) {}

  void structureQuestions(const std::vector<int>& pool, bool find) {
    for (int s : pool) {
      const Structure& st = a_.structures[std::size_t(s)];
      QuizQuestion q;
      q.kind = find ? QuizKind::FindIt : QuizKind::NameIt;
      q.key = std::string(quizKindName(q.kind)) + ":" + st.id;
      q.structure = s;
      q.structures = {st.id};
      q.answer = st.name;
      q.fact = factLine(a_, st);
      // Find it shows the full name, side included; Name it shows the side by lighting it, so it is not asked.
      q.askSide = find && (st.side == "left" || st.side == "right");
      q.prompt = find ? "Find the " + lowerFirst(st.name) + " on the model." : "Name the highlighted structure.";
      std::vector<std::pair<std::string, int>> cands;
      for (int o : pool.size() >= 4 ? pool : allStructures()) {
        const Structure& other = a_.structures[std::size_t(o)];
        bool counterpart = identity(o) == identity(s);
        if (o == s || (counterpart && !find)) continue;
        // The other side is the best distractor where the side is asked; else the same group is harder.
        cands.push_back({find ? other.name : quiz_detail::withoutSide(other.name),
                         (find ? counterpart : other.group == st.group) ? 0 : 1});
      }
      std::string right = find ? st.name : quiz_detail::withoutSide(st.name);
      setChoices(q, right, pickDistinct(cands, right, q.key, seed_), seed_);
      out.push_back(std::move(q));
    }
  }

  void regionQuestions(Overlay::Layer layer) {
    std::vector<int> styles = layerStyles(a_, layer);
    std::string styleList;
    for (std::size_t i = 0; i < styles.size(); ++i)
      styleList += (i ? (i + 1 == styles.size() ? " or " : ", ") : "") + lowerFirst(styleName(styles[i]));
    // Muscles that could be meant: those of this layer, then any other region owner.
    std::vector<int> muscles = layerStructures(a_, layer, false);
    for (int s : layerStructures(a_, layer == Overlay::Layer::Referral ? Overlay::Layer::Attachments
                                                                        : Overlay::Layer::Referral, false))
      if (std::find(muscles.begin(), muscles.end(), s) == muscles.end()) muscles.push_back(s);
    // A small atlas (one muscle, one style) still needs wrong choices: then structures of the muscle groups,
    // then any structure.
    for (const auto& pool : {structuresIn(muscleGroups(a_), false), allStructures()})
      for (int s : pool)
        if (muscles.size() * styles.size() < 4 && std::find(muscles.begin(), muscles.end(), s) == muscles.end())
          muscles.push_back(s);
    for (std::size_t ri = 0; ri < a_.regions.size(); ++ri) {
      const Region& r = a_.regions[ri];
      if (layerOf(a_, r) != layer || r.structures.empty()) continue;
      QuizQuestion q;
      q.kind = layer == Overlay::Layer::Attachments ? QuizKind::OriginInsertion : QuizKind::WhereItHurts;
      q.key = std::string(quizKindName(q.kind)) + ":" + r.id;
      q.region = int(ri);
      q.prompt = layer == Overlay::Layer::Attachments
                     ? "Which muscle attaches to the highlighted area, and is it its " + styleList + "?"
                     : "Which muscle refers pain to the highlighted zone, and is it its " + styleList + "?";
      std::string names;
      for (std::size_t k = 0; k < r.structures.size(); ++k) {
        q.structures.push_back(a_.structures[std::size_t(r.structures[k])].id);
        names += (k ? (k + 1 == r.structures.size() ? " or " : ", ") : "") +
                 quiz_detail::withoutSide(a_.structures[std::size_t(r.structures[k])].name);
      }
      q.answer = names + " \u2014 " + lowerFirst(styleName(r.style));
      q.fact = a_.regionTitle(int(ri));
      auto choice = [&](int m, int style) {
        return quiz_detail::withoutSide(a_.structures[std::size_t(m)].name) + " \u2014 " + lowerFirst(styleName(style));
      };
      // Hardest first: a right muscle with the other style, then other muscles with the right style (so that
      // the right style is never the odd one out among the choices), then the rest.
      std::vector<std::pair<std::string, int>> cands;
      for (int m : muscles)
        for (int st : styles) {
          bool rightMuscle = std::any_of(r.structures.begin(), r.structures.end(),
                                         [&](int x) { return identity(x) == identity(m); });
          if (rightMuscle && st == r.style) continue;
          cands.push_back({choice(m, st), rightMuscle ? 0 : st == r.style ? 1 : 2});
        }
      std::string rightText = choice(r.structures.front(), r.style);
      setChoices(q, rightText, pickSpread(cands, rightText, q.key, seed_), seed_);
      out.push_back(std::move(q));
    }
  }

  void landmarkQuestions() {
    std::vector<int> asked;
    for (std::size_t i = 0; i < a_.landmarks.size(); ++i)
      if (!a_.landmarks[i].construction) asked.push_back(int(i));
    for (int li : asked) {
      const Landmark& l = a_.landmarks[std::size_t(li)];
      QuizQuestion q;
      q.kind = QuizKind::Landmark;
      q.key = "landmark:" + l.id;
      q.landmark = li;
      q.prompt = "Name the marked landmark.";
      q.answer = l.name;
      std::string right = quiz_detail::withoutSide(l.name);
      // Near landmarks are the harder distractors: the six nearest first, in seeded order among them.
      std::vector<std::pair<float, int>> near;
      for (int o : asked)
        if (o != li && landmarkIdentity(o) != landmarkIdentity(li))
          near.push_back({glm::length(a_.landmarks[std::size_t(o)].position - l.position), o});
      std::sort(near.begin(), near.end());
      std::vector<std::pair<std::string, int>> cands;
      for (std::size_t k = 0; k < near.size(); ++k)
        cands.push_back({quiz_detail::withoutSide(a_.landmarks[std::size_t(near[k].second)].name), k < 6 ? 0 : 1});
      setChoices(q, right, pickDistinct(cands, right, q.key, seed_), seed_);
      out.push_back(std::move(q));
    }
  }

  std::vector<int> allStructures() const {
    std::vector<int> v(a_.structures.size());
    for (std::size_t i = 0; i < v.size(); ++i) v[i] = int(i);
    return v;
  }
  std::vector<int> structuresIn(const std::set<std::string>& groups, bool exclude) const {
    std::vector<int> v;
    for (std::size_t i = 0; i < a_.structures.size(); ++i)
      if (groups.count(a_.structures[i].group) != exclude) v.push_back(int(i));
    return v;
  }

  std::vector<QuizQuestion> out;

 private:
  const std::string& identity(int structure) const { return matcher_.items()[std::size_t(structure)].identity; }
  const std::string& landmarkIdentity(int l) const {
    return matcher_.items()[a_.structures.size() + std::size_t(l)].identity;
  }
  std::string styleName(int style) const { return style >= 0 ? a_.regionStyles[std::size_t(style)].name : "area"; }
  const Atlas& a_;
  std::uint64_t seed_;
  AnswerMatcher matcher_;  // for the identities (left and right copies are one name)
};

}  // namespace

void requireQuizSet(std::string_view set) {
  if (isQuizSet(set)) return;
  std::string list;
  for (const auto& n : quizSetNames()) list += (list.empty() ? "" : ", ") + n;
  throw UsageError("unknown quiz set " + quoteValue(set) + " (expected one of: " + list + ")");
}

std::vector<QuizQuestion> generateQuiz(const Atlas& atlas, std::string_view set, std::uint64_t seed) {
  requireQuizSet(set);
  Generator g(atlas, seed);
  auto structures = [&](const std::vector<int>& pool) {
    g.structureQuestions(pool, false);
    g.structureQuestions(pool, true);
  };
  if (set == "bones") structures(g.structuresIn(boneGroups(atlas), false));
  if (set == "muscles") structures(g.structuresIn(muscleGroups(atlas), false));
  if (set == "all") structures(g.allStructures());
  if (set == "attachments" || set == "all") g.regionQuestions(Overlay::Layer::Attachments);
  if (set == "referral" || set == "all") g.regionQuestions(Overlay::Layer::Referral);
  if (set == "landmarks" || set == "all") g.landmarkQuestions();
  std::vector<QuizQuestion> out = std::move(g.out);
  if (set == "motion" || set == "all")
    for (auto& q : motionQuestions(atlas, seed)) out.push_back(std::move(q));
  return out;
}

WorksheetPlan worksheetPlan(const Atlas& atlas, std::string_view set) {
  requireQuizSet(set);
  WorksheetPlan plan;
  auto layerOfSet = [&](std::string_view name, Overlay::Layer& layer) {
    if (name == "attachments") layer = Overlay::Layer::Attachments;
    else if (name == "referral") layer = Overlay::Layer::Referral;
    else return false;
    return true;
  };
  Overlay::Layer layer{};
  bool layered = layerOfSet(set, layer);
  for (const auto& ls : atlas.labelSets)
    if (set == "all" || ls.id == set || (layered && ls.hasLayer && ls.layer == layer)) plan.labelSets.push_back(ls.id);
  for (const auto& o : atlas.overlays)
    if ((layered && o.layer == layer) || (set == "all" && o.layer == Overlay::Layer::Attachments))
      plan.overlays.push_back(o.id);
  if (plan.labelSets.empty())
    throw UsageError("the atlas has no label set for a worksheet of quiz set " + quoteValue(set) +
                     " (a label set with that id" + (layered ? " or that layer" : "") + ")");
  return plan;
}

std::vector<WorksheetLabel> numberWorksheet(const Atlas& atlas, SceneState& scene, bool withAnswers) {
  scene.labelText.clear();
  std::vector<LabelTarget> targets = labelTargets(atlas, scene);
  // Numbered from the top of the picture down, as a reader goes through them: each text by its highest anchor
  // on screen (the aspect ratio does not change what is above what).
  std::map<std::string, float> top;
  for (const auto& t : targets) {
    if (!t.shown) continue;
    float y = projectToPixel(scene.camera, t.anchor, 1000, 1000).y;
    auto [it, added] = top.try_emplace(t.text, y);
    if (!added) it->second = std::min(it->second, y);
  }
  std::vector<std::pair<float, std::string>> order;
  for (const auto& [text, y] : top) order.push_back({y, text});
  std::sort(order.begin(), order.end());
  std::map<std::string, int> numberOf;  // label text -> its number
  std::vector<WorksheetLabel> out;
  for (const auto& entry : order) {
    // Not a structured binding: clang 14 (the fuzz build) cannot capture those in a lambda.
    const std::string& text = entry.second;
    numberOf[text] = int(out.size()) + 1;
    auto t = std::find_if(targets.begin(), targets.end(), [&](const LabelTarget& x) { return x.text == text; });
    out.push_back({t->key, int(out.size()) + 1, text});
  }
  for (const auto& t : targets) {
    auto it = numberOf.find(t.text);
    if (it == numberOf.end()) {  // hidden or cut away: not drawn, and never with its name
      scene.labelText[t.key] = "";
      continue;
    }
    std::string n = std::to_string(it->second);
    scene.labelText[t.key] = withAnswers ? n + "  " + t.text : n;
  }
  return out;
}

}  // namespace psoas
