#include "notify/users/TimeZone.hpp"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <mutex>
#include <stdexcept>
#include <unordered_map>

namespace sb::notify {
namespace {

constexpr const char* kZoneInfoDir = "/usr/share/zoneinfo";
constexpr std::uintmax_t kMaxFileBytes = 1 << 20;
constexpr int64_t kDay = 86400;

// Howard Hinnant's civil-calendar algorithms (proleptic Gregorian, days since 1970-01-01).
int64_t daysFromCivil(int64_t y, int m, int d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t yoe = y - era * 400;
  const int64_t doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

int64_t yearOfDays(int64_t z) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const int64_t doe = z - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  const int64_t month = mp < 10 ? mp + 3 : mp - 9;
  return yoe + era * 400 + (month <= 2);
}

int64_t floorDiv(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

bool isLeap(int64_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int daysInMonth(int64_t y, int m) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && isLeap(y) ? 29 : kDays[m - 1];
}

int weekday(int64_t days) {  // 0 = Sunday; 1970-01-01 was a Thursday
  return static_cast<int>(((days % 7) + 7 + 4) % 7);
}

// Days since the epoch of the rule's date in `year`.
int64_t ruleDay(const TimeZone::PosixRule::Date& date, int64_t year) {
  using Kind = TimeZone::PosixRule::Date::Kind;
  const int64_t jan1 = daysFromCivil(year, 1, 1);
  switch (date.kind) {
    case Kind::Julian1: return jan1 + date.day - 1 + (isLeap(year) && date.day >= 60 ? 1 : 0);
    case Kind::Julian0: return jan1 + date.day;
    case Kind::MonthWeekDay: {
      const int64_t first = daysFromCivil(year, date.month, 1);
      int day = 1 + (date.day - weekday(first) + 7) % 7 + (date.week - 1) * 7;
      while (day > daysInMonth(year, date.month)) day -= 7;
      return first + day - 1;
    }
  }
  return jan1;
}

// --- POSIX TZ strings ---------------------------------------------------------------------

class RuleParser {
 public:
  explicit RuleParser(std::string_view text) : s_(text) {}

  TimeZone::PosixRule parse() {
    TimeZone::PosixRule rule;
    if (s_.empty()) return rule;
    name();
    rule.std_offset = -offset(24);
    if (done()) return rule;
    name();
    rule.has_dst = true;
    rule.dst_offset = rule.std_offset + 3600;
    if (!done() && peek() != ',') rule.dst_offset = -offset(24);
    if (done()) {  // POSIX leaves the default rule to the implementation; glibc uses the US one
      rule.start = {TimeZone::PosixRule::Date::Kind::MonthWeekDay, 0, 3, 2, 7200};
      rule.end = {TimeZone::PosixRule::Date::Kind::MonthWeekDay, 0, 11, 1, 7200};
      return rule;
    }
    expect(',');
    rule.start = date();
    expect(',');
    rule.end = date();
    if (!done()) fail("trailing characters");
    return rule;
  }

 private:
  [[noreturn]] void fail(const std::string& what) const {
    throw std::invalid_argument("bad POSIX TZ rule '" + std::string(s_) + "': " + what);
  }
  bool done() const { return i_ >= s_.size(); }
  char peek() const { return done() ? '\0' : s_[i_]; }
  void expect(char c) {
    if (peek() != c) fail(std::string("expected '") + c + "'");
    ++i_;
  }

  void name() {
    if (peek() == '<') {
      size_t close = s_.find('>', i_);
      if (close == std::string_view::npos || close - i_ < 4) fail("unterminated or short <name>");
      i_ = close + 1;
      return;
    }
    size_t start = i_;
    while (!done() && std::isalpha(static_cast<unsigned char>(peek()))) ++i_;
    if (i_ - start < 3) fail("zone abbreviation needs 3 or more letters");
  }

  int number(int maxValue) {
    if (!std::isdigit(static_cast<unsigned char>(peek()))) fail("expected a number");
    int value = 0;
    while (std::isdigit(static_cast<unsigned char>(peek()))) {
      value = value * 10 + (s_[i_++] - '0');
      if (value > maxValue) fail("number out of range");
    }
    return value;
  }

  // [+-]hh[:mm[:ss]] in seconds, sign as written.
  int32_t offset(int maxHours) {
    int sign = 1;
    if (peek() == '+' || peek() == '-') sign = s_[i_++] == '-' ? -1 : 1;
    int32_t seconds = number(maxHours) * 3600;
    if (peek() == ':') {
      ++i_;
      seconds += number(59) * 60;
      if (peek() == ':') {
        ++i_;
        seconds += number(59);
      }
    }
    return sign * seconds;
  }

  TimeZone::PosixRule::Date date() {
    using Kind = TimeZone::PosixRule::Date::Kind;
    TimeZone::PosixRule::Date d;
    if (peek() == 'J') {
      ++i_;
      d.kind = Kind::Julian1;
      d.day = number(365);
      if (d.day < 1) fail("Jn day must be 1-365");
    } else if (peek() == 'M') {
      ++i_;
      d.kind = Kind::MonthWeekDay;
      d.month = number(12);
      expect('.');
      d.week = number(5);
      expect('.');
      d.day = number(6);
      if (d.month < 1 || d.week < 1) fail("Mm.w.d out of range");
    } else {
      d.kind = Kind::Julian0;
      d.day = number(365);
    }
    if (peek() == '/') {
      ++i_;
      d.time = offset(167);  // RFC 8536 extension: -167..167 hours
    }
    return d;
  }

  std::string_view s_;
  size_t i_ = 0;
};

// --- TZif ---------------------------------------------------------------------------------

class ByteReader {
 public:
  explicit ByteReader(std::string_view data) : data_(data) {}
  uint8_t u8() { return static_cast<uint8_t>(take(1)[0]); }
  uint32_t be32() {
    auto b = take(4);
    uint32_t v = 0;
    for (char c : b) v = (v << 8) | static_cast<uint8_t>(c);
    return v;
  }
  int64_t be64() {
    auto b = take(8);
    uint64_t v = 0;
    for (char c : b) v = (v << 8) | static_cast<uint8_t>(c);
    return static_cast<int64_t>(v);
  }
  std::string_view take(size_t n) {
    if (data_.size() - pos_ < n) throw std::invalid_argument("truncated TZif data");
    auto out = data_.substr(pos_, n);
    pos_ += n;
    return out;
  }
  std::string_view rest() const { return data_.substr(pos_); }

 private:
  std::string_view data_;
  size_t pos_ = 0;
};

struct Header {
  char version = 0;
  uint32_t isutcnt = 0, isstdcnt = 0, leapcnt = 0, timecnt = 0, typecnt = 0, charcnt = 0;

  size_t bodySize(size_t timeSize) const {
    return timecnt * timeSize + timecnt + typecnt * 6 + charcnt + leapcnt * (timeSize + 4) + isstdcnt + isutcnt;
  }
};

Header readHeader(ByteReader& in) {
  if (in.take(4) != "TZif") throw std::invalid_argument("not a TZif file");
  Header h;
  h.version = static_cast<char>(in.u8());
  in.take(15);
  h.isutcnt = in.be32();
  h.isstdcnt = in.be32();
  h.leapcnt = in.be32();
  h.timecnt = in.be32();
  h.typecnt = in.be32();
  h.charcnt = in.be32();
  if (h.typecnt == 0 || h.typecnt > 256 || h.charcnt == 0 || h.timecnt > 100000 || h.leapcnt > 10000 ||
      (h.isutcnt != 0 && h.isutcnt != h.typecnt) || (h.isstdcnt != 0 && h.isstdcnt != h.typecnt)) {
    throw std::invalid_argument("inconsistent TZif header");
  }
  return h;
}

std::string readFile(const std::filesystem::path& path) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) return {};
  auto size = std::filesystem::file_size(path, ec);
  if (ec || size > kMaxFileBytes) return {};
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

}  // namespace

int64_t TimeZone::PosixRule::offsetAt(int64_t t) const {
  if (!has_dst) return std_offset;
  const int64_t year = yearOfDays(floorDiv(t + std_offset, kDay));
  // Start times are written in standard time, end times in daylight time.
  const int64_t start = ruleDay(this->start, year) * kDay + this->start.time - std_offset;
  const int64_t end = ruleDay(this->end, year) * kDay + this->end.time - dst_offset;
  const bool dst = start < end ? (t >= start && t < end) : !(t >= end && t < start);
  return dst ? dst_offset : std_offset;
}

TimeZone::PosixRule TimeZone::parsePosixRule(std::string_view text) { return RuleParser(text).parse(); }

std::shared_ptr<const TimeZone> TimeZone::parse(std::string name, std::string_view tzif) {
  ByteReader in(tzif);
  Header h = readHeader(in);
  size_t timeSize = 4;
  if (h.version >= '2') {
    in.take(h.bodySize(4));  // the 32-bit section, superseded by the 64-bit one
    h = readHeader(in);
    timeSize = 8;
  }
  std::shared_ptr<TimeZone> zone(new TimeZone);
  zone->name_ = std::move(name);
  std::vector<int64_t> times(h.timecnt);
  for (auto& t : times) t = timeSize == 8 ? in.be64() : static_cast<int32_t>(in.be32());
  std::vector<uint8_t> indices(h.timecnt);
  for (auto& i : indices) {
    i = in.u8();
    if (i >= h.typecnt) throw std::invalid_argument("TZif transition names a missing type");
  }
  std::vector<int32_t> offsets(h.typecnt);
  for (auto& o : offsets) {
    o = static_cast<int32_t>(in.be32());
    in.take(2);  // isdst, abbreviation index
    if (o < -89999 || o > 93599) throw std::invalid_argument("TZif offset out of range");
  }
  in.take(h.charcnt + h.leapcnt * (timeSize + 4) + h.isstdcnt + h.isutcnt);  // leap seconds are ignored
  for (size_t i = 1; i < times.size(); ++i)
    if (times[i] <= times[i - 1]) throw std::invalid_argument("TZif transitions are not ascending");

  zone->transitions_ = std::move(times);
  zone->offsetBefore_ = offsets[0];
  for (auto i : indices) zone->offsetAfter_.push_back(offsets[i]);
  if (timeSize == 8) {
    auto footer = in.rest();
    if (footer.size() < 2 || footer[0] != '\n') throw std::invalid_argument("TZif footer missing");
    auto end = footer.find('\n', 1);
    if (end == std::string_view::npos) throw std::invalid_argument("TZif footer unterminated");
    auto text = footer.substr(1, end - 1);
    if (!text.empty()) {
      zone->rule_ = parsePosixRule(text);
      zone->hasRule_ = true;
    }
  }
  return zone;
}

bool TimeZone::isSafeName(std::string_view name) {
  if (name.empty() || name.size() > 64 || name.front() == '/' || name.back() == '/') return false;
  for (unsigned char c : name) {
    if (!std::isalnum(c) && c != '_' && c != '+' && c != '-' && c != '/') return false;
  }
  size_t start = 0;
  while (start <= name.size()) {
    size_t end = name.find('/', start);
    if (end == std::string_view::npos) end = name.size();
    auto part = name.substr(start, end - start);
    if (part.empty() || part == "." || part == "..") return false;
    start = end + 1;
  }
  return true;
}

const TimeZone& TimeZone::utc() { return *utcZone(); }

std::shared_ptr<const TimeZone> TimeZone::utcZone() {
  static const std::shared_ptr<const TimeZone> zone = [] {
    std::shared_ptr<TimeZone> z(new TimeZone);
    z->name_ = "UTC";
    return z;
  }();
  return zone;
}

std::shared_ptr<const TimeZone> TimeZone::find(const std::string& name) {
  if (name.empty() || name == "UTC") return utcZone();
  if (!isSafeName(name)) return nullptr;
  static std::mutex mutex;
  static std::unordered_map<std::string, std::shared_ptr<const TimeZone>> cache;
  {
    std::lock_guard lock(mutex);
    if (auto it = cache.find(name); it != cache.end()) return it->second;
  }
  std::string bytes = readFile(std::filesystem::path(kZoneInfoDir) / name);
  if (bytes.empty()) return nullptr;
  std::shared_ptr<const TimeZone> zone;
  try {
    zone = parse(name, bytes);
  } catch (const std::invalid_argument&) {
    return nullptr;  // not a zone (zone.tab, iso3166.tab, ...) or a damaged file
  }
  std::lock_guard lock(mutex);
  return cache.emplace(name, zone).first->second;  // only valid files get here: bounded by the folder
}

int64_t TimeZone::utcOffsetSeconds(int64_t t) const {
  if (transitions_.empty() || t < transitions_.front()) {
    if (transitions_.empty() && hasRule_) return rule_.offsetAt(t);
    return offsetBefore_;
  }
  if (hasRule_ && t >= transitions_.back()) return rule_.offsetAt(t);
  auto it = std::upper_bound(transitions_.begin(), transitions_.end(), t);
  return offsetAfter_[static_cast<size_t>(it - transitions_.begin()) - 1];
}

int64_t TimeZone::utcFromLocal(int64_t local) const {
  // The offsets in force a day either side; no zone changes its offset twice within two days.
  const int64_t before = utcOffsetSeconds(local - kDay);
  const int64_t after = utcOffsetSeconds(local + kDay);
  bool found = false;
  int64_t best = 0;
  for (int64_t offset : {before, after}) {
    const int64_t t = local - offset;
    if (utcOffsetSeconds(t) == offset && (!found || t < best)) {
      best = t;
      found = true;
    }
  }
  return found ? best : local - before;  // in a gap: shift forward by the gap's length
}

}  // namespace sb::notify
