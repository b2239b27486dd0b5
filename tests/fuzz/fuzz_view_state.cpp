// libFuzzer: view states parse or throw StateError; whatever parses must survive a write-read round trip.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "core/errors.hpp"
#include "core/view_state.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  psoas::ViewState s;
  try {
    s = psoas::parseViewState(std::string_view(reinterpret_cast<const char*>(data), size), "/fuzz/state.json");
  } catch (const psoas::StateError&) {
    return 0;
  }
  std::string text = psoas::serializeViewState(s);
  psoas::ViewState back = psoas::parseViewState(text, "/fuzz/roundtrip.json");  // must not throw
  if (psoas::serializeViewState(back) != text) std::abort();
  return 0;
}
