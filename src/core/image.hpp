#pragma once
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace psoas {

// 8-bit RGBA, straight (not premultiplied) alpha, sRGB, rows top to bottom.
struct Image {
  int width = 0;
  int height = 0;
  std::vector<std::uint8_t> rgba;

  Image() = default;
  Image(int w, int h) : width(w), height(h), rgba(std::size_t(w) * h * 4, 0) {}
  std::uint8_t* pixel(int x, int y) { return &rgba[(std::size_t(y) * width + x) * 4]; }
  const std::uint8_t* pixel(int x, int y) const { return &rgba[(std::size_t(y) * width + x) * 4]; }
};

struct PngMetadata;

std::string encodePng(const Image& img);
// Atomic: the file appears whole or not at all. Throws FileError.
void writePng(const Image& img, const std::filesystem::path& file);
void writePng(const Image& img, const std::filesystem::path& file, const PngMetadata& meta);
Image readPng(const std::filesystem::path& file);  // throws FileError

}  // namespace psoas
