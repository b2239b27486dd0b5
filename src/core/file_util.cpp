#include "core/file_util.hpp"

#include <atomic>
#include <cerrno>
#include <climits>
#include <csignal>
#include <cstdio>
#include <cstring>

#include <fcntl.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/errors.hpp"

namespace psoas {
namespace fs = std::filesystem;

namespace {

const char* kindOf(mode_t mode) {
  if (S_ISDIR(mode)) return "a directory";
  if (S_ISFIFO(mode)) return "a FIFO (named pipe)";
  if (S_ISCHR(mode)) return "a character device";
  if (S_ISBLK(mode)) return "a block device";
  if (S_ISSOCK(mode)) return "a socket";
  if (S_ISLNK(mode)) return "a symbolic link";
  return "not a regular file";
}

std::string openError(int err) {
  switch (err) {
    case ENOENT: return "file not found";
    case ELOOP: return "too many levels of symbolic links (a symlink loop?)";
    case EACCES: return "permission denied";
    case ENAMETOOLONG: return "file name too long";
    case ENOTDIR: return "a part of the path is not a directory";
    default: return std::string("cannot open: ") + std::strerror(err);
  }
}

std::string mib(std::uintmax_t bytes) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f MiB", double(bytes) / (1 << 20));
  return buf;
}

void checkPathText(const fs::path& file) {
  if (file.empty()) throw FileError(file, "empty file name");
  if (hasControlChars(file.native())) throw FileError(quoteValue(file.native()), "the file name contains control characters");
}

// Opens for reading without blocking and checks what the file is; the caller owns the descriptor.
int openInput(const fs::path& file, std::uintmax_t maxBytes, std::uintmax_t& size) {
  checkPathText(file);
  int fd = ::open(file.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
  if (fd < 0) throw FileError(file, openError(errno));
  struct stat st {};
  if (::fstat(fd, &st) != 0) {
    int err = errno;
    ::close(fd);
    throw FileError(file, std::string("cannot read: ") + std::strerror(err));
  }
  if (!S_ISREG(st.st_mode)) {
    ::close(fd);
    throw FileError(file, std::string("is ") + kindOf(st.st_mode) + ", expected a regular file");
  }
  size = std::uintmax_t(st.st_size);
  if (size > maxBytes) {
    ::close(fd);
    throw FileError(file, "file is " + mib(size) + ", larger than the limit of " + mib(maxBytes));
  }
  return fd;
}

// Temporaries of writes in progress, for the signal handler: fixed storage, no allocation there.
constexpr int kSlots = 16;
char g_tmpPath[kSlots][PATH_MAX];
std::atomic<int> g_slotState[kSlots];  // 0 free, 1 being filled, 2 a live temporary

int claimSlot(const fs::path& tmp) {
  if (tmp.native().size() >= PATH_MAX) return -1;
  for (int i = 0; i < kSlots; ++i) {
    int expected = 0;
    if (g_slotState[i].compare_exchange_strong(expected, 1)) {
      std::memcpy(g_tmpPath[i], tmp.c_str(), tmp.native().size() + 1);
      g_slotState[i].store(2, std::memory_order_release);
      return i;
    }
  }
  return -1;  // more than kSlots writes at once: not cleaned on a signal, still never at the final name
}

void releaseSlot(int& slot) {
  if (slot >= 0) g_slotState[slot].store(0, std::memory_order_release);
  slot = -1;
}

extern "C" void removeTemporariesAndDie(int sig) {
  for (int i = 0; i < kSlots; ++i)
    if (g_slotState[i].load(std::memory_order_acquire) == 2) ::unlink(g_tmpPath[i]);
  std::signal(sig, SIG_DFL);
  std::raise(sig);
}

}  // namespace

// ".NAME.k3x9q2mf0a.tmp", with NAME shortened so that the whole stays within NAME_MAX (255 bytes).
fs::path temporaryFileName(const fs::path& target) {
  static const char alphabet[] = "abcdefghijklmnopqrstuvwxyz0123456789";
  unsigned char rnd[10];
  if (::getrandom(rnd, sizeof rnd, 0) != ssize_t(sizeof rnd)) throw OutputError(target, "no random numbers for a temporary name");
  std::string suffix = ".";
  for (unsigned char r : rnd) suffix += alphabet[r % 36];
  suffix += ".tmp";
  std::string name = target.filename().string();
  std::size_t room = 255 - 1 - suffix.size();
  if (name.size() > room) {
    name.resize(room);
    while (!name.empty() && (static_cast<unsigned char>(name.back()) & 0xC0) == 0x80) name.pop_back();
    if (!name.empty() && static_cast<unsigned char>(name.back()) >= 0xC0) name.pop_back();  // a cut sequence
  }
  return target.parent_path() / ("." + name + suffix);
}

namespace {

fs::path resolveSymlinks(fs::path p) {
  for (int hops = 0; hops < 40; ++hops) {
    struct stat st {};
    if (::lstat(p.c_str(), &st) != 0 || !S_ISLNK(st.st_mode)) return p;
    std::error_code ec;
    fs::path to = fs::read_symlink(p, ec);
    if (ec) return p;
    p = to.is_absolute() ? to : (p.parent_path() / to).lexically_normal();
  }
  throw OutputError(p, "too many levels of symbolic links (a symlink loop?)");
}

}  // namespace

std::uintmax_t checkInputFile(const fs::path& file, std::uintmax_t maxBytes) {
  std::uintmax_t size = 0;
  ::close(openInput(file, maxBytes, size));
  return size;
}

std::string readTextFile(const fs::path& file, std::uintmax_t maxBytes) {
  std::uintmax_t size = 0;
  int fd = openInput(file, maxBytes, size);
  ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) & ~O_NONBLOCK);
  std::string data;
  data.reserve(std::size_t(size));
  char buf[1 << 16];
  while (true) {
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      int err = errno;
      ::close(fd);
      throw FileError(file, std::string("read error: ") + std::strerror(err));
    }
    if (n == 0) break;
    data.append(buf, std::size_t(n));
    if (data.size() > maxBytes) {  // it grew while being read
      ::close(fd);
      throw FileError(file, "file is larger than the limit of " + mib(maxBytes));
    }
  }
  ::close(fd);
  return data;
}

