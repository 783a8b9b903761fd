#include "retry_after.hpp"

#include <Poco/DateTime.h>
#include <Poco/DateTimeParser.h>
#include <Poco/Timestamp.h>

#include <algorithm>
#include <string>

namespace webhook {
namespace {

constexpr int64_t kMaxMs = 24LL * 3600 * 1000;

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

}  // namespace

std::chrono::milliseconds parseRetryAfter(std::string_view header, int64_t now_unix_ms) {
  header = trim(header);
  if (header.empty()) return std::chrono::milliseconds::zero();

  if (std::all_of(header.begin(), header.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    int64_t seconds = 0;
    for (char c : header) {
      seconds = seconds * 10 + (c - '0');
      if (seconds * 1000 >= kMaxMs) return std::chrono::milliseconds(kMaxMs);  // also stops overflow
    }
    return std::chrono::milliseconds(seconds * 1000);
  }

  Poco::DateTime when;
  int tz = 0;
  // tryParse without a format accepts the three date forms HTTP allows (IMF-fixdate,
  // RFC 850, asctime).
  if (!Poco::DateTimeParser::tryParse(std::string(header), when, tz)) return std::chrono::milliseconds::zero();
  when.makeUTC(tz);
  int64_t at_ms = when.timestamp().epochMicroseconds() / 1000;
  return std::chrono::milliseconds(std::clamp<int64_t>(at_ms - now_unix_ms, 0, kMaxMs));
}

}  // namespace webhook
