// TimeZone: offsets from the TZif files, checked against known values and against glibc
// (`TZ=zone date`), which reads the same files.
#include "notify/users/TimeZone.hpp"
#include "support/Subprocess.hpp"
#include "support/TempDir.hpp"

#include <gtest/gtest.h>

#include <ctime>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace sb::notify {
namespace {

int64_t utc(int year, int month, int day, int hour = 0, int minute = 0, int second = 0) {
  std::tm tm{};
  tm.tm_year = year - 1900;
  tm.tm_mon = month - 1;
  tm.tm_mday = day;
  tm.tm_hour = hour;
  tm.tm_min = minute;
  tm.tm_sec = second;
  return static_cast<int64_t>(timegm(&tm));
}

int64_t offsetIn(const std::string& zone, int64_t at) {
  auto tz = TimeZone::find(zone);
  if (!tz) throw std::runtime_error("no zone " + zone);
  return tz->utcOffsetSeconds(at);
}

// A TZif v2 file with no transitions at all: everything comes from the footer rule, as in
// the "slim" files tzdata can be built into.
std::string footerOnlyTzif(int32_t utoff, const std::string& abbreviation, const std::string& rule) {
  auto be32 = [](std::string& out, uint32_t v) {
    for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<char>((v >> shift) & 0xff));
  };
  auto block = [&](std::string& out) {
    out += "TZif2";
    out += std::string(15, '\0');
    for (uint32_t count : {0u, 0u, 0u, 0u, 1u, static_cast<uint32_t>(abbreviation.size() + 1)}) be32(out, count);
    be32(out, static_cast<uint32_t>(utoff));
    out.push_back('\0');  // isdst
    out.push_back('\0');  // abbreviation index
    out += abbreviation;
    out.push_back('\0');
  };
  std::string out;
  block(out);
  block(out);
  out += "\n" + rule + "\n";
  return out;
}

TEST(TimeZone, KnownOffsetsOfWellKnownZones) {
  EXPECT_EQ(offsetIn("America/New_York", utc(2026, 7, 1, 12)), -4 * 3600);
  EXPECT_EQ(offsetIn("America/New_York", utc(2026, 1, 15, 12)), -5 * 3600);
  EXPECT_EQ(offsetIn("Europe/Berlin", utc(2026, 7, 1, 12)), 2 * 3600);
  EXPECT_EQ(offsetIn("Europe/Berlin", utc(2026, 1, 15, 12)), 1 * 3600);
  EXPECT_EQ(offsetIn("Asia/Kolkata", utc(2026, 7, 1, 12)), 5 * 3600 + 1800);
  EXPECT_EQ(offsetIn("Australia/Lord_Howe", utc(2026, 1, 15, 12)), 11 * 3600);          // DST: +1 h
  EXPECT_EQ(offsetIn("Australia/Lord_Howe", utc(2026, 7, 1, 12)), 10 * 3600 + 1800);    // standard
  EXPECT_EQ(offsetIn("UTC", utc(2026, 7, 1)), 0);
  EXPECT_EQ(offsetIn("", utc(2026, 7, 1)), 0);
}

TEST(TimeZone, SwitchesExactlyAtTheTransitionInstant) {
  // 2026-03-08 02:00 EST = 07:00Z: clocks go forward.
  EXPECT_EQ(offsetIn("America/New_York", utc(2026, 3, 8, 6, 59, 59)), -5 * 3600);
  EXPECT_EQ(offsetIn("America/New_York", utc(2026, 3, 8, 7, 0, 0)), -4 * 3600);
  // 2026-11-01 02:00 EDT = 06:00Z: clocks go back.
  EXPECT_EQ(offsetIn("America/New_York", utc(2026, 11, 1, 5, 59, 59)), -4 * 3600);
  EXPECT_EQ(offsetIn("America/New_York", utc(2026, 11, 1, 6, 0, 0)), -5 * 3600);
}

TEST(TimeZone, FarFutureInstantsFollowTheFooterRule) {
  // Past the last transition in the file (2037 in "fat" files).
  EXPECT_EQ(offsetIn("America/New_York", utc(2100, 7, 1, 12)), -4 * 3600);
  EXPECT_EQ(offsetIn("America/New_York", utc(2100, 12, 1, 12)), -5 * 3600);
  EXPECT_EQ(offsetIn("Australia/Sydney", utc(2090, 1, 10)), 11 * 3600);
  EXPECT_EQ(offsetIn("Australia/Sydney", utc(2090, 7, 10)), 10 * 3600);
}

