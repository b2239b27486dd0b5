#pragma once
// The one action layer: every change a user makes to the scene, as free functions over the scene state.
// Keys, menus, panels and the context menu call these (through ui/commands for the named ones), so hide,
// isolate and show all behave the same wherever they are asked for. What the window should do beyond the
// state (fit the camera to what is left) comes back as an Effect. No GL, no ImGui.
#include <vector>

#include "core/scene_state.hpp"

namespace psoas {
struct Atlas;
}

namespace psoas::actions {

struct Effect {
  bool fitVisible = false;      // frame what is now visible
  bool frameSelection = false;  // frame the selection
};

void select(SceneState& s, int structure);  // -1: nothing selected
void clearSelection(SceneState& s);
void hide(SceneState& s, int structure);
void setVisible(SceneState& s, const std::vector<int>& structures, bool visible);
Effect isolate(SceneState& s, const std::vector<int>& keep);  // and refit to what is left
Effect showAll(SceneState& s);
Effect isolateSelection(SceneState& s);  // nothing without a selection
void hideSelection(SceneState& s);
void setGhost(SceneState& s, bool on);
void toggleGhost(SceneState& s);
void setOpacity(SceneState& s, int structure, float opacity);

// How the body envelope (what referral zones are painted on) is drawn.
enum class Envelope { Shown, Faded, Outline, Hidden };
Envelope envelopeMode(const Atlas& atlas, const SceneState& s);
void setEnvelope(const Atlas& atlas, SceneState& s, Envelope mode);

void setOverlay(SceneState& s, int overlay, bool on);
void setOverlays(SceneState& s, const std::vector<int>& overlays, bool on);
void setReferralSide(SceneState& s, Side side);
// -1: none. Shows and highlights the symptom's zones; the referral side and the selection stay the user's.
void chooseSymptom(const Atlas& atlas, SceneState& s, int symptom);
void setLabelSet(SceneState& s, const std::string& id, bool on);
bool structureLabelled(const Atlas& atlas, const SceneState& s, int structure);
void setStructureLabelled(const Atlas& atlas, SceneState& s, int structure, bool on);
void setClip(SceneState& s, const ClipPlane& clip);
void setRegionColor(SceneState& s, int style, const glm::vec3& srgb);

// The skeleton (SceneState::pose). The window animates towards whatever pose the state holds
// (core/pose_animation.hpp), so each of these is one step for undo, however long the transition.
// A pose as given (a view state's, a paused gait frame): validated first, UsageError naming a bad joint.
void setPose(const Atlas& atlas, SceneState& s, const Pose& pose);
// A preset of the atlas's motion data by id, with its angles; false (nothing changes) for an unknown id.
bool choosePosePreset(const Atlas& atlas, SceneState& s, const std::string& preset);
// One joint angle (a slider): clamped to the joint's range; the pose is then no longer a preset.
// False (nothing changes) for a joint the skeleton lacks.
bool setJointAngle(const Atlas& atlas, SceneState& s, const std::string& joint, double degrees);
void resetPose(SceneState& s);  // standing: every angle zero

// Pins (SceneState::pins, core/pins.hpp), numbered from 1 by their place in the list. The text is cleaned
// (cleanPinText). addPin returns the new pin's index, or -1 when there are kMaxPins already or the pin is
// not on a structure; an index out of range changes nothing (false).
int addPin(SceneState& s, Pin pin);
bool setPinText(SceneState& s, int index, const std::string& text);
bool deletePin(SceneState& s, int index);  // the pins after it move up a number
void clearPins(SceneState& s);

}  // namespace psoas::actions
