// libFuzzer: stories parse or throw StateError; whatever parses must survive a write-read round trip
// (the story writer gives back the same story, and the same text when written again).
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "core/errors.hpp"
#include "core/story.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  psoas::Story s;
  try {
    s = psoas::parseStory(std::string_view(reinterpret_cast<const char*>(data), size), "/fuzz/story.json");
  } catch (const psoas::StateError&) {
    return 0;
  }
  std::string text = psoas::storyToJson(s);
  psoas::Story back = psoas::parseStory(text, "/fuzz/roundtrip.json");  // must not throw
  if (psoas::storyToJson(back) != text) std::abort();
  return 0;
}
