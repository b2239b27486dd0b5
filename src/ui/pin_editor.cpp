// A pin's note (the pin tool, P): a small popup where the pin was placed or clicked. Typing changes the
// pin through the action layer at once (the view shows it); the window commits to the undo history only
// once the field is let go, so one note typed is one undo step, and Delete is one more.
#include <cstring>

#include <imgui.h>

#include "core/actions.hpp"
#include "core/pins.hpp"
#include "ui/ui_context.hpp"

namespace psoas::ui {

void drawPinEditor(UiContext& ui) {
  static char text[kMaxPinText + 1];  // one popup at a time; ImGui keeps the field's edit state itself
  SceneState& st = *ui.state;
  const bool valid = ui.editPin >= 0 && std::size_t(ui.editPin) < st.pins.size();
  bool focus = false;
  if (ui.openPinEditor && valid) {
    std::strncpy(text, st.pins[std::size_t(ui.editPin)].text.c_str(), kMaxPinText);
    text[kMaxPinText] = '\0';
    ImGui::OpenPopup("pin-editor");
    focus = true;
  }
  ui.openPinEditor = false;
  // Beside the click, not on it: the pin's badge and its label stay in sight while the note is typed.
  const ImVec2 mouse = ImGui::GetMousePos();
  ImGui::SetNextWindowPos(ImVec2(mouse.x + 28.f * ui.scale, mouse.y + 20.f * ui.scale), ImGuiCond_Appearing);
  if (!ImGui::BeginPopup("pin-editor")) {
    ui.editPin = -1;  // closed by a click elsewhere or Esc
    return;
  }
  if (!valid) {  // undone or deleted meanwhile
    ImGui::CloseCurrentPopup();
    ImGui::EndPopup();
    ui.editPin = -1;
    return;
  }
  const Pin& pin = st.pins[std::size_t(ui.editPin)];
  ImGui::TextDisabled("Pin %d on %s", ui.editPin + 1, ui.atlas->structures[std::size_t(pin.structure)].name.c_str());
  if (focus) ImGui::SetKeyboardFocusHere();
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 22.f);
  bool enter = ImGui::InputTextWithHint("##pin-text", "A short note (optional)", text, sizeof text,
                                        ImGuiInputTextFlags_EnterReturnsTrue);
  if (pin.text != text) actions::setPinText(st, ui.editPin, text);
  bool close = enter;
  if (ImGui::Button("Done")) close = true;
  ImGui::SameLine();
  if (ImGui::Button("Delete pin")) {
    actions::deletePin(st, ui.editPin);
    close = true;
  }
  if (close) {
    ImGui::CloseCurrentPopup();
    ui.editPin = -1;
  }
  ImGui::EndPopup();
}

}  // namespace psoas::ui
