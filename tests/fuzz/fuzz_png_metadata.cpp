// libFuzzer: the PNG chunk walker reads untrusted figures dropped on the window.
#include <cstdint>
#include <string_view>

#include "core/errors.hpp"
#include "core/png_metadata.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  try {
    psoas::readPngMetadata(std::string_view(reinterpret_cast<const char*>(data), size), "/fuzz/f.png");
  } catch (const psoas::FileError&) {
  }
  return 0;
}
