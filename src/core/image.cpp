#include "core/image.hpp"

#include <stb_image.h>
#include <stb_image_write.h>

#include "core/errors.hpp"
#include "core/file_util.hpp"
#include "core/png_metadata.hpp"

namespace psoas {

std::string encodePng(const Image& img) {
  std::string out;
  auto sink = [](void* ctx, void* data, int size) { static_cast<std::string*>(ctx)->append((const char*)data, size); };
  // Level 6 instead of stb's 8: big figures encode several times faster for a few percent more bytes.
  stbi_write_png_compression_level = 6;
  if (!stbi_write_png_to_func(sink, &out, img.width, img.height, 4, img.rgba.data(), img.width * 4))
    throw Error("PNG encoding failed");
  return out;
}

void writePng(const Image& img, const std::filesystem::path& file) { writeFileAtomic(file, encodePng(img)); }

void writePng(const Image& img, const std::filesystem::path& file, const PngMetadata& meta) {
  writeFileAtomic(file, addPngMetadata(encodePng(img), meta));
}

Image readPng(const std::filesystem::path& file) {
  std::string bytes = readTextFile(file, 512u << 20);
  int w = 0, h = 0, n = 0;
  unsigned char* data = stbi_load_from_memory(reinterpret_cast<const unsigned char*>(bytes.data()), int(bytes.size()),
                                              &w, &h, &n, 4);
  if (!data) throw FileError(file, std::string("not a readable PNG: ") + stbi_failure_reason());
  Image img(w, h);
  std::copy(data, data + std::size_t(w) * h * 4, img.rgba.begin());
  stbi_image_free(data);
  return img;
}

}  // namespace psoas
