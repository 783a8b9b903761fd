#include "config/Duration.hpp"

#include <gtest/gtest.h>

using namespace std::chrono_literals;
using sb::config::formatDuration;
using sb::config::parseDuration;

TEST(ConfigDuration, ParsesEveryUnit) {
  EXPECT_EQ(parseDuration("250ms"), 250ms);
  EXPECT_EQ(parseDuration("5s"), 5s);
  EXPECT_EQ(parseDuration("2m"), 2min);
  EXPECT_EQ(parseDuration("1h"), 1h);
  EXPECT_EQ(parseDuration("1d"), 24h);
  EXPECT_EQ(parseDuration("0s"), 0ms);
}

TEST(ConfigDuration, ParsesFractionsAndCompounds) {
  EXPECT_EQ(parseDuration("1.5s"), 1500ms);
  EXPECT_EQ(parseDuration("0.25h"), 15min);
  EXPECT_EQ(parseDuration(".5s"), 500ms);
  EXPECT_EQ(parseDuration("1h30m"), 90min);
  EXPECT_EQ(parseDuration("1m0.5s"), 60500ms);
}

TEST(ConfigDuration, RequiresAUnitBecauseABareNumberIsAmbiguous) {
  EXPECT_EQ(parseDuration("30"), std::nullopt);
  EXPECT_EQ(parseDuration("1.5"), std::nullopt);
  EXPECT_EQ(parseDuration("5s3"), std::nullopt);
}

TEST(ConfigDuration, RejectsMalformedText) {
  for (const char* text : {"", "s", "-5s", "5 s", " 5s", "5sec", "5S", "1.s", "1..5s", "5ms ", "99999999999d"}) {
    EXPECT_EQ(parseDuration(text), std::nullopt) << text;
  }
}

TEST(ConfigDuration, RejectsValuesFinerThanAMillisecond) {
  EXPECT_EQ(parseDuration("1.0005s"), std::nullopt);
  EXPECT_EQ(parseDuration("0.5ms"), std::nullopt);
}

TEST(ConfigDuration, FormatsInTheLargestExactUnit) {
  EXPECT_EQ(formatDuration(0ms), "0s");
  EXPECT_EQ(formatDuration(1500ms), "1500ms");
  EXPECT_EQ(formatDuration(15s), "15s");
  EXPECT_EQ(formatDuration(90s), "90s");
  EXPECT_EQ(formatDuration(2min), "2m");
  EXPECT_EQ(formatDuration(24h), "1d");
}

TEST(ConfigDuration, FormattedTextParsesBackToTheSameValue) {
  for (auto value : {1ms, 999ms, 1000ms, 61000ms, 3600000ms, 86400000ms * 3}) {
    EXPECT_EQ(parseDuration(formatDuration(value)), value);
  }
}
