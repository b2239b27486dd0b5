#pragma once
#include <filesystem>
#include <string>
#include <string_view>

namespace psoas {

// Reads a whole regular file; throws FileError naming the file (missing, a directory, unreadable, too big).
std::string readTextFile(const std::filesystem::path& file, std::size_t maxBytes = 64u << 20);

// Writes via a temporary file in the same directory and a rename, so a reader never sees half a file
// and a failure leaves any earlier file untouched. Throws FileError.
void writeFileAtomic(const std::filesystem::path& file, std::string_view bytes);

}  // namespace psoas
