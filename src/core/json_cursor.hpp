#pragma once
// Walks a parsed JSON document and throws E(file, "json.path: what is wrong") on the first problem,
// so that every data file reports errors the same way.
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <initializer_list>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/file_util.hpp"

namespace psoas {

std::string describeJsonType(const nlohmann::json& j);
// Parses text; on a syntax error throws E with line and column.
nlohmann::json parseJsonText(std::string_view text, const std::filesystem::path& file,
                             void (*thrower)(const std::filesystem::path&, const std::string&));

template <class E>
class JsonCursor {
 public:
  JsonCursor(const nlohmann::json& j, const std::filesystem::path& file, std::string path = "")
      : j_(j), file_(file), path_(std::move(path)) {}

  [[noreturn]] void fail(const std::string& what) const {
    throw E(file_, (path_.empty() ? std::string("(top level)") : path_) + ": " + what);
  }
  const std::string& path() const { return path_; }
  const std::filesystem::path& file() const { return file_; }
  const nlohmann::json& json() const { return j_; }

  JsonCursor at(const std::string& key) const {
    expectObject();
    auto it = j_.find(key);
    if (it == j_.end()) fail("missing required field \"" + key + "\"");
    return JsonCursor(*it, file_, join(key));
  }
  std::optional<JsonCursor> find(const std::string& key) const {
    expectObject();
    auto it = j_.find(key);
    if (it == j_.end() || it->is_null()) return std::nullopt;
    return JsonCursor(*it, file_, join(key));
  }
  JsonCursor operator[](std::size_t i) const { return JsonCursor(j_[i], file_, path_ + "[" + std::to_string(i) + "]"); }
  std::size_t size() const { expectArray(); return j_.size(); }

  // Unknown keys are errors (they are usually typos); keys starting with '_' are comments.
  void allowOnly(std::initializer_list<const char*> keys) const {
    expectObject();
    for (auto it = j_.begin(); it != j_.end(); ++it) {
      if (!it.key().empty() && it.key()[0] == '_') continue;
      bool known = false;
      for (const char* k : keys) known = known || it.key() == k;
      if (!known) {
        std::string list;
        for (const char* k : keys) list += std::string(list.empty() ? "" : ", ") + k;
        JsonCursor(*it, file_, join(it.key())).fail("unknown field (expected one of: " + list + ")");
      }
    }
  }

  // No string may hold NUL: C APIs would cut it short (a path "a.txt\u0000.png" would name a.txt).
  std::string str() const {
    if (!j_.is_string()) fail("expected a string, got " + describeJsonType(j_));
    const std::string& s = j_.get_ref<const std::string&>();
    if (s.find('\0') != std::string::npos) fail("contains a NUL character: " + quoteValue(s));
    return s;
  }
  // Ids and file names: not empty, and no control characters (NUL, newline, escape, DEL, ...).
  std::string idStr() const {
    std::string s = nonEmptyStr();
    for (char ch : s)
      if (static_cast<unsigned char>(ch) < 0x20 || ch == 0x7f) fail("contains a control character: " + quoteValue(s));
    return s;
  }
  std::vector<std::string> idStrings() const {
    expectArray();
    std::vector<std::string> out;
    for (std::size_t i = 0; i < j_.size(); ++i) out.push_back((*this)[i].idStr());
    return out;
  }
  std::string nonEmptyStr() const {
    std::string s = str();
    if (s.empty()) fail("must not be empty");
    return s;
  }
  double num() const {
    if (!j_.is_number()) fail("expected a number, got " + describeJsonType(j_));
    double v = j_.get<double>();
    if (!std::isfinite(v)) fail("number is not finite");
    return v;
  }
  double num(double lo, double hi) const {
    double v = num();
    if (v < lo || v > hi) fail("must be between " + fmt(lo) + " and " + fmt(hi) + ", got " + fmt(v));
    return v;
  }
  long long integer(long long lo, long long hi) const {
    double v = num(double(lo), double(hi));
    if (v != std::floor(v)) fail("expected a whole number, got " + fmt(v));
    return (long long)v;
  }
  bool boolean() const {
    if (!j_.is_boolean()) fail("expected true or false, got " + describeJsonType(j_));
    return j_.get<bool>();
  }
  std::vector<std::string> strings() const {
    expectArray();
    std::vector<std::string> out;
    for (std::size_t i = 0; i < j_.size(); ++i) out.push_back((*this)[i].str());
    return out;
  }
  // Coordinates and similar: each within +/-1e6, so that they stay finite as floats (1e66 would not).
  std::vector<double> numbers(std::size_t count) const {
    expectArray();
    if (j_.size() != count) fail("expected " + std::to_string(count) + " numbers, got " + std::to_string(j_.size()));
    std::vector<double> out;
    for (std::size_t i = 0; i < count; ++i) out.push_back((*this)[i].num(-1e6, 1e6));
    return out;
  }
  void expectObject() const {
    if (!j_.is_object()) fail("expected an object, got " + describeJsonType(j_));
  }
  void expectArray() const {
    if (!j_.is_array()) fail("expected an array, got " + describeJsonType(j_));
  }

 private:
  std::string join(const std::string& key) const { return path_.empty() ? key : path_ + "." + key; }
  static std::string fmt(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.6g", v);
    return buf;
  }
  const nlohmann::json& j_;
  const std::filesystem::path& file_;
  std::string path_;
};

}  // namespace psoas
