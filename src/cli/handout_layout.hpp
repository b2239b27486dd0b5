#pragma once
// The client handout as pages: cairo lays out text (wrapped here, vector in the PDF) and figures (placed at
// their print resolution) and writes a PDF, or the same content as one long PNG page. No GL: the figures
// arrive as images. Both outputs go through AtomicFile, so a failed run leaves no half-written file.
#include <filesystem>
#include <string>
#include <vector>

#include "core/image.hpp"

namespace psoas::cli {

struct HandoutFigure {
  std::string heading, caption, evidence;  // "Step 2. Sitting", the caption, "Evidence: ..."
  Image image;                             // opaque sRGB
  double dpi = 300;                        // printed at this resolution
};

struct HandoutItem {
  std::string heading, text, note, evidence;  // note: advice, printed after the text
};

struct HandoutSection {
  std::string heading;
  std::vector<HandoutItem> items;
};

struct HandoutContent {
  std::string title, summary;
  std::vector<HandoutFigure> figures;
  std::vector<HandoutSection> sections;  // symptoms, exercises, what the evidence tags mean
  std::string footer;                    // the one-line educational-use note, on every page
};

enum class Paper { A4, Letter };
Paper parsePaper(const std::string& name);  // UsageError for anything but a4 / letter
// Page size in points (1/72 inch).
std::pair<double, double> paperSize(Paper paper);

// Writes a PDF (one or more pages); throws OutputError naming the file.
void writeHandoutPdf(const HandoutContent& content, Paper paper, const std::filesystem::path& out);
// Writes the content as one page of the paper's width and as long as it needs, at `dpi`.
void writeHandoutPng(const HandoutContent& content, Paper paper, const std::filesystem::path& out, double dpi = 150);

}  // namespace psoas::cli