AtomicFile::AtomicFile(const fs::path& target, bool followSymlink) : target_(target) {
  if (target.empty()) throw OutputError(target, "empty file name");
  if (hasControlChars(target.native()))
    throw OutputError(quoteValue(target.native()), "the file name contains control characters");
  if (followSymlink) target_ = resolveSymlinks(target_);
  struct stat st {};
  if (::lstat(target_.c_str(), &st) == 0) {
    if (S_ISDIR(st.st_mode)) throw OutputError(target_, "is a directory, cannot write a file there");
    if (S_ISREG(st.st_mode)) {
      haveOld_ = true;
      oldMode_ = st.st_mode & 07777;
      oldUid_ = st.st_uid;
      oldGid_ = st.st_gid;
    } else if (!S_ISLNK(st.st_mode)) {
      throw OutputError(target_, std::string("is ") + kindOf(st.st_mode) + ", not a regular file; refusing to replace it");
    }
  }
  fs::path dir = target_.parent_path().empty() ? fs::path(".") : target_.parent_path();
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) throw OutputError(target_, "directory " + dir.string() + " does not exist");
  for (int attempt = 0; attempt < 16 && fd_ < 0; ++attempt) {
    tmp_ = temporaryFileName(target_);
    // O_EXCL|O_NOFOLLOW: a file or symlink planted under this name is never opened or followed.
    fd_ = ::open(tmp_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666);
    if (fd_ < 0 && errno != EEXIST) {
      int err = errno;
      tmp_.clear();
      fail("cannot write", err);
    }
  }
  if (fd_ < 0) {
    tmp_.clear();
    fail("cannot create a temporary file", EEXIST);
  }
  slot_ = claimSlot(tmp_);
}

