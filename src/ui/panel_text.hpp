#pragma once
// What the panels show, worked out without ImGui so it can be tested: structure names in English, Latin
// (Terminologia Anatomica) or both, search over structures and landmarks, the fact sheet grouped by topic,
// where a trigger point refers pain, and the cutting-plane presets of an atlas.
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "core/atlas.hpp"
#include "core/scene_state.hpp"

namespace psoas::ui {

enum class NameMode { English, Latin, Both };
// "Psoas major (left)", "Musculus psoas major" or "Psoas major (left) - Musculus psoas major"; Latin falls
// back to English for a structure without a Latin name (an imported model).
std::string structureRowText(const Structure& s, NameMode mode);

// Case-insensitive match against id, English, Latin names and aliases.
bool matchesSearch(const Structure& s, const std::string& query);
bool matchesSearch(const Landmark& l, const std::string& query);
// Landmarks a search finds (construction points are not shown); none for an empty query.
std::vector<int> searchLandmarks(const Atlas& atlas, const std::string& query);
// The structure a landmark is on (Landmark::holder, found when the meshes load); -1 if none.
int landmarkStructure(const Atlas& atlas, int landmark);
// "No structure or landmark matches "xyz"." when the query finds nothing, else empty.
std::string emptySearchText(const Atlas& atlas, const std::string& query);

// A fact sheet's facts, one heading per topic in the order topics first appear.
struct TopicFacts {
  std::string topic;
  std::vector<const Fact*> facts;
};
std::vector<TopicFacts> factsByTopic(const FactSheet& sheet);

// "beside the lower spine (essential zone)" for each zone a trigger point refers pain to: the body region
// the data names, then the kind of zone.
std::vector<std::string> referralZoneNames(const Atlas& atlas, const TriggerPoint& trigger);

// Transverse cuts through each midline structure of the spine and pelvis ("at L3", "at L3-L4 disc"), top to
// bottom, from the atlas's own structures (the body envelope excluded).
struct CutPreset {
  std::string name;
  ClipPlane clip;
};
std::vector<CutPreset> cutPresets(const Atlas& atlas);

// A one-line caption laid out for an editing field without word wrap (ImGui's multiline field has none):
// spaces where a line would pass `width` become line breaks, nothing else changes, so folding the breaks
// back into spaces (core/story_edit oneLine) gives the caption exactly. `measure`: a text's width.
std::string wrapAtSpaces(std::string_view text, float width, const std::function<float(std::string_view)>& measure);

}  // namespace psoas::ui
