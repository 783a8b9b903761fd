// JsonEscape: the one JSON string escaper for code that writes JSON text by hand (log lines,
// YAML-to-JSON), where building a Poco::JSON object would be wasteful.
#pragma once

#include <cstdio>
#include <string>
#include <string_view>

namespace sb {

// Appends `s` to `out` as JSON string content (without the surrounding quotes).
inline void appendJsonEscaped(std::string& out, std::string_view s) {
  for (unsigned char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (c < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          out += buf;
        } else {
          out.push_back(static_cast<char>(c));
        }
    }
  }
}

// `s` as a quoted JSON string.
inline std::string jsonQuoted(std::string_view s) {
  std::string out = "\"";
  appendJsonEscaped(out, s);
  return out + '"';
}

}  // namespace sb
