#pragma once
// Teach > Export worksheet: the CLI's worksheet and key (render/worksheet_export.hpp) from the window, for a
// quiz set in the window's current named view, written beside the user's pictures under numbered names.
#include <string>

#include "core/atlas.hpp"
#include "render/renderer.hpp"
#include "ui/ui_context.hpp"

namespace psoas {

// Reports success in a toast and failure in the error modal (never throws).
void exportQuizWorksheet(Renderer& renderer, const Atlas& atlas, const std::string& set, const std::string& view,
                         ui::UiContext& ui);

}  // namespace psoas
