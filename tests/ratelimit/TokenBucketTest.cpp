#include "ratelimit/TokenBucket.hpp"

#include <gtest/gtest.h>

namespace sb::ratelimit {
namespace {

constexpr BucketLimit kTwoPerSecondBurstFour{2.0, 4};

TEST(TokenBucket, AFreshBucketAllowsTheWholeBurstThenRefuses) {
  BucketState state = freshBucket(kTwoPerSecondBurstFour, 0);
  for (int i = 0; i < 4; ++i) EXPECT_TRUE(takeTokens(state, kTwoPerSecondBurstFour, 1, 0).allowed) << i;
  TakeResult refused = takeTokens(state, kTwoPerSecondBurstFour, 1, 0);
  EXPECT_FALSE(refused.allowed);
  EXPECT_EQ(refused.retry_in_ms, 500);  // one token at 2 per second
  EXPECT_EQ(refused.full_in_ms, 2000);  // four tokens
}

TEST(TokenBucket, RefillsByElapsedTimeUpToTheBurst) {
  BucketState state = freshBucket(kTwoPerSecondBurstFour, 0);
  for (int i = 0; i < 4; ++i) takeTokens(state, kTwoPerSecondBurstFour, 1, 0);
  EXPECT_FALSE(takeTokens(state, kTwoPerSecondBurstFour, 1, 499).allowed);
  EXPECT_TRUE(takeTokens(state, kTwoPerSecondBurstFour, 1, 500).allowed);
  // A long pause banks no more than the burst.
  TakeResult later = takeTokens(state, kTwoPerSecondBurstFour, 1, 60000);
  EXPECT_TRUE(later.allowed);
  EXPECT_DOUBLE_EQ(later.tokens_left, 3.0);
}

TEST(TokenBucket, ARefusedTakeCostsNothing) {
  BucketState state = freshBucket(kTwoPerSecondBurstFour, 0);
  for (int i = 0; i < 4; ++i) takeTokens(state, kTwoPerSecondBurstFour, 1, 0);
  for (int i = 0; i < 10; ++i) EXPECT_FALSE(takeTokens(state, kTwoPerSecondBurstFour, 1, 250).allowed);
  EXPECT_TRUE(takeTokens(state, kTwoPerSecondBurstFour, 1, 500).allowed);
}

TEST(TokenBucket, AClockThatGoesBackwardsRefillsNothing) {
  BucketState state = freshBucket(kTwoPerSecondBurstFour, 10000);
  for (int i = 0; i < 4; ++i) takeTokens(state, kTwoPerSecondBurstFour, 1, 10000);
  EXPECT_FALSE(takeTokens(state, kTwoPerSecondBurstFour, 1, 0).allowed);
  EXPECT_EQ(state.updated_ms, 10000);
  EXPECT_TRUE(takeTokens(state, kTwoPerSecondBurstFour, 1, 10500).allowed);
}

TEST(TokenBucket, ACostAboveTheBurstIsNeverMet) {
  BucketState state = freshBucket(kTwoPerSecondBurstFour, 0);
  TakeResult result = takeTokens(state, kTwoPerSecondBurstFour, 5, 0);
  EXPECT_FALSE(result.allowed);
  EXPECT_DOUBLE_EQ(state.tokens, 4.0);
  EXPECT_GE(result.retry_in_ms, 1);
}

TEST(TokenBucket, SlowRatesWork) {
  const BucketLimit onePerMinute{1.0 / 60.0, 1};
  BucketState state = freshBucket(onePerMinute, 0);
  EXPECT_TRUE(takeTokens(state, onePerMinute, 1, 0).allowed);
  TakeResult refused = takeTokens(state, onePerMinute, 1, 30000);
  EXPECT_FALSE(refused.allowed);
  EXPECT_EQ(refused.retry_in_ms, 30000);
  EXPECT_TRUE(takeTokens(state, onePerMinute, 1, 60000).allowed);
}

TEST(TokenBucketDecision, RoundsTimesUpToWholeSecondsAndRemainingDown) {
  BucketState state = freshBucket(kTwoPerSecondBurstFour, 0);
  for (int i = 0; i < 4; ++i) takeTokens(state, kTwoPerSecondBurstFour, 1, 0);
  Decision refused = decisionFrom(kTwoPerSecondBurstFour, takeTokens(state, kTwoPerSecondBurstFour, 1, 100));
  EXPECT_FALSE(refused.allowed);
  EXPECT_EQ(refused.limit, 4);
  EXPECT_EQ(refused.remaining, 0);            // 0.2 tokens
  EXPECT_EQ(refused.retry_after_seconds, 1);  // 400 ms
  EXPECT_EQ(refused.reset_seconds, 2);        // 1900 ms

  Decision allowed = decisionFrom(kTwoPerSecondBurstFour, takeTokens(state, kTwoPerSecondBurstFour, 1, 1250));
  EXPECT_TRUE(allowed.allowed);
  EXPECT_EQ(allowed.remaining, 1);  // 2.5 after the refill, 1.5 after the take
  EXPECT_EQ(allowed.retry_after_seconds, 0);
  EXPECT_EQ(allowed.reset_seconds, 2);  // 2.5 tokens missing: 1250 ms
}

TEST(TokenBucketDecision, ARefusalAlwaysSaysToWaitAtLeastOneSecond) {
  Decision d = decisionFrom(kTwoPerSecondBurstFour, false, 0, 0, 0);
  EXPECT_EQ(d.retry_after_seconds, 1);
}

}  // namespace
}  // namespace sb::ratelimit
