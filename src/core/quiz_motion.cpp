// Motion questions (issue 18): asked of every muscle path in the data, answered by the length computation
// (core/muscle_path.hpp) in the atlas's pose presets. Which muscle, which poses and which joint all come from
// the motion data; the engine knows none of them by name.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>

#include "core/quiz.hpp"

namespace psoas {

namespace {

std::string lowerFirst(std::string s) {
  if (!s.empty() && s[0] >= 'A' && s[0] <= 'Z') s[0] = char(s[0] - 'A' + 'a');
  return s;
}

std::string percentText(double p) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.0f%%", p);
  return buf;
}

// Per muscle path (index as motion.muscles), its percent of standing length in `pose`.
std::vector<double> percents(const MotionData& motion, const Pose& pose) {
  std::vector<double> out;
  for (const auto& row : measureMuscles(motion, pose)) out.push_back(row.percentOfStanding);
  return out;
}

// "Left hip flexion (extension -)" -> "left hip flexion" and "left hip extension": a coordinate's name says in
// brackets what its negative direction is called (docs/motion-format.md). The bracket's word replaces the
// word of the name it rhymes with (the longest shared ending, at least three letters: flexion, extension);
// without one the negative phrase is the bracket's word alone.
std::pair<std::string, std::string> movementWords(const std::string& name) {
  std::size_t open = name.find(" (");
  if (open == std::string::npos) return {lowerFirst(name), ""};
  std::string positive = lowerFirst(name.substr(0, open)), word = name.substr(open + 2);
  if (!word.empty() && word.back() == ')') word.pop_back();
  while (!word.empty() && (word.back() == '-' || word.back() == ' ')) word.pop_back();
  if (word.empty() || word.find(' ') != std::string::npos) return {positive, word};
  std::size_t bestAt = std::string::npos, bestLen = 0, bestShared = 2;
  for (std::size_t at = 0; at < positive.size();) {
    std::size_t end = positive.find(' ', at);
    if (end == std::string::npos) end = positive.size();
    std::string w = positive.substr(at, end - at);
    std::size_t shared = 0;
    while (shared < w.size() && shared < word.size() && w[w.size() - 1 - shared] == word[word.size() - 1 - shared]) ++shared;
    if (shared > bestShared) bestShared = shared, bestAt = at, bestLen = w.size();
    at = end + 1;
  }
  if (bestAt == std::string::npos) return {positive, word};
  return {positive, positive.substr(0, bestAt) + word + positive.substr(bestAt + bestLen)};
}

const char* kLengthens = "It lengthens it";
const char* kShortens = "It shortens it";
const char* kUnchanged = "It hardly changes it";

void shortestPoseQuestion(const Atlas& atlas, std::size_t m, const std::vector<std::vector<double>>& byPose,
                          std::uint64_t seed, std::vector<QuizQuestion>& out) {
  const MotionData& motion = atlas.motion;
  const MusclePath& path = motion.muscles[m];
  std::vector<std::pair<double, std::size_t>> ranked;  // percent of standing, pose index
  for (std::size_t p = 0; p < motion.poses.size(); ++p) ranked.push_back({byPose[p][m], p});
  std::sort(ranked.begin(), ranked.end());
  // Asked only where one pose is clearly the shortest, and with three clearly longer poses to choose from.
  if (ranked.size() < 2 || ranked[1].first - ranked[0].first < kMotionChangePercent) return;
  const Structure& muscle = atlas.structures[std::size_t(path.structure)];
  const PosePreset& best = motion.poses[ranked[0].second];
  QuizQuestion q;
  q.kind = QuizKind::Motion;
  q.key = "motion:shortest_pose:" + path.muscle;
  q.structure = path.structure;
  q.structures = {path.muscle};
  q.prompt = "Which pose shortens the " + lowerFirst(muscle.name) + " most?";
  q.answer = best.name;
  q.fact = best.name + ": " + percentText(ranked[0].first) + " of its standing length. " + best.caption;
  q.pose = best.pose;
  std::vector<std::pair<double, std::string>> longer;
  for (std::size_t k = 1; k < ranked.size(); ++k)
    if (ranked[k].first - ranked[0].first >= kMotionChangePercent)
      longer.push_back({double(quiz_detail::hashOf(seed, q.key, motion.poses[ranked[k].second].id)),
                        motion.poses[ranked[k].second].name});
  std::sort(longer.begin(), longer.end());
  std::vector<std::string> distractors;
  for (const auto& l : longer) distractors.push_back(l.second);
  quiz_detail::setChoices(q, best.name, distractors, seed);
  out.push_back(std::move(q));
}

// The muscle's moment-arm joint taken two thirds of the way to each end of its range, from standing.
void movementQuestions(const Atlas& atlas, std::size_t m, double standingPercent, std::uint64_t seed,
                       std::vector<QuizQuestion>& out) {
  const MotionData& motion = atlas.motion;
  const MusclePath& path = motion.muscles[m];
  if (path.momentArmCoordinate < 0) return;
  const Coordinate& c = motion.skeleton.coordinates[std::size_t(path.momentArmCoordinate)];
  const Structure& muscle = atlas.structures[std::size_t(path.structure)];
  auto [positive, negative] = movementWords(c.name);
  for (double end : {c.minDeg, c.maxDeg}) {
    double deg = std::round(end * 2.0 / 3.0 / 5.0) * 5.0;  // a round angle, well inside the range
    if (std::abs(deg) < 5.0) continue;
    Pose pose;
    pose.joints[c.id] = deg;
    double change = percents(motion, pose)[m] - standingPercent;
    QuizQuestion q;
    q.kind = QuizKind::Motion;
    q.key = "motion:" + c.id + (deg < 0 ? ":minus:" : ":plus:") + path.muscle;
    q.structure = path.structure;
    q.structures = {path.muscle};
    char angle[64];
    std::snprintf(angle, sizeof angle, "%.0f\u00b0", std::abs(deg));
    // "20° of left hip extension (left hip flexion -20°)": the data's own angle beside the plain words.
    std::string movement = deg < 0 && !negative.empty() ? std::string(angle) + " of " + negative + " (" + positive + " " +
                                                              std::to_string(int(deg)) + "\u00b0)"
                                                        : std::string(deg < 0 ? "-" : "") + angle + " of " + positive;
    q.prompt = "What does " + movement + " do to the length of the " + lowerFirst(muscle.name) + "?";
    std::string right = change >= kMotionChangePercent ? kLengthens : change <= -kMotionChangePercent ? kShortens : kUnchanged;
    q.answer = right;
    q.fact = "In that position it is " + percentText(standingPercent + change) + " of its standing length.";
    q.pose = pose;
    std::vector<std::string> others;
    for (const char* t : {kLengthens, kShortens, kUnchanged})
      if (right != t) others.push_back(t);
    quiz_detail::setChoices(q, right, others, seed);
    out.push_back(std::move(q));
  }
}

}  // namespace

std::vector<QuizQuestion> motionQuestions(const Atlas& atlas, std::uint64_t seed) {
  std::vector<QuizQuestion> out;
  const MotionData& motion = atlas.motion;
  if (motion.muscles.empty()) return out;
  std::vector<std::vector<double>> byPose;
  for (const auto& p : motion.poses) byPose.push_back(percents(motion, p.pose));
  std::vector<double> standing = percents(motion, Pose{});
  for (std::size_t m = 0; m < motion.muscles.size(); ++m) {
    const MusclePath& path = motion.muscles[m];
    if (path.structure < 0 || std::size_t(path.structure) >= atlas.structures.size()) continue;
    if (motion.poses.size() >= 2) shortestPoseQuestion(atlas, m, byPose, seed, out);
    movementQuestions(atlas, m, standing[m], seed, out);
  }
  return out;
}

}  // namespace psoas
