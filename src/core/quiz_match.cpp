// Typed answers: normalized (case, accents, punctuation), the side word taken apart, then compared with every
// name the atlas knows. A misspelling is forgiven only when the answer stays nearer to the right name than to
// any other, so that a near neighbour ("psoas minor" for "psoas major") is never accepted.
#include <algorithm>
#include <array>

#include "core/quiz.hpp"

namespace psoas {

namespace {

// Folded spelling of U+00C0..U+00FF (one entry per code point; "" = a separator).
constexpr std::array<const char*, 64> kLatin1{
    "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",   // C0
    "d", "n", "o", "o", "o", "o", "o",  "",  "o", "u", "u", "u", "u", "y", "th", "ss",  // D0
    "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",   // E0
    "d", "n", "o", "o", "o", "o", "o",  "",  "o", "u", "u", "u", "u", "y", "th", "y"};  // F0

// Latin Extended-A (U+0100..U+017F) by ranges of the same base letter.
const char* foldExtendedA(unsigned cp) {
  struct R { unsigned lo, hi; const char* s; };
  static const R ranges[] = {{0x100, 0x105, "a"}, {0x106, 0x10D, "c"}, {0x10E, 0x111, "d"}, {0x112, 0x11B, "e"},
                             {0x11C, 0x123, "g"}, {0x124, 0x127, "h"}, {0x128, 0x131, "i"}, {0x132, 0x133, "ij"},
                             {0x134, 0x135, "j"}, {0x136, 0x138, "k"}, {0x139, 0x142, "l"}, {0x143, 0x14B, "n"},
                             {0x14C, 0x151, "o"}, {0x152, 0x153, "oe"}, {0x154, 0x159, "r"}, {0x15A, 0x161, "s"},
                             {0x162, 0x167, "t"}, {0x168, 0x173, "u"}, {0x174, 0x175, "w"}, {0x176, 0x178, "y"},
                             {0x179, 0x17E, "z"}, {0x17F, 0x17F, "s"}};
  for (const auto& r : ranges)
    if (cp >= r.lo && cp <= r.hi) return r.s;
  return nullptr;
}

// Decodes one UTF-8 sequence at s[i]. A malformed byte comes back alone, as kRawByte + byte: outside Unicode,
// so that it is kept as written and never folded as if it were a Latin-1 letter.
constexpr unsigned kRawByte = 0x110000;
unsigned decode(std::string_view s, std::size_t& i, std::size_t& len) {
  unsigned char c = std::uint8_t(s[i]);
  len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 1;
  if (i + len > s.size()) len = 1;
  if (len == 1) return c < 0x80 ? c : kRawByte + c;
  unsigned cp = c & (0x7f >> len);
  for (std::size_t k = 1; k < len; ++k) {
    unsigned char d = std::uint8_t(s[i + k]);
    if ((d >> 6) != 2) { len = 1; return kRawByte + c; }
    cp = (cp << 6) | (d & 0x3f);
  }
  return cp;
}

bool isSideWord(std::string_view w, std::string& side) {
  static const char* left[] = {"left", "l", "sinister", "sinistra", "sinistrum", "lt"};
  static const char* right[] = {"right", "r", "dexter", "dextra", "dextrum", "rt"};
  for (const char* x : left)
    if (w == x) { side = "left"; return true; }
  for (const char* x : right)
    if (w == x) { side = "right"; return true; }
  return false;
}

// Spelling mistakes forgiven for a name of this length: none in very short names (T12, L1), where one letter
// is already another name, one in short names, two otherwise.
int allowedTypos(std::size_t length) { return length < 3 ? 0 : length < 5 ? 1 : 2; }

// Numbers are never typos: "T13" is not a misspelt T12, "L4 L5 disc" not a misspelt L3/L4 disc.
std::string digitsOf(std::string_view s) {
  std::string d;
  for (char c : s)
    if (c >= '0' && c <= '9') d += c;
    else if (!d.empty() && d.back() != ' ') d += ' ';
  return d;
}

// "First lumbar vertebra (L1)" is also "First lumbar vertebra": what is in brackets is an extra.
std::string withoutBrackets(std::string_view name) {
  std::string out;
  int depth = 0;
  for (char c : name) {
    depth += c == '(' ? 1 : 0;
    if (depth == 0) out += c;
    depth -= c == ')' && depth > 0 ? 1 : 0;
  }
  return out;
}

// Words that carry no name: "the psoas major, its origin".
const char* kFiller[] = {"the", "its", "it", "is", "of", "an", "a", "and", "from"};

std::string dropFiller(const std::string& s) {
  std::string out, word;
  auto flush = [&] {
    bool filler = std::any_of(std::begin(kFiller), std::end(kFiller), [&](const char* f) { return word == f; });
    if (!word.empty() && !filler) out += (out.empty() ? "" : " ") + word;
    word.clear();
  };
  for (char c : s) c == ' ' ? flush() : void(word += c);
  flush();
  return out;
}

// Motion questions: the typed answer against the choices, each as written or by the words that set it
// apart from the others ("lengthens", "sitting at a desk"); a typo only while it stays nearest the right one.
AnswerCheck checkAgainstChoices(const QuizQuestion& q, std::string_view typed) {
  std::string n = normalizeAnswer(typed);
  if (n.empty()) return {false, false, "no answer"};
  if (q.correctChoice < 0 || std::size_t(q.correctChoice) >= q.choices.size()) return {false, false, "it is " + q.answer};
  std::vector<std::vector<std::string>> words;
  for (const auto& c : q.choices) {
    std::vector<std::string> w;
    std::string norm = normalizeAnswer(c);
    for (std::size_t at = 0; at < norm.size();) {
      std::size_t sp = norm.find(' ', at);
      if (sp == std::string::npos) sp = norm.size();
      w.push_back(norm.substr(at, sp - at));
      at = sp + 1;
    }
    words.push_back(w);
  }
  auto forms = [&](std::size_t k) {
    std::string all, own;
    for (const auto& w : words[k]) {
      all += (all.empty() ? "" : " ") + w;
      bool shared = std::all_of(words.begin(), words.end(), [&](const auto& other) {
        return std::find(other.begin(), other.end(), w) != other.end();
      });
      if (!shared) own += (own.empty() ? "" : " ") + w;
    }
    return std::vector<std::string>{all, own};
  };
  int best = 1 << 20, other = 1 << 20;
  std::size_t bestLength = 0;
  for (std::size_t k = 0; k < q.choices.size(); ++k)
    for (const auto& f : forms(k)) {
      if (f.empty()) continue;
      int d = editDistance(n, f);
      if (int(k) == q.correctChoice && d < best) best = d, bestLength = f.size();
      if (int(k) != q.correctChoice) other = std::min(other, d);
    }
  if (best == 0) return {true, false, ""};
  if (best <= allowedTypos(bestLength) && best < other) return {true, true, "accepted; it is " + q.answer};
  return {false, false, "it is " + q.answer};
}

}  // namespace

std::string normalizeAnswer(std::string_view text) {
  std::string out;
  bool pendingSpace = false;
  auto put = [&](std::string_view piece) {
    if (pendingSpace && !out.empty()) out += ' ';
    pendingSpace = false;
    out += piece;
  };
  for (std::size_t i = 0; i < text.size();) {
    std::size_t len = 1;
    unsigned cp = decode(text, i, len);
    if (cp == '\'' || cp == 0x2019 || (cp >= 0x300 && cp <= 0x36f)) {
      // apostrophes join ("Poupart's"), combining accents vanish
    } else if ((cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9')) {
      put(std::string(1, char(cp)));
    } else if (cp >= 'A' && cp <= 'Z') {
      put(std::string(1, char(cp - 'A' + 'a')));
    } else if (cp >= 0xC0 && cp <= 0xFF && *kLatin1[cp - 0xC0]) {
      put(kLatin1[cp - 0xC0]);
    } else if (const char* f = cp >= 0x100 && cp <= 0x17F ? foldExtendedA(cp) : nullptr) {
      put(f);
    } else if (cp >= 0x80 && cp != 0xA0 && !(cp >= 0x2000 && cp <= 0x206F) && cp != 0xD7 && cp != 0xF7) {
      put(text.substr(i, len));  // other scripts compare as written
    } else {
      pendingSpace = true;  // punctuation, dashes, spaces
    }
    i += len;
  }
  return out;
}

int editDistance(std::string_view a, std::string_view b) {
  std::vector<int> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = int(j);
  for (std::size_t i = 1; i <= a.size(); ++i) {
    int diag = row[0];
    row[0] = int(i);
    for (std::size_t j = 1; j <= b.size(); ++j) {
      int up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diag = up;
    }
  }
  return row[b.size()];
}

namespace quiz_detail {

SideSplit splitSide(std::string_view normalized) {
  SideSplit r{std::string(normalized), ""};
  std::size_t sp = r.base.find(' ');
  std::string side;
  if (sp != std::string::npos && isSideWord(std::string_view(r.base).substr(0, sp), side)) {
    r.base.erase(0, sp + 1);
    r.side = side;
  }
  sp = r.base.rfind(' ');
  if (sp != std::string::npos && isSideWord(std::string_view(r.base).substr(sp + 1), side) &&
      (r.side.empty() || r.side == side)) {
    r.base.erase(sp);
    r.side = side;
  }
  return r;
}

std::string withoutSide(std::string_view name) {
  std::string s(name);
  for (const char* suffix : {" (left)", " (right)"})
    if (s.size() > std::string_view(suffix).size() && s.ends_with(suffix))
      return s.substr(0, s.size() - std::string_view(suffix).size());
  for (const char* prefix : {"Left ", "Right "})
    if (s.size() > std::string_view(prefix).size() && s.starts_with(prefix)) {
      s.erase(0, std::string_view(prefix).size());
      if (s[0] >= 'a' && s[0] <= 'z') s[0] = char(s[0] - 'a' + 'A');
      return s;
    }
  return s;
}

}  // namespace quiz_detail

AnswerMatcher::AnswerMatcher(const Atlas& atlas) : atlas_(atlas) {
  auto add = [&](const std::string& name, std::string side, const std::vector<std::string>& others) {
    Item it;
    auto main = quiz_detail::splitSide(normalizeAnswer(name));
    it.identity = main.base;
    it.side = side.empty() ? main.side : side;
    it.display = name;
    for (const auto& n : others) {
      std::string f = quiz_detail::splitSide(normalizeAnswer(n)).base;
      if (!f.empty() && std::find(it.forms.begin(), it.forms.end(), f) == it.forms.end()) it.forms.push_back(f);
    }
    items_.push_back(std::move(it));
  };
  for (const auto& s : atlas.structures) {
    std::vector<std::string> names{s.name, withoutBrackets(s.name), s.latin, s.label};
    names.insert(names.end(), s.aliases.begin(), s.aliases.end());
    add(s.name, s.side == "left" || s.side == "right" ? s.side : "", names);
  }
  for (const auto& l : atlas.landmarks) {
    std::vector<std::string> names{l.name, withoutBrackets(l.name)};
    names.insert(names.end(), l.aliases.begin(), l.aliases.end());
    add(l.name, "", names);
  }
}

AnswerMatcher::Match AnswerMatcher::matchName(std::string_view normalized, const std::vector<int>& targets) const {
  Match m;
  auto split = quiz_detail::splitSide(normalized);
  m.side = split.side;
  auto isTarget = [&](const Item& it) {
    return std::any_of(targets.begin(), targets.end(), [&](int t) { return items_[std::size_t(t)].identity == it.identity; });
  };
  int other = 1 << 20;
  std::size_t matchedLength = 0;
  const std::string* matchedForm = nullptr;
  for (std::size_t i = 0; i < items_.size(); ++i) {
    bool target = std::find(targets.begin(), targets.end(), int(i)) != targets.end();
    // The other side of a target is neither right nor a rival: the side word decides between them.
    if (!target && isTarget(items_[i])) continue;
    for (const auto& f : items_[i].forms) {
      int d = editDistance(split.base, f);
      if (target && d < m.distance) m.distance = d, m.item = int(i), matchedLength = f.size(), matchedForm = &f;
      if (!target) other = std::min(other, d);
    }
  }
  m.ambiguous = m.distance == 0 && other == 0;
  bool accepted = m.distance == 0 ? !m.ambiguous
                                  : m.distance <= allowedTypos(matchedLength) && m.distance < other &&
                                        matchedForm && digitsOf(*matchedForm) == digitsOf(split.base);
  if (!accepted) m.item = m.ambiguous ? m.item : -1;
  return m;
}

AnswerCheck AnswerMatcher::checkNamed(const std::vector<int>& targets, bool askSide, std::string_view typed) const {
  AnswerCheck r;
  std::string n = normalizeAnswer(typed);
  if (n.empty()) return {false, false, "no answer"};
  Match m = matchName(n, targets);
  if (m.ambiguous) {
    r.feedback = "\"" + std::string(typed) + "\" names more than one structure; be more precise";
    return r;
  }
  if (m.item < 0) return {false, false, "not the right name"};
  const Item& it = items_[std::size_t(m.item)];
  if (!m.side.empty() && !it.side.empty() && m.side != it.side) return {false, false, "wrong side: it is the " + it.side};
  if (askSide && !it.side.empty() && m.side.empty()) return {false, false, "say which side (left or right)"};
  r.correct = true;
  r.typo = m.distance > 0;
  if (r.typo) r.feedback = "accepted; it is spelt " + it.display;
  return r;
}

AnswerCheck AnswerMatcher::checkRegion(const QuizQuestion& q, std::string_view typed) const {
  const Region& region = atlas_.regions[std::size_t(q.region)];
  std::string n = " " + normalizeAnswer(typed) + " ";
  // Which style the answer names (origin, insertion, essential zone, ...): longest spelling first.
  std::vector<std::pair<std::string, int>> forms;
  for (int st : layerStyles(atlas_, atlas_.overlays[std::size_t(region.overlay)].layer)) {
    forms.push_back({normalizeAnswer(atlas_.regionStyles[std::size_t(st)].name), st});
    forms.push_back({normalizeAnswer(atlas_.regionStyles[std::size_t(st)].id), st});
  }
  std::sort(forms.begin(), forms.end(), [](const auto& a, const auto& b) { return a.first.size() > b.first.size(); });
  int style = -1;
  for (const auto& [f, st] : forms) {
    std::size_t at = f.empty() ? std::string::npos : n.find(" " + f + " ");
    if (at == std::string::npos) continue;
    n.erase(at, f.size() + 1);
    style = st;
    break;
  }
  std::string rest = dropFiller(normalizeAnswer(n));
  AnswerCheck who = checkNamed(region.structures, false, rest);
  std::string styleName = region.style >= 0 ? atlas_.regionStyles[std::size_t(region.style)].name : "";
  if (!who.correct) return who;
  if (style < 0) return {false, false, "right muscle; say which it is too (" + styleName + ")"};
  if (style != region.style) return {false, false, "right muscle, but it is the " + styleName};
  return who;
}

AnswerCheck AnswerMatcher::check(const QuizQuestion& q, std::string_view typed) const {
  switch (q.kind) {
    case QuizKind::NameIt:
    case QuizKind::FindIt: return checkNamed({q.structure}, q.askSide, typed);
    case QuizKind::Landmark: return checkNamed({int(atlas_.structures.size()) + q.landmark}, q.askSide, typed);
    case QuizKind::OriginInsertion:
    case QuizKind::WhereItHurts: return checkRegion(q, typed);
    case QuizKind::Motion: return checkAgainstChoices(q, typed);
  }
  return {};
}

AnswerCheck AnswerMatcher::checkChoice(const QuizQuestion& q, int choice) const {
  if (choice == q.correctChoice && choice >= 0) return {true, false, ""};
  return {false, false, "it is " + q.answer};
}

AnswerCheck AnswerMatcher::checkPick(const QuizQuestion& q, int picked) const {
  if (picked >= 0 && picked == q.structure) return {true, false, ""};
  if (picked < 0 || std::size_t(picked) >= atlas_.structures.size()) return {false, false, "nothing was clicked"};
  return {false, false, "that is the " + atlas_.structures[std::size_t(picked)].name};
}

}  // namespace psoas
