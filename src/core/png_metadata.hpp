#pragma once
// PNG chunks beyond the image: pHYs (the physical resolution a journal asks for) and tEXt (the view
// state, so that opening the figure restores the exact view).
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace psoas {

inline constexpr const char* kViewStateChunkKey = "psoas-atlas:view-state";

struct PngMetadata {
  std::optional<float> dpi;
  std::map<std::string, std::string> text;  // tEXt keyword -> Latin-1 text
};

bool isPng(std::string_view bytes);
// One chunk: length, type, data, CRC.
std::string pngChunk(std::string_view type, std::string_view data);
// The pHYs and tEXt chunks for `meta`, to follow IHDR.
std::string pngMetadataChunks(const PngMetadata& meta);
// Inserts pHYs and tEXt chunks after IHDR of an encoded PNG.
std::string addPngMetadata(const std::string& png, const PngMetadata& meta);
// Walks the chunks with CRC checks; throws FileError naming `file` for a damaged PNG.
PngMetadata readPngMetadata(std::string_view png, const std::filesystem::path& file);
// The same from a file, reading only the chunks before the image data and seeking past IDAT, so a large
// figure costs a few reads, not its size in memory. Throws FileError.
PngMetadata readPngMetadata(const std::filesystem::path& file);

}  // namespace psoas
