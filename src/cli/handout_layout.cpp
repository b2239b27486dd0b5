#include "cli/handout_layout.hpp"

#include <cairo-pdf.h>
#include <cairo.h>

#include <algorithm>
#include <exception>
#include <memory>

#include "core/errors.hpp"
#include "core/file_util.hpp"
#include "core/png_metadata.hpp"

namespace psoas::cli {
namespace fs = std::filesystem;

Paper parsePaper(const std::string& name) {
  if (name == "a4") return Paper::A4;
  if (name == "letter") return Paper::Letter;
  throw UsageError("invalid --paper " + quoteValue(name) + ": expected a4 or letter");
}

std::pair<double, double> paperSize(Paper paper) {
  return paper == Paper::A4 ? std::pair{595.28, 841.89} : std::pair{612.0, 792.0};
}

namespace {
constexpr double kMargin = 54;  // 3/4 inch
constexpr double kFooterGap = 28;
// Type sizes (points): readable at arm's length for a client, not a poster.
constexpr double kTitle = 20, kHeading = 13, kBody = 10.5, kSmall = 8.5;
constexpr const char* kFont = "DejaVu Sans";

struct Style {
  double size;
  bool bold = false, italic = false;
  double grey = 0.0;  // 0 black .. 1 white
};

// One pass over the content: measures and draws. `paged` breaks pages (PDF); otherwise the page grows
// (the PNG), and `y` at the end is the height it needs.
class Layout {
 public:
  Layout(cairo_t* cr, double width, double height, bool paged, const std::string& footer)
      : cr_(cr), width_(width), height_(height), paged_(paged), footer_(footer), y_(kMargin) {}

  double textWidth() const { return width_ - 2 * kMargin; }
  double y() const { return y_; }

  std::vector<std::string> wrap(const std::string& text, const Style& st) {
    font(st);
    std::vector<std::string> lines;
    std::string line;
    std::size_t pos = 0;
    while (pos < text.size()) {
      std::size_t end = text.find(' ', pos);
      std::string word = text.substr(pos, end == std::string::npos ? std::string::npos : end - pos);
      pos = end == std::string::npos ? text.size() : end + 1;
      if (word.empty()) continue;
      std::string candidate = line.empty() ? word : line + " " + word;
      cairo_text_extents_t ext;
      cairo_text_extents(cr_, candidate.c_str(), &ext);
      if (ext.x_advance > textWidth() && !line.empty()) {
        lines.push_back(line);
        line = word;
      } else {
        line = candidate;
      }
    }
    if (!line.empty()) lines.push_back(line);
    return lines;
  }
  static double lineHeight(const Style& st) { return st.size * 1.4; }
  double blockHeight(const std::string& text, const Style& st) {
    return double(wrap(text, st).size()) * lineHeight(st);
  }

  // Starts a new page unless `h` more points fit on this one (a block taller than a page goes anyway).
  void ensure(double h) {
    if (!paged_ || y_ + h <= height_ - kMargin - kFooterGap || y_ <= kMargin) return;
    finishPage();
    cairo_show_page(cr_);
    y_ = kMargin;
  }
  void paragraph(const std::string& text, const Style& st, double after = 4) {
    for (const std::string& line : wrap(text, st)) {
      ensure(lineHeight(st));
      font(st);
      cairo_move_to(cr_, kMargin, y_ + st.size);
      cairo_show_text(cr_, line.c_str());
      y_ += lineHeight(st);
    }
    y_ += after;
  }
  void space(double h) { y_ += h; }

  // The figure at its print resolution, scaled down to fit the text width if it must.
  void figure(const Image& img, double dpi) {
    double w = img.width * 72.0 / dpi, h = img.height * 72.0 / dpi;
    double scale = std::min(1.0, textWidth() / w);
    ensure(h * scale);
    auto surface = std::unique_ptr<cairo_surface_t, decltype(&cairo_surface_destroy)>(
        cairo_image_surface_create(CAIRO_FORMAT_RGB24, img.width, img.height), cairo_surface_destroy);
    cairo_surface_flush(surface.get());
    unsigned char* data = cairo_image_surface_get_data(surface.get());
    int stride = cairo_image_surface_get_stride(surface.get());
    for (int y = 0; y < img.height; ++y) {
      auto* row = reinterpret_cast<std::uint32_t*>(data + std::size_t(y) * std::size_t(stride));
      for (int x = 0; x < img.width; ++x) {
        const std::uint8_t* p = img.pixel(x, y);
        row[x] = 0xff000000u | std::uint32_t(p[0]) << 16 | std::uint32_t(p[1]) << 8 | p[2];
      }
    }
    cairo_surface_mark_dirty(surface.get());
    cairo_save(cr_);
    cairo_translate(cr_, kMargin + (textWidth() - w * scale) / 2, y_);
    cairo_scale(cr_, 72.0 / dpi * scale, 72.0 / dpi * scale);
    cairo_set_source_surface(cr_, surface.get(), 0, 0);
    cairo_pattern_set_filter(cairo_get_source(cr_), CAIRO_FILTER_GOOD);
    cairo_paint(cr_);
    cairo_restore(cr_);
    y_ += h * scale + 6;
  }

  void finishPage() {
    if (footer_.empty()) return;
    Style st{kSmall, false, true, 0.35};
    font(st);
    double y = paged_ ? height_ - kMargin : y_ + kFooterGap;
    cairo_move_to(cr_, kMargin, y);
    cairo_show_text(cr_, footer_.c_str());
    if (!paged_) y_ = y + kMargin;
  }

