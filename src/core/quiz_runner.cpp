// The self-test sitting behind the Teach > Self-test panel: flow, keys and the scene of each question.
#include "core/quiz_runner.hpp"

#include <algorithm>
#include <cmath>

#include <glm/common.hpp>
#include <glm/geometric.hpp>

#include "core/annotations.hpp"
#include "core/errors.hpp"
#include "core/file_util.hpp"

namespace psoas {

namespace {
// One colour for every style of the asked layer while the question waits: the atlas's colours would tell
// an origin from an insertion (or an essential zone from a spillover) before the student answers.
constexpr glm::vec3 kNeutralPaint{0.98f, 0.78f, 0.18f};
// Muscles over their own attachment areas, as "See through the muscles" in the Teach panel makes them.
constexpr float kSeeThrough = 0.25f;

void showStructure(const Atlas& atlas, SceneState& s, int structure) {
  if (structure < 0 || std::size_t(structure) >= s.structures.size()) return;
  StructureState& st = s.structures[std::size_t(structure)];
  st.visible = true;
  st.outline = false;
  st.opacity = std::max(st.opacity, atlas.structures[std::size_t(structure)].opacity);
}

void stageRegion(const Atlas& atlas, SceneState& s, const QuizQuestion& q, bool revealed) {
  const Region& r = atlas.regions[std::size_t(q.region)];
  Overlay::Layer layer = atlas.overlays[std::size_t(r.overlay)].layer;
  if (std::size_t(r.overlay) >= s.overlays.size()) s.overlays.resize(std::size_t(r.overlay) + 1, false);
  s.overlays[std::size_t(r.overlay)] = true;
  s.highlighted = {q.region};
  s.referralSide = Side::Both;
  for (int on : r.on) showStructure(atlas, s, on);
  // The bone (or the skin) it is painted on stays solid and everything else faint, so a deep area shows.
  if (!r.on.empty()) {
    s.selected = r.on.front();
    s.ghost = true;
  }
  if (layer == Overlay::Layer::Attachments)
    for (int m : layerStructures(atlas, layer, false))
      if (std::find(r.on.begin(), r.on.end(), m) == r.on.end()) s.structures[std::size_t(m)].opacity = kSeeThrough;
  if (!revealed) {
    for (int style : layerStyles(atlas, layer)) s.styleColors[style] = kNeutralPaint;
    return;
  }
  s.labelsAdded = r.structures;  // the muscle (or muscles) it belongs to, named
}
}  // namespace

Bounds quizFocus(const Atlas& atlas, const QuizQuestion& q) {
  Bounds b;
  if ((q.kind == QuizKind::OriginInsertion || q.kind == QuizKind::WhereItHurts) && q.region >= 0)
    for (const Shape& sh : atlas.regions[std::size_t(q.region)].shapes) {
      b.add(glm::min(sh.a, sh.b) - glm::vec3(sh.radius));
      b.add(glm::max(sh.a, sh.b) + glm::vec3(sh.radius));
    }
  if (q.kind == QuizKind::Landmark && q.landmark >= 0) b.add(atlas.landmarks[std::size_t(q.landmark)].position);
  if (b.empty()) return b;
  glm::vec3 c = b.center(), half = glm::max(b.size() * 0.5f, glm::vec3(kQuizFocusMetres * 0.5f));
  return Bounds{c - half, c + half};
}

int quizFocusView(const Atlas& atlas, const QuizQuestion& q) {
  Bounds focus = quizFocus(atlas, q);
  if (focus.empty() || atlas.views.empty()) return -1;
  glm::vec3 at = focus.center();
  std::vector<int> on;
  if (q.region >= 0) on = atlas.regions[std::size_t(q.region)].on;
  else
    for (std::size_t i = 0; i < atlas.structures.size(); ++i) on.push_back(int(i));
  // The mean outward normal of the surface within 2 cm of it (one vertex's normal is noise on a bony
  // edge), on the structures it lies on; the nearest vertex's where none is that close.
  constexpr float kNear = 0.02f;
  glm::vec3 normal(0.f), nearest(0.f);
  float nearestD2 = 1e30f;
  for (int s : on) {
    const auto& mesh = atlas.structures[std::size_t(s)].mesh;
    if (!mesh || mesh->normals.size() != mesh->positions.size()) continue;
    for (std::size_t v = 0; v < mesh->positions.size(); ++v) {
      glm::vec3 d = mesh->positions[v] - at;
      float d2 = glm::dot(d, d);
      if (d2 < kNear * kNear) normal += mesh->normals[v];
      if (d2 < nearestD2) nearestD2 = d2, nearest = mesh->normals[v];
    }
  }
  if (glm::dot(normal, normal) < 1e-12f) normal = nearest;
  if (glm::dot(normal, normal) < 1e-12f) return -1;
  int view = -1;
  float bestDot = -2.f;
  for (std::size_t v = 0; v < atlas.views.size(); ++v) {
    float d = glm::dot(glm::normalize(atlas.views[v].direction), glm::normalize(normal));
    if (d > bestDot) bestDot = d, view = int(v);
  }
  return view;
}

bool quizQuestionShowable(const Atlas& atlas, const QuizQuestion& q) {
  auto hasMesh = [&](int s) { return s >= 0 && std::size_t(s) < atlas.structures.size() && atlas.structures[std::size_t(s)].mesh; };
  switch (q.kind) {
    case QuizKind::NameIt:
    case QuizKind::FindIt: return hasMesh(q.structure);
    case QuizKind::OriginInsertion:
    case QuizKind::WhereItHurts: {
      if (q.region < 0 || std::size_t(q.region) >= atlas.regions.size()) return false;
      const auto& on = atlas.regions[std::size_t(q.region)].on;
      return std::any_of(on.begin(), on.end(), hasMesh);
    }
    case QuizKind::Landmark: return q.landmark >= 0 && std::size_t(q.landmark) < atlas.landmarks.size();
    case QuizKind::Motion: return !atlas.motion.skeleton.empty();
  }
  return false;
}

SceneState quizScene(const Atlas& atlas, const SceneState& user, const QuizQuestion& q, bool revealed, bool fewerCues) {
  SceneState s = user;
  // Nothing may name the answer: no labels, no legend, no selection but the question's own.
  s.labelSets.clear();
  s.labelsAdded.clear();
  s.labelsRemoved.clear();
  s.labelText.clear();
  s.legend = revealed;
  s.selected = s.selectedRegion = s.selectedTrigger = s.selectedSymptom = -1;
  s.highlighted.clear();
  s.ghost = false;
  s.clip.enabled = false;  // a cut could hide what is asked
  s.pose = Pose{};
  std::fill(s.overlays.begin(), s.overlays.end(), false);
  switch (q.kind) {
    case QuizKind::NameIt:
      showStructure(atlas, s, q.structure);
      s.selected = q.structure;
      s.ghost = !fewerCues;  // the rest see-through, so a deep structure shows; fewer cues: find it in context
      if (revealed) s.labelsAdded = {q.structure};
      break;
    case QuizKind::FindIt:
      showStructure(atlas, s, q.structure);
      if (revealed) {
        s.selected = q.structure;
        s.labelsAdded = {q.structure};
      }
      break;
    case QuizKind::OriginInsertion:
    case QuizKind::WhereItHurts: stageRegion(atlas, s, q, revealed); break;
    case QuizKind::Landmark: {
      const Landmark& l = atlas.landmarks[std::size_t(q.landmark)];
      s.labelText["l:" + l.id] = revealed ? l.name : "?";
      break;
    }
    case QuizKind::Motion:
      // The model answers: once answered it takes the pose asked about, the muscle outlined and named.
      if (revealed) {
        s.pose = q.pose;
        s.selected = q.structure;
        s.labelsAdded = {q.structure};
      }
      break;
  }
  return s;
}

void QuizRunner::start(const Atlas& atlas, const QuizSetup& setup, QuizProgress progress, const SceneState& user,
                       std::int64_t nowMs) {
  std::vector<QuizQuestion> all = generateQuiz(atlas, setup.set, setup.seed), qs;
  for (auto& q : all)
    if (quizQuestionShowable(atlas, q)) qs.push_back(std::move(q));
  if (qs.empty()) throw UsageError("the quiz set " + quoteValue(setup.set) + " has no questions on this atlas");
  // New questions come in data order from sessionOrder: mix them first, so that a sitting is not ten bones
  // in a row. Missed and due ones still come first (their rank decides before this order).
  std::stable_sort(qs.begin(), qs.end(), [&](const QuizQuestion& a, const QuizQuestion& b) {
    return quiz_detail::hashOf(setup.seed, a.key, "order") < quiz_detail::hashOf(setup.seed, b.key, "order");
  });
  std::vector<int> order = sessionOrder(qs, progress, std::size_t(std::max(1, setup.questions)), nowMs);
  asked_.clear();
  for (int i : order) asked_.push_back(qs[std::size_t(i)]);
  atlas_ = &atlas;
  setup_ = setup;
  matcher_ = std::make_unique<AnswerMatcher>(atlas);
  session_.emplace(std::move(qs), std::move(order), nowMs);
  progress_ = std::move(progress);
  user_ = user;
  phase_ = Phase::Asking;
  check_ = {};
  given_.clear();
  last_ = {};
  askedAt_ = startMs_ = nowMs;
  endMs_ = 0;
  progressChanged_ = false;
  ++version_;
}

void QuizRunner::record(const AnswerCheck& check, std::string_view given, std::int64_t nowMs) {
  last_ = session_->current();
  check_ = check;
  given_ = std::string(given);
  session_->answer(check, given, nowMs, progress_);
  progressChanged_ = true;
  phase_ = Phase::Answered;
  ++version_;
}

bool QuizRunner::submitText(std::string_view typed, std::int64_t nowMs) {
  if (phase_ != Phase::Asking || normalizeAnswer(typed).empty()) return false;
  record(matcher_->check(question(), typed), typed, nowMs);
  return true;
}

bool QuizRunner::choose(int choice, std::int64_t nowMs) {
  if (phase_ != Phase::Asking || choice < 0 || std::size_t(choice) >= question().choices.size()) return false;
  record(matcher_->checkChoice(question(), choice), question().choices[std::size_t(choice)], nowMs);
  return true;
}

bool QuizRunner::pick(int structure, std::int64_t nowMs) {
  if (phase_ != Phase::Asking || question().kind != QuizKind::FindIt) return false;
  std::string given = structure >= 0 && std::size_t(structure) < atlas_->structures.size()
                          ? atlas_->structures[std::size_t(structure)].name : "(nothing)";
  record(matcher_->checkPick(question(), structure), "clicked: " + given, nowMs);
  return true;
}

bool QuizRunner::tick(std::int64_t nowMs) {
  if (phase_ != Phase::Asking || setup_.secondsPerQuestion <= 0) return false;
  if (nowMs - askedAt_ < std::int64_t(setup_.secondsPerQuestion) * 1000) return false;
  record({false, false, "time is up: it is " + question().answer}, "", nowMs);
  return true;
}

double QuizRunner::secondsLeft(std::int64_t nowMs) const {
  if (setup_.secondsPerQuestion <= 0 || phase_ != Phase::Asking) return -1.0;
  return std::max(0.0, setup_.secondsPerQuestion - double(nowMs - askedAt_) / 1000.0);
}

void QuizRunner::next(std::int64_t nowMs) {
  if (phase_ != Phase::Answered) return;
  if (session_->finished()) {
    phase_ = Phase::Review;
    endMs_ = nowMs;
  } else {
    phase_ = Phase::Asking;
    session_->restartClock(nowMs);
    askedAt_ = nowMs;
  }
  ++version_;
}

void QuizRunner::end(std::int64_t nowMs) {
  if (phase_ != Phase::Asking && phase_ != Phase::Answered) return;
  phase_ = Phase::Review;
  endMs_ = nowMs;
  ++version_;
}

void QuizRunner::close() {
  if (phase_ == Phase::Idle) return;
  phase_ = Phase::Idle;
  ++version_;
}

bool QuizRunner::key(std::string_view key, bool typing, std::string_view typed, std::int64_t nowMs) {
  if (phase_ == Phase::Idle) return false;
  if (key == "Esc") {  // even from the answer field: Esc always gets the student out
    if (phase_ == Phase::Review) close();
    else end(nowMs);
    return true;
  }
  // In the answer field Enter submits what is typed; digits are the field's.
  if (typing) return key == "Enter" && phase_ == Phase::Asking && submitText(typed, nowMs);
  if (key == "Enter") {
    if (phase_ == Phase::Asking) return submitText(typed, nowMs);
    if (phase_ == Phase::Answered) next(nowMs);
    else close();
    return true;
  }
  if (phase_ == Phase::Asking && showChoices() && key.size() == 1 && key[0] >= '1' && key[0] <= '9')
    return choose(key[0] - '1', nowMs);
  return false;
}

SceneState QuizRunner::scene(const Camera& camera) const {
  SceneState s = user_;
  if (phase_ == Phase::Asking) s = quizScene(*atlas_, user_, question(), false, setup_.fewerCues);
  else if (phase_ == Phase::Answered || (phase_ == Phase::Review && !last_.key.empty()))
    s = quizScene(*atlas_, user_, last_, true, setup_.fewerCues);
  s.camera = camera;
  return s;
}

double QuizRunner::elapsedSeconds(std::int64_t nowMs) const {
  if (phase_ == Phase::Idle && !session_) return 0.0;
  return double((endMs_ ? endMs_ : nowMs) - startMs_) / 1000.0;
}

std::vector<QuizQuestion> QuizRunner::mistakenQuestions() const {
  std::vector<QuizQuestion> out;
  for (const auto& r : mistakes())
    for (const auto& q : asked_)
      if (q.key == r.key) { out.push_back(q); break; }
  return out;
}

}  // namespace psoas
