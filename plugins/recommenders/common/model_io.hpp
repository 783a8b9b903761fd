// model_io: the little-endian byte layout of a saved model — a 4-byte magic and a format
// version, then fixed-width numbers and length-prefixed strings. Anything unreadable is
// Unsupported, so the host retrains instead of serving a corrupt model.
// (Shared by popularity, itemknn and content through plugins/recommenders/common/.)
#pragma once

#include <switchboard/plugin.hpp>

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

namespace model_io {

class Writer {
 public:
  Writer(std::string_view magic, uint32_t version) {
    out_.append(magic);
    u32(version);
  }
  void u8(uint8_t v) { out_.push_back(static_cast<char>(v)); }
  void u32(uint32_t v) {
    for (int shift = 0; shift < 32; shift += 8) out_.push_back(static_cast<char>((v >> shift) & 0xFF));
  }
  void u64(uint64_t v) {
    for (int shift = 0; shift < 64; shift += 8) out_.push_back(static_cast<char>((v >> shift) & 0xFF));
  }
  void f32(float v) {
    uint32_t bits;
    std::memcpy(&bits, &v, sizeof bits);
    u32(bits);
  }
  void f64(double v) {
    uint64_t bits;
    std::memcpy(&bits, &v, sizeof bits);
    u64(bits);
  }
  void str(std::string_view s) {
    u32(static_cast<uint32_t>(s.size()));
    out_.append(s);
  }
  std::string take() { return std::move(out_); }

 private:
  std::string out_;
};

class Reader {
 public:
  // Throws Unsupported unless `bytes` starts with `magic` and exactly `version`.
  Reader(std::string_view bytes, std::string_view magic, uint32_t version, const char* what) : in_(bytes), what_(what) {
    if (in_.size() < magic.size() + 4 || in_.substr(0, magic.size()) != magic)
      throw switchboard::Unsupported(std::string("not a ") + what_ + " model");
    in_.remove_prefix(magic.size());
    uint32_t found = u32();
    if (found != version)
      throw switchboard::Unsupported(std::string(what_) + " model format version " + std::to_string(found) +
                                     ", this plugin reads version " + std::to_string(version));
  }
  uint8_t u8() { return static_cast<uint8_t>(take(1)[0]); }
  uint32_t u32() {
    std::string_view b = take(4);
    uint32_t v = 0;
    for (int i = 3; i >= 0; --i) v = (v << 8) | static_cast<unsigned char>(b[static_cast<std::size_t>(i)]);
    return v;
  }
  uint64_t u64() {
    std::string_view b = take(8);
    uint64_t v = 0;
    for (int i = 7; i >= 0; --i) v = (v << 8) | static_cast<unsigned char>(b[static_cast<std::size_t>(i)]);
    return v;
  }
  float f32() {
    uint32_t bits = u32();
    float v;
    std::memcpy(&v, &bits, sizeof v);
    return v;
  }
  double f64() {
    uint64_t bits = u64();
    double v;
    std::memcpy(&v, &bits, sizeof v);
    return v;
  }
  std::string str() { return std::string(take(u32())); }
  // A count of elements that each take at least `min_bytes`: refused when the rest of the
  // model cannot hold that many, so garbage never triggers a huge allocation.
  uint32_t count(std::size_t min_bytes) {
    uint32_t n = u32();
    if (min_bytes > 0 && n > in_.size() / min_bytes) corrupt("a count larger than the model");
    return n;
  }
  // An index that must be below `limit`.
  uint32_t index(uint32_t limit) {
    uint32_t i = u32();
    if (i >= limit) corrupt("an index out of range");
    return i;
  }
  void finish() const {
    if (!in_.empty()) corrupt("trailing bytes");
  }

 private:
  [[noreturn]] void corrupt(const char* why) const {
    throw switchboard::Unsupported(std::string("corrupt ") + what_ + " model: " + why);
  }
  std::string_view take(std::size_t n) {
    if (in_.size() < n) corrupt("truncated");
    std::string_view out = in_.substr(0, n);
    in_.remove_prefix(n);
    return out;
  }

  std::string_view in_;
  const char* what_;
};

}  // namespace model_io
