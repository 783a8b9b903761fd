// TimeZone: UTC offsets of an IANA zone, read from its TZif file (RFC 8536) — GCC 12 has no
// std::chrono::tzdb, and setenv("TZ") + localtime_r is process-global and not thread-safe.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace sb::notify {

// Immutable once built, so shared freely between threads.
class TimeZone {
 public:
  // The zone /usr/share/zoneinfo/<name>, loaded once per process and cached (thread-safe).
  // nullptr when the name is unsafe (absolute, "..", odd characters), the file is missing or
  // is not a TZif file. Failures are not cached. "" and "UTC" need no file.
  static std::shared_ptr<const TimeZone> find(const std::string& name);
  // A name that may be looked up: 1-64 characters of [A-Za-z0-9_+-/], no empty, "." or ".."
  // component, not starting with '/'. Says nothing about whether the zone exists.
  static bool isSafeName(std::string_view name);
  static const TimeZone& utc();

  // Parses TZif bytes (v1, or the 64-bit section of v2+, plus the v2+ footer rule). Throws
  // std::invalid_argument when they are not a well-formed TZif file.
  static std::shared_ptr<const TimeZone> parse(std::string name, std::string_view tzif);

  const std::string& name() const { return name_; }
  // Seconds to add to UTC to get local time at that instant (New York in July: -14400).
  int64_t utcOffsetSeconds(int64_t unixSeconds) const;
  // The UTC instant at which local wall-clock time reads `localSeconds` (seconds since
  // 1970-01-01 00:00 local). In a gap (clocks jump forward) the instant is as far after
  // the gap as the wall time was into it (02:30 -> 03:30); in an overlap (clocks go back),
  // the earlier of the two instants.
  int64_t utcFromLocal(int64_t localSeconds) const;

  // The POSIX TZ rule of the footer ("EST5EDT,M3.2.0,M11.1.0"), for instants after the last
  // transition. Public for tests and the parser; `rule` is empty when the zone has none.
  struct PosixRule {
    struct Date {
      enum class Kind { Julian1, Julian0, MonthWeekDay } kind = Kind::MonthWeekDay;
      int day = 0;    // Julian1: 1-365 (no Feb 29); Julian0: 0-365; MonthWeekDay: 0 (Sun)-6
      int month = 0;  // MonthWeekDay: 1-12
      int week = 0;   // MonthWeekDay: 1-5, 5 = the last
      int32_t time = 7200;  // seconds after local midnight (RFC 8536 allows -167h..167h)
    };
    int32_t std_offset = 0;  // seconds east of UTC
    bool has_dst = false;
    int32_t dst_offset = 0;
    Date start, end;
    int64_t offsetAt(int64_t unixSeconds) const;
  };
  // Throws std::invalid_argument on a malformed rule. An empty string is UTC.
  static PosixRule parsePosixRule(std::string_view text);

 private:
  TimeZone() = default;
  static std::shared_ptr<const TimeZone> utcZone();

  std::string name_;
  std::vector<int64_t> transitions_;     // ascending
  std::vector<int32_t> offsetAfter_;     // offset in force from transitions_[i]
  int32_t offsetBefore_ = 0;             // before the first transition (time type 0)
  bool hasRule_ = false;
  PosixRule rule_;
};

}  // namespace sb::notify
