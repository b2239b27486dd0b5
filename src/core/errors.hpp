#pragma once
// Typed errors thrown by core and render; the CLI and the GUI catch them at their boundary.
#include <filesystem>
#include <stdexcept>
#include <string>

namespace psoas {

struct Error : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// A file the program reads is malformed. The message always starts with the file's path.
struct FileError : Error {
  FileError(const std::filesystem::path& file, const std::string& what)
      : Error(file.string() + ": " + what), file(file), reason(what) {}
  std::filesystem::path file;
  std::string reason;  // the message without the file name
};

struct AtlasError : FileError { using FileError::FileError; };
struct ModelError : FileError { using FileError::FileError; };
struct StateError : FileError { using FileError::FileError; };

// An output (figure, view state, settings, ...) could not be written. Distinct from FileError, which is
// about what the program reads: the CLI exits 4 for this, 3 for that.
struct OutputError : Error {
  OutputError(const std::filesystem::path& file, const std::string& what)
      : Error(file.string() + ": " + what), file(file) {}
  std::filesystem::path file;
};

// Bad command-line or API arguments (no file involved).
struct UsageError : Error { using Error::Error; };

// GL context creation, shader compilation, GL errors caught by the debug callback.
struct RenderError : Error { using Error::Error; };

}  // namespace psoas
