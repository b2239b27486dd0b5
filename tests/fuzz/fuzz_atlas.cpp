// libFuzzer: atlas JSON must either parse or throw AtlasError; nothing else.
#include <cstdint>
#include <string_view>

#include "core/atlas.hpp"
#include "core/errors.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  try {
    psoas::parseAtlas(std::string_view(reinterpret_cast<const char*>(data), size), "/fuzz/atlas.json");
  } catch (const psoas::AtlasError&) {
  }
  return 0;
}
