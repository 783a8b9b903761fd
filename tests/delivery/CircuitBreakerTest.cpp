#include "notify/delivery/Backoff.hpp"
#include "notify/delivery/CircuitBreaker.hpp"

#include <gtest/gtest.h>

namespace sb::notify {
namespace {

using namespace std::chrono_literals;
using Clock = CircuitBreaker::Clock;

TEST(CircuitBreaker, OpensAfterKConsecutiveFailuresAndRejectsCalls) {
  CircuitBreaker b(3, 10s);
  auto t = Clock::now();
  b.recordFailure(t);
  b.recordFailure(t);
  EXPECT_TRUE(b.allow(t));
  b.recordFailure(t);
  EXPECT_EQ(b.state(t), CircuitBreaker::State::Open);
  EXPECT_FALSE(b.allow(t + 9s));
}

TEST(CircuitBreaker, ASuccessResetsTheCount) {
  CircuitBreaker b(3, 10s);
  auto t = Clock::now();
  b.recordFailure(t);
  b.recordFailure(t);
  b.recordSuccess();
  b.recordFailure(t);
  b.recordFailure(t);
  EXPECT_EQ(b.state(t), CircuitBreaker::State::Closed);
}

TEST(CircuitBreaker, LetsExactlyOneProbeThroughAfterTheCoolDown) {
  CircuitBreaker b(1, 10s);
  auto t = Clock::now();
  b.recordFailure(t);
  EXPECT_TRUE(b.allow(t + 10s));   // the probe
  EXPECT_FALSE(b.allow(t + 10s));  // everyone else waits for it
  EXPECT_EQ(b.state(t + 10s), CircuitBreaker::State::HalfOpen);
}

TEST(CircuitBreaker, ClosesWhenTheProbeSucceedsAndReopensWhenItFails) {
  CircuitBreaker b(1, 10s);
  auto t = Clock::now();
  b.recordFailure(t);
  ASSERT_TRUE(b.allow(t + 10s));
  b.recordFailure(t + 10s);
  EXPECT_FALSE(b.allow(t + 15s));  // a new cool-down started at the failed probe
  ASSERT_TRUE(b.allow(t + 20s));
  b.recordSuccess();
  EXPECT_EQ(b.state(t + 20s), CircuitBreaker::State::Closed);
  EXPECT_TRUE(b.allow(t + 20s));
  EXPECT_TRUE(b.allow(t + 20s));
}

TEST(Backoff, GrowsExponentiallyUpToTheCeilingWithFullJitter) {
  BackoffPolicy p{1000ms, 60000ms};
  EXPECT_EQ(retryDelay(p, 1, 0.999999, std::nullopt).count(), 999);
  EXPECT_EQ(retryDelay(p, 3, 0.5, std::nullopt).count(), 2000);   // 4000 * 0.5
  EXPECT_EQ(retryDelay(p, 20, 0.5, std::nullopt).count(), 30000); // capped at 60 s, then jittered
  EXPECT_EQ(retryDelay(p, 3, 0.0, std::nullopt).count(), 0);      // full jitter reaches zero
}

TEST(Backoff, NeverEarlierThanTheProvidersRetryAfter) {
  BackoffPolicy p{1000ms, 60000ms};
  EXPECT_EQ(retryDelay(p, 1, 0.1, 5000).count(), 5000);
  EXPECT_EQ(retryDelay(p, 10, 0.9, 5000).count(), static_cast<int64_t>(60000 * 0.9));
}

}  // namespace
}  // namespace sb::notify
