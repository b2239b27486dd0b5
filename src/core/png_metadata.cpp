#include "core/png_metadata.hpp"

#include <array>
#include <cmath>
#include <cstdint>
#include <fstream>

#include <zlib.h>

#include "core/errors.hpp"
#include "core/file_util.hpp"

namespace psoas {

namespace {
constexpr std::string_view kSignature("\x89PNG\r\n\x1a\n", 8);

std::uint32_t crc32(std::string_view a, std::string_view b) {
  uLong c = ::crc32(0L, Z_NULL, 0);
  c = ::crc32(c, reinterpret_cast<const Bytef*>(a.data()), uInt(a.size()));
  return std::uint32_t(::crc32(c, reinterpret_cast<const Bytef*>(b.data()), uInt(b.size())));
}

void putU32(std::string& out, std::uint32_t v) {
  for (int s = 24; s >= 0; s -= 8) out.push_back(char((v >> s) & 0xff));
}
std::uint32_t getU32(std::string_view s, std::size_t at) {
  std::uint32_t v = 0;
  for (int k = 0; k < 4; ++k) v = v << 8 | static_cast<unsigned char>(s[at + k]);
  return v;
}

}  // namespace

std::string pngChunk(std::string_view type, std::string_view data) {
  std::string out;
  putU32(out, std::uint32_t(data.size()));
  out.append(type);
  out.append(data);
  putU32(out, crc32(type, data));
  return out;
}

bool isPng(std::string_view b) { return b.substr(0, 8) == kSignature; }

std::string pngMetadataChunks(const PngMetadata& meta) {
  std::string extra;
  if (meta.dpi && *meta.dpi > 0.f) {
    std::string data;
    auto ppm = std::uint32_t(std::lround(double(*meta.dpi) / 0.0254));  // pixels per metre
    putU32(data, ppm);
    putU32(data, ppm);
    data.push_back('\x01');  // unit: metre
    extra += pngChunk("pHYs", data);
  }
  for (const auto& [key, value] : meta.text) extra += pngChunk("tEXt", key + std::string(1, '\0') + value);
  return extra;
}

std::string addPngMetadata(const std::string& png, const PngMetadata& meta) {
  // The signature (8 bytes) and IHDR (4 + 4 + 13 + 4 bytes) come first in every PNG.
  const std::size_t afterIhdr = 8 + 25;
  if (!isPng(png) || png.size() < afterIhdr) throw Error("internal: not a PNG stream");
  return png.substr(0, afterIhdr) + pngMetadataChunks(meta) + png.substr(afterIhdr);
}

PngMetadata readPngMetadata(std::string_view png, const std::filesystem::path& file) {
  if (!isPng(png)) throw FileError(file, "not a PNG file");
  PngMetadata meta;
  std::size_t at = 8;
  while (at + 12 <= png.size()) {
    std::uint32_t len = getU32(png, at);
    if (len > png.size() - at - 12) throw FileError(file, "PNG is truncated or damaged (chunk runs past the end)");
    std::string_view type = png.substr(at + 4, 4);
    std::string_view data = png.substr(at + 8, len);
    if (crc32(type, data) != getU32(png, at + 8 + len))
      throw FileError(file, "PNG is damaged (checksum error in a " + std::string(type) + " chunk)");
    if (type == "pHYs" && len == 9 && data[8] == 1) meta.dpi = float(getU32(data, 0) * 0.0254);
    if (type == "tEXt") {
      auto nul = data.find('\0');
      if (nul != std::string_view::npos) meta.text[std::string(data.substr(0, nul))] = std::string(data.substr(nul + 1));
    }
    if (type == "IEND") return meta;
    at += 12 + len;
  }
  throw FileError(file, "PNG is truncated (no end chunk)");
}

PngMetadata readPngMetadata(const std::filesystem::path& file) {
  std::uintmax_t size = checkInputFile(file, kMaxPngBytes);
  std::ifstream in(file, std::ios::binary);
  std::string head(8, '\0');
  if (!in.read(head.data(), 8) || !isPng(head)) throw FileError(file, "not a PNG file");
  // Metadata chunks are small; the view state is capped like any JSON the program reads.
  std::string kept = head;
  std::uintmax_t at = 8;
  while (at + 12 <= size) {
    std::string hdr(8, '\0');
    if (!in.read(hdr.data(), 8)) break;
    std::uint32_t len = getU32(hdr, 0);
    if (len > size - at - 12) throw FileError(file, "PNG is truncated or damaged (chunk runs past the end)");
    std::string_view type(hdr.data() + 4, 4);
    if (type == "IDAT") {
      in.seekg(std::streamoff(len) + 4, std::ios::cur);
    } else {
      if (len > kMaxJsonBytes) throw FileError(file, "PNG holds a " + std::string(type) + " chunk too large to be metadata");
      std::string rest(std::size_t(len) + 4, '\0');
      if (!in.read(rest.data(), std::streamsize(rest.size()))) break;
      kept += hdr + rest;
      if (type == "IEND") return readPngMetadata(kept, file);
    }
    at += 12 + std::uintmax_t(len);
  }
  throw FileError(file, "PNG is truncated (no end chunk)");
}

}  // namespace psoas