AtomicFile::~AtomicFile() {
  if (fd_ >= 0) ::close(fd_);
  if (!tmp_.empty()) ::unlink(tmp_.c_str());
  releaseSlot(slot_);
}

void AtomicFile::fail(const std::string& what, int err) {
  // The error number is taken before the clean-up, whose own calls would overwrite errno.
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
  if (!tmp_.empty()) ::unlink(tmp_.c_str());
  tmp_.clear();
  releaseSlot(slot_);
  std::string why = err == EFBIG ? "the file would exceed the file-size limit (ulimit -f)" : std::strerror(err);
  throw OutputError(target_, what + ": " + why);
}

void AtomicFile::write(std::string_view bytes) {
  if (fd_ < 0) throw OutputError(target_, "write after the file was closed");
  while (!bytes.empty()) {
    ssize_t n = ::write(fd_, bytes.data(), bytes.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) fail("write failed", errno);
    bytes.remove_prefix(std::size_t(n));
  }
}

void AtomicFile::commit() {
  if (fd_ < 0) throw OutputError(target_, "the file was already written");
  if (::fsync(fd_) != 0 && errno != EINVAL) fail("write failed", errno);
  if (haveOld_) {
    if (::fchmod(fd_, mode_t(oldMode_)) != 0) fail("cannot keep the file's permissions", errno);
    if (::geteuid() == 0 && ::fchown(fd_, uid_t(oldUid_), gid_t(oldGid_)) != 0) fail("cannot keep the file's owner", errno);
  }
  int fd = fd_;
  fd_ = -1;
  if (::close(fd) != 0) fail("write failed", errno);
  if (::rename(tmp_.c_str(), target_.c_str()) != 0) fail("cannot replace the file", errno);
  tmp_.clear();
  releaseSlot(slot_);
  // The rename itself reaches the disk with the directory (best effort: not every file system allows it).
  fs::path dir = target_.parent_path().empty() ? fs::path(".") : target_.parent_path();
  int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd >= 0) {
    ::fsync(dfd);
    ::close(dfd);
  }
}

void writeFileAtomic(const fs::path& file, std::string_view bytes, bool followSymlink) {
  AtomicFile out(file, followSymlink);
  out.write(bytes);
  out.commit();
}

std::string keepAside(const fs::path& file, std::string_view bytes) {
  fs::path aside = file;
  aside += ".bad";
  try {
    writeFileAtomic(aside, bytes);
    return "It was copied to " + aside.string() + ".";
  } catch (const Error& e) {
    return std::string("It could not be copied aside (") + e.what() + ").";
  }
}

void installOutputSignalHandlers() {
  for (int sig : {SIGINT, SIGTERM, SIGHUP, SIGQUIT}) {
    struct sigaction sa {};
    sa.sa_handler = removeTemporariesAndDie;
    sigemptyset(&sa.sa_mask);
    ::sigaction(sig, &sa, nullptr);
  }
  std::signal(SIGXFSZ, SIG_IGN);
}

bool hasControlChars(std::string_view value) {
  for (char c : value)
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) return true;
  return false;
}

void checkNoControlChars(std::string_view value, const std::string& what) {
  if (hasControlChars(value)) throw UsageError(what + " " + quoteValue(value) + " contains control characters (NUL, newline, ...)");
}

std::string quoteValue(std::string_view value, std::size_t maxChars) {
  std::string out = "\"";
  std::size_t shown = 0;
  for (char c : value) {
    if (shown++ == maxChars) {
      out += "...\" (" + std::to_string(value.size()) + " bytes)";
      return out;
    }
    auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02x", u);
      out += buf;
    } else if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else {
      out += c;
    }
  }
  return out + "\"";
}

}  // namespace psoas