TEST(TimeZone, FileWithOnlyAFooterRuleComputesEveryYear) {
  auto zone = TimeZone::parse("Test/Eastern", footerOnlyTzif(-18000, "EST", "EST5EDT,M3.2.0,M11.1.0"));
  EXPECT_EQ(zone->utcOffsetSeconds(utc(2026, 7, 1, 12)), -4 * 3600);
  EXPECT_EQ(zone->utcOffsetSeconds(utc(2026, 1, 15, 12)), -5 * 3600);
  EXPECT_EQ(zone->utcOffsetSeconds(utc(2026, 3, 8, 6, 59, 59)), -5 * 3600);
  EXPECT_EQ(zone->utcOffsetSeconds(utc(2026, 3, 8, 7)), -4 * 3600);
  EXPECT_EQ(zone->utcOffsetSeconds(utc(2026, 11, 1, 5, 59, 59)), -4 * 3600);
  EXPECT_EQ(zone->utcOffsetSeconds(utc(2026, 11, 1, 6)), -5 * 3600);
  EXPECT_EQ(zone->utcOffsetSeconds(utc(1999, 3, 14, 7)), -4 * 3600);  // the rule holds for every year

  // Southern hemisphere, quoted names, half-hour DST: Lord Howe.
  auto lordHowe = TimeZone::parse("Test/LordHowe", footerOnlyTzif(37800, "+1030", "<+1030>-10:30<+11>-11,M10.1.0,M4.1.0"));
  EXPECT_EQ(lordHowe->utcOffsetSeconds(utc(2031, 1, 15)), 11 * 3600);
  EXPECT_EQ(lordHowe->utcOffsetSeconds(utc(2031, 7, 15)), 10 * 3600 + 1800);
}

TEST(TimeZone, ParsesEveryPosixRuleForm) {
  auto julian1 = TimeZone::parsePosixRule("XXX3YYY,J60/0,J300/0");  // J60 is March 1 even in leap years
  EXPECT_EQ(julian1.offsetAt(utc(2028, 2, 29, 12)), -3 * 3600);
  EXPECT_EQ(julian1.offsetAt(utc(2028, 3, 1, 12)), -2 * 3600);
  auto julian0 = TimeZone::parsePosixRule("XXX3YYY,59/0,300/0");  // day 59 is Feb 29 in leap years
  EXPECT_EQ(julian0.offsetAt(utc(2028, 2, 29, 12)), -2 * 3600);
  auto negativeTime = TimeZone::parsePosixRule("<-02>2<-01>,M3.5.0/-1,M10.5.0/0");  // America/Nuuk
  // Last Sunday of March 2030 is the 31st; "-1:00" that day is Saturday 23:00 local = 01:00Z.
  EXPECT_EQ(negativeTime.offsetAt(utc(2030, 3, 31, 0, 59)), -7200);
  EXPECT_EQ(negativeTime.offsetAt(utc(2030, 3, 31, 1, 0)), -3600);
  auto fixed = TimeZone::parsePosixRule("<+0530>-5:30");
  EXPECT_FALSE(fixed.has_dst);
  EXPECT_EQ(fixed.std_offset, 5 * 3600 + 1800);
  EXPECT_THROW(TimeZone::parsePosixRule("EST5EDT,M13.1.0,M11.1.0"), std::invalid_argument);
  EXPECT_THROW(TimeZone::parsePosixRule("E5"), std::invalid_argument);
}

TEST(TimeZone, RefusesUnsafeOrMissingNames) {
  EXPECT_EQ(TimeZone::find("../../etc/passwd"), nullptr);
  EXPECT_EQ(TimeZone::find("/etc/localtime"), nullptr);
  EXPECT_EQ(TimeZone::find("America/../Europe/Berlin"), nullptr);
  EXPECT_EQ(TimeZone::find("Mars/Olympus_Mons"), nullptr);
  EXPECT_EQ(TimeZone::find("zone.tab"), nullptr);  // exists, not TZif ('.' is refused anyway)
  EXPECT_EQ(TimeZone::find("America"), nullptr);   // a folder
  EXPECT_NE(TimeZone::find("Europe/Berlin"), nullptr);
  EXPECT_TRUE(TimeZone::isSafeName("America/Argentina/Buenos_Aires"));
  EXPECT_TRUE(TimeZone::isSafeName("Etc/GMT+5"));
  EXPECT_FALSE(TimeZone::isSafeName("America//New_York"));
}