 private:
  void font(const Style& st) {
    cairo_select_font_face(cr_, kFont, st.italic ? CAIRO_FONT_SLANT_ITALIC : CAIRO_FONT_SLANT_NORMAL,
                           st.bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
    cairo_set_font_size(cr_, st.size);
    cairo_set_source_rgb(cr_, st.grey, st.grey, st.grey);
  }
  cairo_t* cr_;
  double width_, height_;
  bool paged_;
  std::string footer_;
  double y_;
};

void drawContent(Layout& l, const HandoutContent& c) {
  const Style title{kTitle, true}, heading{kHeading, true}, body{kBody}, small{kSmall, false, true, 0.3};
  l.paragraph(c.title, title, 6);
  if (!c.summary.empty()) l.paragraph(c.summary, body, 10);
  for (const HandoutFigure& f : c.figures) {
    // Heading, figure and caption stay on one page.
    double h = Layout::lineHeight(heading) + f.image.height * 72.0 / f.dpi + l.blockHeight(f.caption, body) + 20;
    l.ensure(std::min(h, 600.0));
    l.paragraph(f.heading, heading, 2);
    l.figure(f.image, f.dpi);
    l.paragraph(f.caption, body, 2);
    l.paragraph(f.evidence, small, 12);
  }
  for (const HandoutSection& s : c.sections) {
    l.ensure(Layout::lineHeight(heading) * 4);
    l.space(4);
    l.paragraph(s.heading, heading, 4);
    for (const HandoutItem& item : s.items) {
      l.ensure(Layout::lineHeight(body) * 3);
      l.paragraph(item.heading, {kBody, true}, 1);
      l.paragraph(item.text, body, item.note.empty() ? 1 : 2);
      if (!item.note.empty()) l.paragraph(item.note, {kBody, false, true}, 1);
      if (!item.evidence.empty()) l.paragraph(item.evidence, small, 8);
    }
  }
  l.finishPage();
}

// cairo's stream callback into the project's safe writer; the first failure is kept and reported.
struct Sink {
  AtomicFile file;
  std::exception_ptr error;
  explicit Sink(const fs::path& out) : file(out) {}
};
cairo_status_t writeToSink(void* closure, const unsigned char* data, unsigned int length) {
  auto* sink = static_cast<Sink*>(closure);
  try {
    sink->file.write(std::string_view(reinterpret_cast<const char*>(data), length));
    return CAIRO_STATUS_SUCCESS;
  } catch (...) {
    if (!sink->error) sink->error = std::current_exception();
    return CAIRO_STATUS_WRITE_ERROR;
  }
}
}  // namespace

void writeHandoutPdf(const HandoutContent& content, Paper paper, const fs::path& out) {
  auto [w, h] = paperSize(paper);
  Sink sink(out);  // first: a bad target fails before any work
  cairo_surface_t* surface = cairo_pdf_surface_create_for_stream(writeToSink, &sink, w, h);
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, content.title.c_str());
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "Psoas Atlas");
  cairo_t* cr = cairo_create(surface);
  Layout layout(cr, w, h, true, content.footer);
  drawContent(layout, content);
  cairo_destroy(cr);
  cairo_surface_finish(surface);  // writes the rest of the file through the sink
  cairo_status_t status = cairo_surface_status(surface);
  cairo_surface_destroy(surface);
  if (sink.error) std::rethrow_exception(sink.error);
  if (status != CAIRO_STATUS_SUCCESS) throw OutputError(out, std::string("cairo: ") + cairo_status_to_string(status));
  sink.file.commit();
}

void writeHandoutPng(const HandoutContent& content, Paper paper, const fs::path& out, double dpi) {
  auto [w, h] = paperSize(paper);
  // Drawn once on an unbounded recording surface to learn the height, then replayed at `dpi`.
  cairo_surface_t* rec = cairo_recording_surface_create(CAIRO_CONTENT_COLOR_ALPHA, nullptr);
  cairo_t* cr = cairo_create(rec);
  Layout layout(cr, w, h, false, content.footer);
  drawContent(layout, content);
  cairo_destroy(cr);
  double scale = dpi / 72.0;
  int pw = int(w * scale + 0.5), ph = int(layout.y() * scale + 0.5);
  cairo_surface_t* img = cairo_image_surface_create(CAIRO_FORMAT_RGB24, pw, ph);
  cr = cairo_create(img);
  cairo_set_source_rgb(cr, 1, 1, 1);
  cairo_paint(cr);
  cairo_scale(cr, scale, scale);
  cairo_set_source_surface(cr, rec, 0, 0);
  cairo_paint(cr);
  cairo_destroy(cr);
  cairo_surface_flush(img);
  cairo_status_t status = cairo_surface_status(img);
  Image page(pw, ph);
  const unsigned char* data = cairo_image_surface_get_data(img);
  int stride = cairo_image_surface_get_stride(img);
  for (int y = 0; data && y < ph; ++y)
    for (int x = 0; x < pw; ++x) {
      std::uint32_t v = reinterpret_cast<const std::uint32_t*>(data + std::size_t(y) * std::size_t(stride))[x];
      std::uint8_t* p = page.pixel(x, y);
      p[0] = std::uint8_t(v >> 16), p[1] = std::uint8_t(v >> 8), p[2] = std::uint8_t(v), p[3] = 255;
    }
  cairo_surface_destroy(img);
  cairo_surface_destroy(rec);
  if (status != CAIRO_STATUS_SUCCESS) throw OutputError(out, std::string("cairo: ") + cairo_status_to_string(status));
  PngMetadata meta;
  meta.dpi = float(dpi);
  meta.text["Software"] = "Psoas Atlas";
  meta.text["Title"] = content.title;
  writePng(page, out, meta);  // atomically, like every figure
}

}  // namespace psoas::cli
