// Preferences: opt-outs and quiet hours, in the recipient's time zone.
#include "core/Error.hpp"
#include "notify/users/Recipient.hpp"

#include <Poco/JSON/Parser.h>
#include <gtest/gtest.h>

#include <ctime>

namespace sb::notify {
namespace {

int64_t utcMs(int year, int month, int day, int hour, int minute = 0) {
  std::tm tm{};
  tm.tm_year = year - 1900;
  tm.tm_mon = month - 1;
  tm.tm_mday = day;
  tm.tm_hour = hour;
  tm.tm_min = minute;
  return static_cast<int64_t>(timegm(&tm)) * 1000;
}

Preferences parse(const std::string& json) {
  Poco::JSON::Parser parser;
  return Preferences::fromJson(parser.parse(json).extract<Poco::JSON::Object::Ptr>());
}

Preferences quiet(const std::string& start, const std::string& end) {
  return parse(R"({"quiet_hours":{"start":")" + start + R"(","end":")" + end + R"("}})");
}

std::string rejectedField(const std::string& json) {
  try {
    parse(json);
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::Unprocessable);
    return e.details() ? e.details()->getValue<std::string>("field") : "<no details>";
  }
  return "<accepted>";
}

TEST(Preferences, AllowEverythingByDefault) {
  Preferences p;
  EXPECT_TRUE(p.allows("email", "marketing"));
  EXPECT_TRUE(p.allows("sms", ""));
  EXPECT_FALSE(p.quietHoursEnd(utcMs(2026, 7, 1, 3), "Europe/Berlin"));
}

TEST(Preferences, ChannelOptOutBlocksThatChannelForEveryCategory) {
  auto p = parse(R"({"opt_out":{"channels":["sms"]}})");
  EXPECT_FALSE(p.allows("sms", "marketing"));
  EXPECT_FALSE(p.allows("sms", ""));
  EXPECT_TRUE(p.allows("email", "marketing"));
}

TEST(Preferences, CategoryOptOutBlocksEveryChannelOfThatCategoryOnly) {
  auto p = parse(R"({"opt_out":{"categories":["marketing"]}})");
  EXPECT_FALSE(p.allows("email", "marketing"));
  EXPECT_FALSE(p.allows("push", "marketing"));
  EXPECT_TRUE(p.allows("email", "security"));
  EXPECT_TRUE(p.allows("email", ""));
}

TEST(Preferences, CategoryChannelOptOutBlocksOnlyThatPair) {
  auto p = parse(R"({"opt_out":{"category_channels":{"marketing":["email"]}}})");
  EXPECT_FALSE(p.allows("email", "marketing"));
  EXPECT_TRUE(p.allows("push", "marketing"));
  EXPECT_TRUE(p.allows("email", "billing"));
}

TEST(Preferences, QuietHoursWrappingMidnightEndNextMorningInUserTimezone) {
  auto p = quiet("22:00", "07:00");
  // 23:30 in New York (EDT) on July 1st is 03:30Z on July 2nd; the window ends at 07:00 EDT = 11:00Z.
  EXPECT_EQ(p.quietHoursEnd(utcMs(2026, 7, 2, 3, 30), "America/New_York"), utcMs(2026, 7, 2, 11));
  // 05:00 local, the same night after midnight: ends the same morning.
  EXPECT_EQ(p.quietHoursEnd(utcMs(2026, 7, 2, 9), "America/New_York"), utcMs(2026, 7, 2, 11));
}

TEST(Preferences, OutsideQuietHoursThereIsNoEnd) {
  auto p = quiet("22:00", "07:00");
  EXPECT_FALSE(p.quietHoursEnd(utcMs(2026, 7, 1, 16), "America/New_York"));  // 12:00 local
  EXPECT_FALSE(p.quietHoursEnd(utcMs(2026, 7, 2, 11), "America/New_York"));  // 07:00 local: the end is exclusive
  EXPECT_TRUE(p.quietHoursEnd(utcMs(2026, 7, 2, 2), "America/New_York"));    // 22:00 local: the start is inclusive
}

TEST(Preferences, QuietHoursWithinOneDay) {
  auto p = quiet("13:00", "15:30");
  EXPECT_EQ(p.quietHoursEnd(utcMs(2026, 1, 10, 13, 10), ""), utcMs(2026, 1, 10, 15, 30));
  EXPECT_FALSE(p.quietHoursEnd(utcMs(2026, 1, 10, 12, 59), ""));
  EXPECT_FALSE(p.quietHoursEnd(utcMs(2026, 1, 10, 15, 30), "UTC"));
}

TEST(Preferences, QuietHoursEndAfterClocksSpringForwardUsesTheNewOffset) {
  auto p = quiet("22:00", "07:00");
  // 2026-03-07 23:00 EST = 03-08 04:00Z; 07:00 on the 8th is already EDT: 11:00Z, not 12:00Z.
  EXPECT_EQ(p.quietHoursEnd(utcMs(2026, 3, 8, 4), "America/New_York"), utcMs(2026, 3, 8, 11));
}

TEST(Preferences, QuietHoursEndAfterClocksFallBackUsesTheNewOffset) {
  auto p = quiet("22:00", "07:00");
  // 2026-10-31 23:00 EDT = 11-01 03:00Z; 07:00 on the 1st is EST again: 12:00Z.
  EXPECT_EQ(p.quietHoursEnd(utcMs(2026, 11, 1, 3), "America/New_York"), utcMs(2026, 11, 1, 12));
}

TEST(Preferences, QuietHoursEndingInsideTheSkippedHourEndAfterIt) {
  auto p = quiet("22:00", "02:30");
  // 02:30 does not exist on 2026-03-08 in New York: the window ends at 03:30 EDT = 07:30Z.
  EXPECT_EQ(p.quietHoursEnd(utcMs(2026, 3, 8, 5), "America/New_York"), utcMs(2026, 3, 8, 7, 30));
}

TEST(Preferences, QuietHoursEndingInTheRepeatedHourEndAtItsFirstOccurrenceOrLater) {
  auto p = quiet("22:00", "01:30");
  // 01:30 happens twice on 2026-11-01 in New York: first 05:30Z (EDT), again 06:30Z (EST).
  EXPECT_EQ(p.quietHoursEnd(utcMs(2026, 11, 1, 3), "America/New_York"), utcMs(2026, 11, 1, 5, 30));
  // At 01:15 EST (06:15Z, the second pass), the window ends at the second 01:30.
  EXPECT_EQ(p.quietHoursEnd(utcMs(2026, 11, 1, 6, 15), "America/New_York"), utcMs(2026, 11, 1, 6, 30));
}

TEST(Preferences, QuietHoursInHalfHourZones) {
  auto p = quiet("22:00", "07:00");
  // 23:00 IST (+05:30) = 17:30Z; ends 07:00 IST = 01:30Z next day.
  EXPECT_EQ(p.quietHoursEnd(utcMs(2026, 5, 1, 17, 30), "Asia/Kolkata"), utcMs(2026, 5, 2, 1, 30));
}

TEST(Preferences, UnknownTimezoneFallsBackToUtc) {
  auto p = quiet("22:00", "07:00");
  EXPECT_EQ(p.quietHoursEnd(utcMs(2026, 5, 1, 23), "Nowhere/Special"), utcMs(2026, 5, 2, 7));
}

TEST(Preferences, RejectsInvalidValuesNamingTheField) {
  EXPECT_EQ(rejectedField(R"({"opt_out":{"channels":["fax"]}})"), "preferences.opt_out.channels[0]");
  EXPECT_EQ(rejectedField(R"({"opt_out":{"channels":"sms"}})"), "preferences.opt_out.channels");
  EXPECT_EQ(rejectedField(R"({"opt_out":{"categories":["bad category"]}})"), "preferences.opt_out.categories[0]");
  EXPECT_EQ(rejectedField(R"({"opt_out":{"category_channels":{"marketing":["pager"]}}})"),
            "preferences.opt_out.category_channels.marketing[0]");
  EXPECT_EQ(rejectedField(R"({"quiet_hours":{"start":"25:00","end":"07:00"}})"), "preferences.quiet_hours.start");
  EXPECT_EQ(rejectedField(R"({"quiet_hours":{"start":"22:00"}})"), "preferences.quiet_hours.end");
  EXPECT_EQ(rejectedField(R"({"quiet_hours":{"start":"7:00","end":"08:00"}})"), "preferences.quiet_hours.start");
  EXPECT_EQ(rejectedField(R"({"quiet_hours":{"start":"08:00","end":"08:00"}})"), "preferences.quiet_hours");
  EXPECT_EQ(rejectedField(R"({"quiet":{}})"), "preferences.quiet");
}

TEST(Preferences, RoundTripsThroughTheStoredJson) {
  auto p = parse(R"({"opt_out":{"channels":["sms"],"categories":["marketing"],
                     "category_channels":{"digest":["email","push"]}},"quiet_hours":{"start":"22:15","end":"06:45"}})");
  auto again = Preferences::fromStored(p.toJsonString());
  EXPECT_EQ(again.toJsonString(), p.toJsonString());
  EXPECT_FALSE(again.allows("push", "digest"));
  ASSERT_TRUE(again.quietHours());
  EXPECT_EQ(again.quietHours()->start_minute, 22 * 60 + 15);
  EXPECT_EQ(again.quietHours()->end_minute, 6 * 60 + 45);
}

TEST(Preferences, OptingOutOfAChannelKeepsTheRest) {
  auto p = parse(R"({"opt_out":{"categories":["marketing"]},"quiet_hours":{"start":"22:00","end":"07:00"}})");
  p.optOutOfChannel("sms");
  p.optOutOfChannel("sms");
  EXPECT_EQ(p.optedOutChannels().size(), 1u);
  EXPECT_FALSE(p.allows("sms", ""));
  EXPECT_FALSE(p.allows("email", "marketing"));
  EXPECT_TRUE(p.quietHours());
}

}  // namespace
}  // namespace sb::notify
