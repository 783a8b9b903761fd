// The recommendation caches: in process (LRU, TTL, per-user invalidation) and in Redis
// (a real redis-server: shared between two cache objects as between two instances, expiry,
// invalidation, and a Redis outage answered as misses).
#include "recommend/serving/LocalResultCache.hpp"
#include "recommend/serving/RedisResultCache.hpp"
#include "support/RedisServer.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <thread>

namespace sb::recommend {
namespace {

using namespace std::chrono_literals;

TEST(LocalResultCache, KeepsTheMostRecentlyUsedWithinItsBound) {
  LocalResultCache cache(2, 1min);
  cache.put("t", "u1", "k", "one");
  cache.put("t", "u2", "k", "two");
  EXPECT_EQ(cache.get("t", "u1", "k"), "one");  // u1 is now the most recent
  cache.put("t", "u3", "k", "three");           // evicts u2
  EXPECT_FALSE(cache.get("t", "u2", "k"));
  EXPECT_EQ(cache.get("t", "u1", "k"), "one");
  EXPECT_EQ(cache.get("t", "u3", "k"), "three");
  EXPECT_EQ(cache.size(), 2u);
  EXPECT_FALSE(cache.get("other-tenant", "u1", "k"));
}

TEST(LocalResultCache, ExpiresAndInvalidatesOneUserAtOnce) {
  LocalResultCache cache(100, 50ms);
  cache.put("t", "u1", "a", "1");
  cache.put("t", "u1", "b", "2");
  cache.put("t", "u2", "a", "3");
  cache.invalidateUser("t", "u1");
  EXPECT_FALSE(cache.get("t", "u1", "a"));
  EXPECT_FALSE(cache.get("t", "u1", "b"));
  EXPECT_EQ(cache.get("t", "u2", "a"), "3");
  cache.put("t", "u1", "a", "fresh");
  EXPECT_EQ(cache.get("t", "u1", "a"), "fresh");
  std::this_thread::sleep_for(80ms);
  EXPECT_FALSE(cache.get("t", "u2", "a"));
  EXPECT_EQ(cache.stats().hits, 2u);  // u2 before expiry, u1 after the put
}

TEST(LocalResultCache, SizeZeroCachesNothing) {
  LocalResultCache cache(0, 1min);
  cache.put("t", "u", "k", "v");
  EXPECT_FALSE(cache.get("t", "u", "k"));
}

class RedisResultCacheTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string why;
    if (!test::RedisServer::available(&why)) GTEST_SKIP() << why;
    redis = std::make_unique<test::RedisServer>();
  }
  std::unique_ptr<test::RedisServer> redis;
};

TEST_F(RedisResultCacheTest, InstancesShareListsAndInvalidations) {
  RedisResultCache a(redis->url(), "sbtest", 1min, 2s);
  RedisResultCache b(redis->url(), "sbtest", 1min, 2s);
  a.put("t", "u1", "pipeline|10", R"({"items":[]})");
  EXPECT_EQ(b.get("t", "u1", "pipeline|10"), R"({"items":[]})");
  EXPECT_FALSE(b.get("t", "u1", "other"));
  EXPECT_FALSE(b.get("t2", "u1", "pipeline|10"));
  b.invalidateUser("t", "u1");
  EXPECT_FALSE(a.get("t", "u1", "pipeline|10"));
  RedisResultCache otherPrefix(redis->url(), "elsewhere", 1min, 2s);
  a.put("t", "u1", "k", "v");
  EXPECT_FALSE(otherPrefix.get("t", "u1", "k"));
}

TEST_F(RedisResultCacheTest, ListsExpireAfterTheTtl) {
  RedisResultCache cache(redis->url(), "sbtest", 100ms, 2s);
  cache.put("t", "u", "k", "v");
  EXPECT_EQ(cache.get("t", "u", "k"), "v");
  std::this_thread::sleep_for(200ms);
  EXPECT_FALSE(cache.get("t", "u", "k"));
}

TEST_F(RedisResultCacheTest, AnOutageIsAMissNeverAnErrorAndIsRiddenOut) {
  RedisResultCache cache(redis->url(), "sbtest", 1min, 500ms);
  cache.put("t", "u", "k", "v");
  redis->stop();
  auto started = std::chrono::steady_clock::now();
  EXPECT_FALSE(cache.get("t", "u", "k"));
  cache.put("t", "u", "k", "v2");
  cache.invalidateUser("t", "u");
  for (int i = 0; i < 100; ++i) EXPECT_FALSE(cache.get("t", "u", "k"));  // paused: no connect per call
  EXPECT_LT(std::chrono::steady_clock::now() - started, 5s);
  redis->restart();
  std::this_thread::sleep_for(1100ms);  // the pause after a failure
  cache.put("t", "u", "k", "back");
  EXPECT_EQ(cache.get("t", "u", "k"), "back");
}

}  // namespace
}  // namespace sb::recommend
