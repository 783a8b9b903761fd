// RedisRateLimiter against a real redis-server: the Lua script's arithmetic, its atomicity
// under many threads and several limiters (instances), the script cache going away, bucket
// expiry, and Redis going down (allowed unchecked) and coming back.
#include "bus/RedisConnection.hpp"
#include "bus/RedisUrl.hpp"
#include "metrics/MetricsRegistry.hpp"
#include "ratelimit/RedisRateLimiter.hpp"
#include "support/RedisServer.hpp"

#include <Poco/Redis/Type.h>
#include <gtest/gtest.h>

#include <unistd.h>

#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

namespace sb::ratelimit {
namespace {

using sb::test::RedisServer;
using namespace std::chrono_literals;

RedisRateLimiterOptions optionsFor(const std::string& url, metrics::MetricsRegistry* metrics = nullptr) {
  RedisRateLimiterOptions o;
  o.url = url;
  o.key_prefix = "rltest";
  o.timeout = 1000ms;
  o.metrics = metrics;
  return o;
}

// A bucket name no other test uses.
std::string uniqueBucket(const std::string& name) {
  static std::atomic<int> n{0};
  return name + "-" + std::to_string(++n) + "-" + std::to_string(::getpid());
}

int64_t integerReply(const bus::RedisConnection::Reply& reply) {
  return reply.cast<Poco::Redis::Type<Poco::Int64>>()->value();
}

class RedisRateLimiterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string why;
    if (!RedisServer::available(&why)) GTEST_SKIP() << why;
    url = RedisServer::shared().url();
  }
  std::unique_ptr<bus::RedisConnection> direct() { return bus::RedisConnection::open(bus::parseRedisUrl(url), 2s); }

  std::string url;
};

TEST_F(RedisRateLimiterTest, AllowsTheBurstThenRefusesWithTheSameNumbersAsTheLocalLimiter) {
  RedisRateLimiter limiter(optionsFor(url));
  const std::string bucket = uniqueBucket("burst");
  const BucketLimit limit{1.0, 5};
  for (int i = 0; i < 5; ++i) {
    Decision d = limiter.take(bucket, limit);
    ASSERT_TRUE(d.allowed) << i;
    EXPECT_FALSE(d.unchecked);
    EXPECT_EQ(d.limit, 5);
    EXPECT_EQ(d.remaining, 4 - i);
  }
  Decision refused = limiter.take(bucket, limit);
  EXPECT_FALSE(refused.allowed);
  EXPECT_EQ(refused.remaining, 0);
  EXPECT_EQ(refused.retry_after_seconds, 1);
  EXPECT_EQ(refused.reset_seconds, 5);
  EXPECT_EQ(limiter.uncheckedCount(), 0u);
}

TEST_F(RedisRateLimiterTest, RefillsByRedisTime) {
  RedisRateLimiter limiter(optionsFor(url));
  const std::string bucket = uniqueBucket("refill");
  const BucketLimit limit{20.0, 2};  // a token every 50 ms
  EXPECT_TRUE(limiter.take(bucket, limit).allowed);
  EXPECT_TRUE(limiter.take(bucket, limit).allowed);
  EXPECT_FALSE(limiter.take(bucket, limit).allowed);
  std::this_thread::sleep_for(120ms);
  EXPECT_TRUE(limiter.take(bucket, limit).allowed);
  EXPECT_TRUE(limiter.take(bucket, limit).allowed);
  EXPECT_FALSE(limiter.take(bucket, limit).allowed);
}

