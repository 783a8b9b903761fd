#include "ratelimit/LocalRateLimiter.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

namespace sb::ratelimit {
namespace {

// A clock the test moves by hand.
struct ManualClock {
  std::shared_ptr<std::atomic<int64_t>> ms = std::make_shared<std::atomic<int64_t>>(1000000);
  std::function<int64_t()> function() const {
    return [ms = ms] { return ms->load(); };
  }
  void advance(int64_t by) { *ms += by; }
};

LocalRateLimiter limiterOn(const ManualClock& clock, size_t maxBuckets = 100000, size_t shards = 4) {
  LocalRateLimiterOptions options;
  options.clock_ms = clock.function();
  options.max_buckets = maxBuckets;
  options.shards = shards;
  return LocalRateLimiter(options);
}

constexpr BucketLimit kTenPerSecondBurstFive{10.0, 5};

TEST(LocalRateLimiter, AllowsTheBurstThenRefusesWithRetryAfterAndHeadersNumbers) {
  ManualClock clock;
  LocalRateLimiter limiter = limiterOn(clock);
  for (int i = 0; i < 5; ++i) {
    Decision d = limiter.take("k", kTenPerSecondBurstFive);
    EXPECT_TRUE(d.allowed) << i;
    EXPECT_EQ(d.remaining, 4 - i);
    EXPECT_EQ(d.limit, 5);
  }
  Decision refused = limiter.take("k", kTenPerSecondBurstFive);
  EXPECT_FALSE(refused.allowed);
  EXPECT_EQ(refused.remaining, 0);
  EXPECT_EQ(refused.retry_after_seconds, 1);
  EXPECT_EQ(refused.reset_seconds, 1);
  EXPECT_FALSE(refused.unchecked);
}

TEST(LocalRateLimiter, RefillsAtTheRate) {
  ManualClock clock;
  LocalRateLimiter limiter = limiterOn(clock);
  for (int i = 0; i < 5; ++i) limiter.take("k", kTenPerSecondBurstFive);
  EXPECT_FALSE(limiter.take("k", kTenPerSecondBurstFive).allowed);
  clock.advance(100);  // one token
  EXPECT_TRUE(limiter.take("k", kTenPerSecondBurstFive).allowed);
  EXPECT_FALSE(limiter.take("k", kTenPerSecondBurstFive).allowed);
  clock.advance(10000);
  int allowed = 0;
  while (limiter.take("k", kTenPerSecondBurstFive).allowed) ++allowed;
  EXPECT_EQ(allowed, 5);  // never more than the burst, however long the pause
}

TEST(LocalRateLimiter, BucketsAreIndependent) {
  ManualClock clock;
  LocalRateLimiter limiter = limiterOn(clock);
  for (int i = 0; i < 5; ++i) limiter.take("a", kTenPerSecondBurstFive);
  EXPECT_FALSE(limiter.take("a", kTenPerSecondBurstFive).allowed);
  EXPECT_TRUE(limiter.take("b", kTenPerSecondBurstFive).allowed);
}

TEST(LocalRateLimiter, DropsBucketsOnceTheyAreFullAgain) {
  ManualClock clock;
  LocalRateLimiter limiter = limiterOn(clock, 100000, 1);
  for (int i = 0; i < 500; ++i) limiter.take("caller-" + std::to_string(i), kTenPerSecondBurstFive);
  EXPECT_EQ(limiter.bucketCount(), 500u);
  clock.advance(100);  // each took one token: full again after 100 ms
  // The sweep runs as the shard is used: enough takes on one busy bucket trigger it.
  for (int i = 0; i < 1100; ++i) {
    limiter.take("busy", kTenPerSecondBurstFive);
  }
  EXPECT_EQ(limiter.bucketCount(), 1u);  // only the busy one, which is empty
}

TEST(LocalRateLimiter, ForgettingAFullBucketChangesNothingForItsCaller) {
  ManualClock clock;
  LocalRateLimiter limiter = limiterOn(clock, 100000, 1);
  for (int i = 0; i < 5; ++i) limiter.take("a", kTenPerSecondBurstFive);
  clock.advance(500);  // full again
  for (int i = 0; i < 1100; ++i) limiter.take("busy", kTenPerSecondBurstFive);
  ASSERT_EQ(limiter.bucketCount(), 1u);
  int allowed = 0;
  while (limiter.take("a", kTenPerSecondBurstFive).allowed) ++allowed;
  EXPECT_EQ(allowed, 5);
}

TEST(LocalRateLimiter, NeverHoldsMoreThanMaxBuckets) {
  ManualClock clock;
  LocalRateLimiter limiter = limiterOn(clock, 64, 4);
  for (int i = 0; i < 1000; ++i) {
    limiter.take("caller-" + std::to_string(i), kTenPerSecondBurstFive);
    ASSERT_LE(limiter.bucketCount(), 64u) << i;
  }
  // The newest caller's bucket is kept: it is the one that was just used.
  EXPECT_FALSE([&] {
    for (int i = 0; i < 4; ++i) limiter.take("caller-999", kTenPerSecondBurstFive);
    return limiter.take("caller-999", kTenPerSecondBurstFive).allowed;
  }());
}

TEST(LocalRateLimiter, ConcurrentTakesNeverExceedTheBurst) {
  ManualClock clock;  // frozen: no refill during the race
  LocalRateLimiter limiter = limiterOn(clock);
  const BucketLimit limit{1.0, 100};
  std::atomic<int> allowed{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 100; ++i)
        if (limiter.take("shared", limit).allowed) ++allowed;
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(allowed.load(), 100);
}

TEST(LocalRateLimiter, UsesTheSteadyClockByDefault) {
  LocalRateLimiter limiter;
  const BucketLimit limit{1000.0, 1};
  EXPECT_TRUE(limiter.take("k", limit).allowed);
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  EXPECT_TRUE(limiter.take("k", limit).allowed);
  EXPECT_EQ(limiter.describe(), "in-process");
}

}  // namespace
}  // namespace sb::ratelimit