TEST(TimeZone, RejectsMalformedTzif) {
  EXPECT_THROW(TimeZone::parse("x", "not a tzif file"), std::invalid_argument);
  std::string truncated = footerOnlyTzif(0, "UTC", "UTC0");
  truncated.resize(60);
  EXPECT_THROW(TimeZone::parse("x", truncated), std::invalid_argument);
}

TEST(TimeZone, LoadsEveryZoneFileOnThisMachine) {
  size_t parsed = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator("/usr/share/zoneinfo")) {
    if (!entry.is_regular_file()) continue;
    std::ifstream in(entry.path(), std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (bytes.rfind("TZif", 0) != 0) continue;
    EXPECT_NO_THROW(TimeZone::parse(entry.path().string(), bytes)) << entry.path();
    ++parsed;
  }
  EXPECT_GT(parsed, 300u);
}

TEST(TimeZone, UtcFromLocalResolvesGapsForwardAndOverlapsToTheEarlierInstant) {
  auto ny = TimeZone::find("America/New_York");
  ASSERT_TRUE(ny);
  // 2026-03-08 02:30 local does not exist: 03:30 EDT = 07:30Z.
  EXPECT_EQ(ny->utcFromLocal(utc(2026, 3, 8, 2, 30)), utc(2026, 3, 8, 7, 30));
  // 2026-11-01 01:30 local happens twice: the first is 01:30 EDT = 05:30Z.
  EXPECT_EQ(ny->utcFromLocal(utc(2026, 11, 1, 1, 30)), utc(2026, 11, 1, 5, 30));
  EXPECT_EQ(ny->utcFromLocal(utc(2026, 7, 1, 9)), utc(2026, 7, 1, 13));
}

// glibc reads the same files: for many instants between 1900 and 2100 (including the 64-bit
// and the footer-rule ranges), the offsets must agree with `TZ=zone date +%z`.
TEST(TimeZone, AgreesWithGlibcDateAcrossTwoCenturies) {
  const std::vector<std::string> zones = {
      "America/New_York", "Europe/Berlin", "Asia/Kolkata", "Australia/Lord_Howe", "America/Sao_Paulo",
      "Pacific/Auckland", "America/Nuuk", "Africa/Casablanca", "Europe/Dublin", "Pacific/Chatham",
      "America/St_Johns", "Asia/Tehran", "Europe/London", "Pacific/Apia", "Antarctica/Troll"};
  std::vector<int64_t> instants;
  for (int64_t t = utc(1900, 1, 1); t < utc(2100, 1, 1); t += 86400 * 23 + 3607) instants.push_back(t);
  sb::test::TempDir scratch{"sb-tz"};
  std::ofstream file(scratch.file("instants"));
  for (auto t : instants) file << "@" << t << "\n";
  file.close();
  for (const auto& zone : zones) {
    auto result = sb::test::runProcess({"env", "TZ=" + zone, "date", "-f", scratch.file("instants"), "+%z"});
    ASSERT_EQ(result.exitCode, 0) << result.output;
    std::istringstream lines(result.output);
    std::string line;
    size_t i = 0, mismatches = 0;
    for (; std::getline(lines, line) && i < instants.size(); ++i) {
      ASSERT_EQ(line.size(), 5u) << line;
      int64_t sign = line[0] == '-' ? -1 : 1;
      int64_t expected = sign * (std::stoi(line.substr(1, 2)) * 3600 + std::stoi(line.substr(3, 2)) * 60);
      // %z has minute precision; local mean time offsets before 1900-ish carry seconds.
      int64_t actual = offsetIn(zone, instants[i]);
      if (actual / 60 != expected / 60 && ++mismatches <= 3) {
        ADD_FAILURE() << zone << " at " << instants[i] << ": ours " << actual << ", date " << expected;
      }
    }
    EXPECT_EQ(i, instants.size()) << zone;
  }
}

}  // namespace
}  // namespace sb::notify