TEST_F(RedisRateLimiterTest, ManyThreadsOnSeveralInstancesNeverExceedTheBurst) {
  // Three limiters are three Switchboard instances; a rate this slow refills < 1 token
  // during the race, so exactly the burst may pass.
  std::vector<std::unique_ptr<RedisRateLimiter>> instances;
  for (int i = 0; i < 3; ++i) instances.push_back(std::make_unique<RedisRateLimiter>(optionsFor(url)));
  const std::string bucket = uniqueBucket("race");
  const BucketLimit limit{0.01, 50};
  std::atomic<int> allowed{0}, refused{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 12; ++t) {
    threads.emplace_back([&, t] {
      RedisRateLimiter& limiter = *instances[static_cast<size_t>(t) % instances.size()];
      for (int i = 0; i < 25; ++i) {
        Decision d = limiter.take(bucket, limit);
        ASSERT_FALSE(d.unchecked);
        ++(d.allowed ? allowed : refused);
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(allowed.load(), 50);
  EXPECT_EQ(refused.load(), 12 * 25 - 50);
}

TEST_F(RedisRateLimiterTest, BucketsExpireOnceTheyWouldBeFullAgain) {
  RedisRateLimiter limiter(optionsFor(url));
  const std::string bucket = uniqueBucket("expiry");
  limiter.take(bucket, {10.0, 100});  // one token short: full again in 100 ms
  auto redis = direct();
  const int64_t ttl = integerReply(redis->execute({"PTTL", limiter.keyFor(bucket)}));
  EXPECT_GT(ttl, 0);
  EXPECT_LE(ttl, 100);
  EXPECT_EQ(limiter.keyFor(bucket), "rltest:ratelimit:" + bucket);
  std::this_thread::sleep_for(200ms);
  EXPECT_EQ(integerReply(redis->execute({"EXISTS", limiter.keyFor(bucket)})), 0);
}

TEST_F(RedisRateLimiterTest, LoadsTheScriptAgainWhenRedisForgotIt) {
  RedisRateLimiter limiter(optionsFor(url));
  const std::string bucket = uniqueBucket("noscript");
  const BucketLimit limit{1.0, 2};
  EXPECT_TRUE(limiter.take(bucket, limit).allowed);
  direct()->execute({"SCRIPT", "FLUSH"});
  Decision d = limiter.take(bucket, limit);
  EXPECT_TRUE(d.allowed);
  EXPECT_FALSE(d.unchecked);
  EXPECT_FALSE(limiter.take(bucket, limit).allowed);  // the state survived: only the script was gone
}

TEST(RedisRateLimiterOutage, AllowsUncheckedWhileRedisIsDownAndCountsIt) {
  std::string why;
  if (!RedisServer::available(&why)) GTEST_SKIP() << why;
  RedisServer server;
  metrics::MetricsRegistry registry;
  RedisRateLimiter limiter(optionsFor(server.url(), &registry));
  const std::string bucket = uniqueBucket("outage");
  const BucketLimit limit{0.01, 1};
  EXPECT_TRUE(limiter.take(bucket, limit).allowed);
  EXPECT_FALSE(limiter.take(bucket, limit).allowed);

  server.stop();
  const auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < 20; ++i) {
    Decision d = limiter.take(bucket, limit);
    EXPECT_TRUE(d.allowed);
    EXPECT_TRUE(d.unchecked);
  }
  // Paused after the first failure: the rest did not wait for Redis.
  EXPECT_LT(std::chrono::steady_clock::now() - start, 1s);
  EXPECT_EQ(limiter.uncheckedCount(), 20u);
  double counted = 0;
  for (const auto& s : registry.snapshot())
    if (s.name == "switchboard_rate_limit_unchecked_total") counted = s.value;
  EXPECT_EQ(counted, 20);

  server.restart();  // empty: the bucket starts full again
  std::this_thread::sleep_for(1100ms);  // past the pause
  Decision back = limiter.take(bucket, limit);
  EXPECT_TRUE(back.allowed);
  EXPECT_FALSE(back.unchecked);
  EXPECT_FALSE(limiter.take(bucket, limit).allowed);
}

TEST(RedisRateLimiterSetup, RefusesAMalformedUrlWithoutConnecting) {
  EXPECT_THROW(RedisRateLimiter(optionsFor("http://localhost")), std::invalid_argument);
  RedisRateLimiter limiter(optionsFor("redis://127.0.0.1:1/0"));
  EXPECT_EQ(limiter.describe(), "redis 127.0.0.1:1/0");
}

}  // namespace
}  // namespace sb::ratelimit
