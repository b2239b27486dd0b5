#include "ui/error_text.hpp"

#include "core/errors.hpp"

namespace psoas::ui {

namespace {
bool has(const std::string& text, const char* part) { return text.find(part) != std::string::npos; }

std::string modelReason(const std::string& why) {
  if (has(why, "no triangles") || has(why, "no mesh") || has(why, "incomplete")) return "This file contains no 3D surfaces.";
  if (has(why, "not found")) return "The file is not there (moved, renamed or deleted?).";
  if (has(why, "is empty")) return "The file is empty.";
  if (has(why, "triangles")) return "This model is too detailed to show (it has too many triangles).";
  if (has(why, "no node named")) return "The file does not hold the part the atlas asks for.";
  return "This is not a 3D model the atlas can read (glTF, OBJ, STL, PLY, FBX...), or the file is damaged.";
}

std::string outputReason(const std::string& why) {
  if (has(why, "space")) return "The disk is full.";
  if (has(why, "ermission") || has(why, "ead-only")) return "This folder cannot be written to: choose another one.";
  if (has(why, "o such file") || has(why, "directory")) return "The folder does not exist.";
  return "The file could not be written.";
}
}  // namespace

std::string plainReason(const std::exception& e) {
  if (auto* m = dynamic_cast<const ModelError*>(&e)) return modelReason(m->reason);
  if (auto* a = dynamic_cast<const AtlasError*>(&e))
    return has(a->reason, "not found") ? "The atlas file is not there (moved, renamed or deleted?)."
                                       : "This atlas file has a mistake in it, or one of its model files is missing.";
  if (auto* s = dynamic_cast<const StateError*>(&e))
    return has(s->reason, "not found") ? "The file is not there (moved, renamed or deleted?)."
                                       : "This view-state file is damaged, or was made by a newer version of Psoas Atlas.";
  if (auto* o = dynamic_cast<const OutputError*>(&e)) return outputReason(o->what());
  if (dynamic_cast<const RenderError*>(&e)) return "The graphics driver could not draw this.";
  if (dynamic_cast<const UsageError*>(&e)) return "That cannot be done with these settings.";
  return "Something went wrong.";
}

std::string explainError(const std::string& whatFailed, const std::exception& e) {
  return whatFailed + "\n\n" + plainReason(e) + "\n\n" + kDetailsPrefix + e.what();
}

}  // namespace psoas::ui
