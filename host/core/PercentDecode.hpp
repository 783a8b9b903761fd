// PercentDecode: %XX decoding of URL parts (user names and passwords in store and Redis
// URLs), in one place.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace sb {

// The decoded text, or nullopt for a malformed escape (the caller names the part in its
// error, never the text: it may be a password).
inline std::optional<std::string> percentDecode(std::string_view text) {
  auto hexValue = [](char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '%') {
      out += text[i];
      continue;
    }
    const int hi = i + 2 < text.size() ? hexValue(text[i + 1]) : -1;
    const int lo = hi >= 0 ? hexValue(text[i + 2]) : -1;
    if (lo < 0) return std::nullopt;
    out += static_cast<char>(hi * 16 + lo);
    i += 2;
  }
  return out;
}

}  // namespace sb
