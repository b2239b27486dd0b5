#pragma once
// A worksheet and its key as two PNGs (issue 18): the set's label sets in a view with numbers instead of
// names, and FILE-key.png with "3  Psoas major" at the same places. The CLI (quiz --worksheet) and the
// viewer's Teach menu both write them through this, with their own GL context current.
#include <filesystem>
#include <string>
#include <vector>

#include "core/atlas.hpp"
#include "core/quiz.hpp"
#include "core/view_state.hpp"
#include "render/renderer.hpp"

namespace psoas {

// FILE.png -> FILE-key.png
std::filesystem::path worksheetKeyFile(const std::filesystem::path& out);

// The view state of a worksheet of `set` in view `view` at `figure`'s size (checked: UsageError for an
// unknown view or a set without label sets). `atlasArg`: what the state names as its atlas ("": built-in).
ViewState worksheetState(const Atlas& atlas, const std::string& set, const std::string& view,
                         const FigureSettings& figure, const std::string& atlasArg);

// Renders and writes `out` and its key (each atomically); returns the numbered labels. Throws UsageError when
// every label is hidden in the view, OutputError when a file cannot be written.
std::vector<WorksheetLabel> exportWorksheet(Renderer& renderer, const Atlas& atlas, const ViewState& state,
                                            const std::filesystem::path& atlasFile, const std::filesystem::path& out);

}  // namespace psoas
