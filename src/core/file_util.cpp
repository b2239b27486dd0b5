#include "core/file_util.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <random>
#include <sstream>
#include <system_error>

#include <unistd.h>

#include "core/errors.hpp"

namespace psoas {
namespace fs = std::filesystem;

std::string readTextFile(const fs::path& file, std::size_t maxBytes) {
  std::error_code ec;
  auto st = fs::status(file, ec);
  if (ec || !fs::exists(st)) throw FileError(file, "file not found");
  if (fs::is_directory(st)) throw FileError(file, "is a directory, expected a file");
  std::ifstream in(file, std::ios::binary);
  if (!in) throw FileError(file, std::string("cannot open: ") + std::strerror(errno));
  std::string data;
  char buf[1 << 16];
  while (in.read(buf, sizeof buf) || in.gcount() > 0) {
    data.append(buf, std::size_t(in.gcount()));
    if (data.size() > maxBytes) throw FileError(file, "file is larger than " + std::to_string(maxBytes >> 20) + " MiB");
  }
  if (in.bad()) throw FileError(file, "read error");
  return data;
}

void writeFileAtomic(const fs::path& file, std::string_view bytes) {
  std::error_code ec;
  if (fs::is_directory(file, ec)) throw FileError(file, "is a directory, cannot write a file there");
  fs::path dir = file.parent_path().empty() ? fs::path(".") : file.parent_path();
  if (!fs::is_directory(dir, ec)) throw FileError(file, "directory " + dir.string() + " does not exist");
  std::random_device rd;
  fs::path tmp = dir / ("." + file.filename().string() + ".tmp" + std::to_string(rd() % 1000000));
  FILE* f = std::fopen(tmp.c_str(), "wb");
  if (!f) throw FileError(file, std::string("cannot write: ") + std::strerror(errno));
  bool ok = std::fwrite(bytes.data(), 1, bytes.size(), f) == bytes.size();
  ok = (std::fflush(f) == 0) && ok;
  ok = (fsync(fileno(f)) == 0 || errno == EINVAL) && ok;
  ok = (std::fclose(f) == 0) && ok;
  if (!ok) {
    int err = errno;
    fs::remove(tmp, ec);
    throw FileError(file, std::string("write failed: ") + std::strerror(err));
  }
  fs::rename(tmp, file, ec);
  if (ec) {
    fs::remove(tmp, ec);
    throw FileError(file, "cannot replace file: " + ec.message());
  }
}

}  // namespace psoas
