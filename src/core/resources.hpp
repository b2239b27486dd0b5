#pragma once
#include <filesystem>
#include <optional>
#include <string>

namespace psoas {

// The directory that holds assets/ and models/: $PSOAS_ATLAS_DATA, then <exe>/../share/psoas-atlas
// (installed), then the source tree the binary was built from. Never the working directory alone.
std::filesystem::path dataDirectory();
std::filesystem::path builtinAtlasPath();
std::optional<std::filesystem::path> findSystemFont(const std::string& fileName);
std::string versionString();

}  // namespace psoas
