#pragma once
// Plain binary records (GL-free): what the rig file (core/rig_cache) is written with and read back by.
// Values are stored as this machine lays them out (the file is a cache made by and for one build; its
// header's hash and version reject a file from anywhere else). The reader trusts no count: every vector's
// size is checked against the bytes left and a cap before anything is allocated.
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace psoas {

class ByteWriter {
 public:
  template <class T>
  void pod(const T& v) {
    static_assert(std::is_trivially_copyable_v<T>);
    bytes_.append(reinterpret_cast<const char*>(&v), sizeof(T));
  }
  template <class T>
  void vec(const std::vector<T>& v) {
    pod(std::uint64_t(v.size()));
    if (!v.empty()) bytes_.append(reinterpret_cast<const char*>(v.data()), v.size() * sizeof(T));
  }
  std::string& bytes() { return bytes_; }

 private:
  std::string bytes_;
};

class ByteReader {
 public:
  explicit ByteReader(std::string_view bytes) : bytes_(bytes) {}
  // False once anything failed to read; every later read fails too.
  bool ok() const { return ok_; }
  bool atEnd() const { return ok_ && pos_ == bytes_.size(); }
  void fail() { ok_ = false; }

  template <class T>
  bool pod(T& v) {
    static_assert(std::is_trivially_copyable_v<T>);
    if (!ok_ || bytes_.size() - pos_ < sizeof(T)) return ok_ = false;
    std::memcpy(&v, bytes_.data() + pos_, sizeof(T));
    pos_ += sizeof(T);
    return true;
  }
  // A vector of at most maxCount elements, and never more than the bytes left hold.
  template <class T>
  bool vec(std::vector<T>& v, std::uint64_t maxCount) {
    std::uint64_t n = 0;
    if (!pod(n)) return false;
    if (n > maxCount || n > (bytes_.size() - pos_) / sizeof(T)) return ok_ = false;
    v.resize(std::size_t(n));
    if (n) std::memcpy(static_cast<void*>(v.data()), bytes_.data() + pos_, std::size_t(n) * sizeof(T));
    pos_ += std::size_t(n) * sizeof(T);
    return true;
  }

 private:
  std::string_view bytes_;
  std::size_t pos_ = 0;
  bool ok_ = true;
};

}  // namespace psoas
