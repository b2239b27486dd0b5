#pragma once
// Reading and writing files so that neither a hostile file system nor an interrupted run can hurt the user:
// inputs must be regular files of bounded size (a FIFO or /dev/zero is refused by name, never read),
// outputs go to a temporary file created with O_EXCL|O_NOFOLLOW under an unpredictable name and are renamed
// over the target, keeping the old file's mode (and owner, as root). docs/view-state-format.md, "Files".
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

namespace psoas {

// Largest file of each kind the program reads (also stated in the format docs).
inline constexpr std::uintmax_t kMaxJsonBytes = 64u << 20;
inline constexpr std::uintmax_t kMaxModelBytes = 2ull << 30;
inline constexpr std::uintmax_t kMaxPngBytes = 4ull << 30;  // a 16384 x 16384 figure is at most about 1 GiB

// Throws FileError naming the file unless it is a regular file (after following symlinks) of at most
// maxBytes. Opens without blocking, so a FIFO is reported instead of waiting for a writer. Returns its size.
std::uintmax_t checkInputFile(const std::filesystem::path& file, std::uintmax_t maxBytes);

// Reads a whole regular file; throws FileError naming the file (missing, a directory, a FIFO or device,
// unreadable, too big: the size is checked before anything is read).
std::string readTextFile(const std::filesystem::path& file, std::uintmax_t maxBytes = kMaxJsonBytes);

// A file being written: created safely beside the target and renamed over it by commit(); destroying it
// uncommitted removes the temporary. A symlink at the target is replaced (never written through), unless
// followSymlink is set (settings kept in a dotfile manager's tree): then its target file is replaced.
// A target that exists and is not a regular file (FIFO, device, socket, directory) is refused.
class AtomicFile {
 public:
  explicit AtomicFile(const std::filesystem::path& target, bool followSymlink = false);
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;
  ~AtomicFile();
  void write(std::string_view bytes);  // throws OutputError
  void commit();                        // fsync, mode and owner of the old file, rename; throws OutputError
  const std::filesystem::path& target() const { return target_; }

 private:
  [[noreturn]] void fail(const std::string& what, int err);
  std::filesystem::path target_, tmp_;
  int fd_ = -1;
  int slot_ = -1;  // in the list of temporaries a signal handler removes
  bool haveOld_ = false;
  unsigned oldMode_ = 0, oldUid_ = 0, oldGid_ = 0;
};

// The name AtomicFile creates beside `target`: hidden, ten random characters (from getrandom), and never
// over the file system's 255-byte name limit (the target's name is shortened in it where needed).
std::filesystem::path temporaryFileName(const std::filesystem::path& target);

// AtomicFile in one call. Throws OutputError.
void writeFileAtomic(const std::filesystem::path& file, std::string_view bytes, bool followSymlink = false);

// Keeps a damaged user file's bytes beside it (FILE.bad) before the program writes its own version, so
// nothing a user had is lost. Returns a sentence for the warning: where it went, or why it could not.
std::string keepAside(const std::filesystem::path& file, std::string_view bytes);

// SIGINT, SIGTERM, SIGHUP and SIGQUIT remove the temporaries of writes in progress before the default action
// ends the process; SIGXFSZ is ignored, so a file over the size limit fails its write (EFBIG) with a message
// instead of killing the process. Call once, early in main.
void installOutputSignalHandlers();

// Refuses NUL, the other C0 control characters and DEL in a path or id given by the user; `what` names it.
// Throws UsageError.
void checkNoControlChars(std::string_view value, const std::string& what);
bool hasControlChars(std::string_view value);
// A value echoed in a message: control characters escaped, at most maxChars shown ("..." and the size after).
std::string quoteValue(std::string_view value, std::size_t maxChars = 80);

}  // namespace psoas
