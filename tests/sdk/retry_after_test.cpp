// retryAfterHeader: the one Retry-After parser every channel plugin uses.
#include <switchboard/plugin.hpp>

#include <gtest/gtest.h>

namespace {

using std::chrono::milliseconds;
constexpr int64_t kNow = 784111777000;  // Sun, 06 Nov 1994 08:49:37 GMT

TEST(SdkRetryAfter, DelaySecondsAreMilliseconds) {
  EXPECT_EQ(switchboard::retryAfterHeader("120", kNow), milliseconds(120000));
  EXPECT_EQ(switchboard::retryAfterHeader("  7 ", kNow), milliseconds(7000));
}

TEST(SdkRetryAfter, AnHttpDateIsAWaitFromNow) {
  EXPECT_EQ(switchboard::retryAfterHeader("Sun, 06 Nov 1994 08:50:37 GMT", kNow), milliseconds(60000));
  EXPECT_EQ(switchboard::retryAfterHeader("Sun, 06 Nov 1994 08:49:00 GMT", kNow), milliseconds(0));  // past
}

TEST(SdkRetryAfter, GarbageAndAbsurdValuesAreHandled) {
  EXPECT_EQ(switchboard::retryAfterHeader("", kNow), milliseconds(0));
  EXPECT_EQ(switchboard::retryAfterHeader("soon", kNow), milliseconds(0));
  EXPECT_EQ(switchboard::retryAfterHeader("Sun, 06 Xyz 1994 08:50:37 GMT", kNow), milliseconds(0));
  EXPECT_EQ(switchboard::retryAfterHeader("99999999999999999999", kNow), milliseconds(24LL * 3600 * 1000));
}

TEST(SdkRetryAfter, ResponsesReadTheirOwnHeader) {
  switchboard::HttpResponse r;
  r.headers = {{"retry-after", "3"}};
  EXPECT_EQ(r.retryAfter(kNow), milliseconds(3000));
}

}  // namespace
