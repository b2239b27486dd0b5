#include "ui/panel_text.hpp"

#include <algorithm>
#include <cctype>

#include "core/annotations.hpp"

namespace psoas::ui {

namespace {
std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return char(std::tolower(c)); });
  return s;
}
bool isEnvelope(const Atlas& atlas, int s) {  // what referral zones are painted on (data, not a name)
  if (atlas.structures[std::size_t(s)].skinned) return true;
  auto env = layerStructures(atlas, Overlay::Layer::Referral, true);
  return std::find(env.begin(), env.end(), s) != env.end();
}
}  // namespace

std::string structureRowText(const Structure& s, NameMode mode) {
  if (s.latin.empty() || mode == NameMode::English) return s.name;
  if (mode == NameMode::Latin) return s.latin;
  return s.name + " - " + s.latin;
}

bool matchesSearch(const Structure& s, const std::string& query) {
  if (query.empty()) return true;
  std::string q = lower(query);
  auto has = [&](const std::string& text) { return lower(text).find(q) != std::string::npos; };
  if (has(s.id) || has(s.name) || has(s.latin)) return true;
  return std::any_of(s.aliases.begin(), s.aliases.end(), has);
}

bool matchesSearch(const Landmark& l, const std::string& query) {
  if (query.empty()) return true;
  std::string q = lower(query);
  auto has = [&](const std::string& text) { return lower(text).find(q) != std::string::npos; };
  return has(l.id) || has(l.name) || std::any_of(l.aliases.begin(), l.aliases.end(), has);
}

std::vector<int> searchLandmarks(const Atlas& atlas, const std::string& query) {
  std::vector<int> out;
  if (query.empty()) return out;  // the structure list is the atlas; landmarks come when asked for
  for (std::size_t i = 0; i < atlas.landmarks.size(); ++i)
    if (!atlas.landmarks[i].construction && matchesSearch(atlas.landmarks[i], query)) out.push_back(int(i));
  return out;
}

int landmarkStructure(const Atlas& atlas, int landmark) {
  if (landmark < 0 || std::size_t(landmark) >= atlas.landmarks.size()) return -1;
  return atlas.landmarks[std::size_t(landmark)].holder;
}

std::string emptySearchText(const Atlas& atlas, const std::string& query) {
  if (query.empty()) return {};
  for (const auto& s : atlas.structures)
    if (matchesSearch(s, query)) return {};
  if (!searchLandmarks(atlas, query).empty()) return {};
  return "No structure or landmark matches \"" + query + "\".";
}

std::vector<TopicFacts> factsByTopic(const FactSheet& sheet) {
  std::vector<TopicFacts> out;
  for (const Fact& f : sheet.facts) {
    auto it = std::find_if(out.begin(), out.end(), [&](const TopicFacts& t) { return t.topic == f.topic; });
    if (it == out.end()) out.push_back({f.topic, {&f}});
    else it->facts.push_back(&f);
  }
  return out;
}

std::vector<std::string> referralZoneNames(const Atlas& atlas, const TriggerPoint& trigger) {
  std::vector<std::string> out;
  for (int z : trigger.zones) {
    const Region& r = atlas.regions[std::size_t(z)];
    out.push_back(r.bodyRegion.empty() ? r.name : r.bodyRegion + " (" + r.name + ")");
  }
  return out;
}

std::vector<CutPreset> cutPresets(const Atlas& atlas) {
  std::vector<std::pair<float, CutPreset>> found;
  for (std::size_t i = 0; i < atlas.structures.size(); ++i) {
    const Structure& s = atlas.structures[i];
    if (!s.mesh || s.side != "midline" || isEnvelope(atlas, int(i))) continue;
    ClipPlane c;
    c.enabled = true;
    c.axis = ClipPlane::Axis::Transverse;
    c.offset = s.mesh->bounds.center().y;
    found.push_back({c.offset, {"at " + s.labelText(), c}});
  }
  std::stable_sort(found.begin(), found.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
  std::vector<CutPreset> out;
  for (auto& f : found) out.push_back(std::move(f.second));
  return out;
}

std::string wrapAtSpaces(std::string_view text, float width, const std::function<float(std::string_view)>& measure) {
  std::string out(text);
  std::size_t lineStart = 0, lastSpace = std::string::npos;
  for (std::size_t i = 0; i <= out.size(); ++i) {
    if (i < out.size() && out[i] != ' ') continue;
    // A word ends at i: break before it at the last space if the line has grown too wide.
    if (lastSpace != std::string::npos && lastSpace >= lineStart &&
        measure(std::string_view(out).substr(lineStart, i - lineStart)) > width) {
      out[lastSpace] = '\n';
      lineStart = lastSpace + 1;
    }
    if (i < out.size()) lastSpace = i;
  }
  return out;
}

}  // namespace psoas::ui
