// Rate limits through the real binary. One instance with tight limits: a burst over the
// limit gets 429 with Retry-After, the X-RateLimit-* headers and the error envelope, and
// every end user has buckets of their own. Two instances sharing Redis: a burst split
// across both is limited as a whole; without Redis each instance counts alone; with Redis
// down requests pass unchecked.
#include "integration/SwitchboardServer.hpp"
#include "support/PostgresServer.hpp"
#include "support/RedisServer.hpp"

#include <gtest/gtest.h>

namespace sb::test {
namespace {

using Headers = std::vector<std::pair<std::string, std::string>>;

Headers bearer(const std::string& credential) { return {{"Authorization", "Bearer " + credential}}; }

std::string headerOf(const HttpResult& r, const std::string& lowerCaseName) {
  auto it = r.headers.find(lowerCaseName);
  return it == r.headers.end() ? "<missing>" : it->second;
}

int64_t intHeader(const HttpResult& r, const std::string& lowerCaseName) {
  return std::stoll(headerOf(r, lowerCaseName));
}

std::vector<HttpResult> burst(int port, int n, const std::string& path, const std::string& credential) {
  std::vector<HttpResult> out;
  for (int i = 0; i < n; ++i) out.push_back(httpRequest(port, "GET", path, bearer(credential)));
  return out;
}

int countStatus(const std::vector<HttpResult>& results, int status) {
  int n = 0;
  for (const auto& r : results) n += r.status == status ? 1 : 0;
  return n;
}

std::string userToken(SwitchboardServer& server, const std::string& key, const std::string& user) {
  auto put = httpRequest(server.port(), "PUT", "/api/v1/users/" + user, bearer(key), "{}");
  EXPECT_LT(put.status, 300) << put.body;
  auto r = server.post("/api/v1/tokens", R"({"user_id":")" + user + R"(","ttl_seconds":600})", key);
  EXPECT_EQ(r.status, 201) << r.body;
  return json(r.body)->getValue<std::string>("token");
}

// Slow refill (one token per 5 s), so the test's own pace never refills a bucket.
const std::string kTightLimits =
    "rate_limits:\n"
    "  per_key:\n"
    "    read: {rate: 0.2, burst: 5}\n"
    "  per_user:\n"
    "    read: {rate: 0.2, burst: 3}\n";

TEST(RateLimit, ABurstOverTheKeyLimitGets429WithHeadersAndTheEnvelope) {
  ServerOptions o;
  o.extra_yaml = kTightLimits;
  SwitchboardServer server(o);
  const std::string key = server.adminKey();

  auto results = burst(server.port(), 8, "/api/v1/templates", key);
  for (int i = 0; i < 5; ++i) {
    ASSERT_EQ(results[static_cast<size_t>(i)].status, 200) << i << ": " << results[static_cast<size_t>(i)].body;
    EXPECT_EQ(intHeader(results[static_cast<size_t>(i)], "x-ratelimit-remaining"), 4 - i);
  }
  EXPECT_EQ(countStatus(results, 429), 3);
  const HttpResult& refused = results.back();
  ASSERT_EQ(refused.status, 429) << refused.body;
  EXPECT_EQ(headerOf(refused, "x-ratelimit-limit"), "5");
  EXPECT_EQ(headerOf(refused, "x-ratelimit-remaining"), "0");
  EXPECT_GT(intHeader(refused, "x-ratelimit-reset"), 20);  // 5 tokens at 0.2/s: ~25 s
  EXPECT_GT(intHeader(refused, "retry-after"), 0);
  EXPECT_LE(intHeader(refused, "retry-after"), 5);
  auto error = json(refused.body)->getObject("error");
  ASSERT_TRUE(error) << refused.body;
  EXPECT_EQ(error->getValue<std::string>("code"), "rate_limited");
  auto details = error->getObject("details");
  EXPECT_EQ(details->getValue<int>("limit"), 5);
  EXPECT_EQ(details->getValue<std::string>("scope"), "key");
  EXPECT_EQ(details->getValue<std::string>("class"), "read");
  EXPECT_EQ(details->getValue<int64_t>("retry_after_seconds"), intHeader(refused, "retry-after"));

  // Writes have their own bucket, and health is never limited.
  EXPECT_EQ(httpRequest(server.port(), "PUT", "/api/v1/users/carol", bearer(key), "{}").status, 201);
  for (int i = 0; i < 10; ++i) ASSERT_EQ(server.get("/health/ready").status, 200);

  // The refusals are counted (the scrape itself is public to the limiter: it has its own auth).
  auto metrics = server.get("/metrics", key);
  ASSERT_EQ(metrics.status, 200) << metrics.body;
  EXPECT_NE(metrics.body.find("switchboard_rate_limited_total{class=\"read\",scope=\"key\"} 3"), std::string::npos)
      << metrics.body;
}

TEST(RateLimit, EveryEndUserHasBucketsOfTheirOwn) {
  ServerOptions o;
  o.extra_yaml = kTightLimits;
  SwitchboardServer server(o);
  const std::string key = server.adminKey();
  const std::string alice = userToken(server, key, "alice");
  const std::string bob = userToken(server, key, "bob");

  auto aliceResults = burst(server.port(), 5, "/api/v1/users/alice/inbox", alice);
  EXPECT_EQ(countStatus(aliceResults, 200), 3);
  EXPECT_EQ(countStatus(aliceResults, 429), 2);
  const HttpResult& refused = aliceResults.back();
  EXPECT_EQ(headerOf(refused, "x-ratelimit-limit"), "3");
  EXPECT_GT(intHeader(refused, "retry-after"), 0);
  auto details = json(refused.body)->getObject("error")->getObject("details");
  EXPECT_EQ(details->getValue<std::string>("scope"), "user");

  // Bob, and the key that minted both tokens, are untouched by Alice's burst.
  auto bobFirst = httpRequest(server.port(), "GET", "/api/v1/users/bob/inbox", bearer(bob));
  EXPECT_EQ(bobFirst.status, 200) << bobFirst.body;
  EXPECT_EQ(headerOf(bobFirst, "x-ratelimit-remaining"), "2");
  auto keyRead = server.get("/api/v1/templates", key);
  EXPECT_EQ(keyRead.status, 200);
  EXPECT_EQ(headerOf(keyRead, "x-ratelimit-limit"), "5");
}

class SharedRateLimitTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string why;
    if (!PostgresServer::available(&why)) GTEST_SKIP() << why;
    if (!RedisServer::available(&why)) GTEST_SKIP() << why;
    store = PostgresServer::shared().createDatabase();  // one store: the admin key works on both
  }
  // Two instances, with or without the shared Redis.
  void startPair(const std::string& redisUrl) {
    ServerOptions o;
    o.store_url = store;
    o.extra_yaml =
        "rate_limits:\n  per_key:\n    read: {rate: 0.1, burst: 10}\n" +
        (redisUrl.empty() ? std::string() : "redis:\n  url: " + redisUrl + "\n  connect_timeout: 500ms\n");
    a = std::make_unique<SwitchboardServer>(o);
    key = a->adminKey();
    b = std::make_unique<SwitchboardServer>(o);
  }

  std::string store;
  std::unique_ptr<SwitchboardServer> a, b;
  std::string key;
};

TEST_F(SharedRateLimitTest, ABurstSplitAcrossTwoInstancesIsLimitedAsAWhole) {
  RedisServer redis;
  startPair(redis.url());
  auto onA = burst(a->port(), 6, "/api/v1/templates", key);
  EXPECT_EQ(countStatus(onA, 200), 6);
  auto onB = burst(b->port(), 6, "/api/v1/templates", key);
  ASSERT_EQ(onB.front().status, 200) << onB.front().body;
  EXPECT_EQ(headerOf(onB.front(), "x-ratelimit-remaining"), "3");  // B sees what A took
  EXPECT_EQ(countStatus(onB, 200), 4);
  EXPECT_EQ(countStatus(onB, 429), 2);
  EXPECT_GT(intHeader(onB.back(), "retry-after"), 0);
  EXPECT_EQ(headerOf(onB.back(), "x-ratelimit-limit"), "10");
  // And A is refused now too: the bucket is one.
  EXPECT_EQ(a->get("/api/v1/templates", key).status, 429);

  // Redis down: the API stays up, requests pass unchecked (no numbers to tell).
  redis.stop();
  auto during = burst(b->port(), 5, "/api/v1/templates", key);
  EXPECT_EQ(countStatus(during, 200), 5) << during.back().body;
  EXPECT_EQ(headerOf(during.back(), "x-ratelimit-limit"), "<missing>");
}

TEST_F(SharedRateLimitTest, WithoutRedisEachInstanceCountsAlone) {
  startPair("");
  EXPECT_EQ(countStatus(burst(a->port(), 6, "/api/v1/templates", key), 200), 6);
  EXPECT_EQ(countStatus(burst(b->port(), 6, "/api/v1/templates", key), 200), 6);
  EXPECT_EQ(countStatus(burst(b->port(), 6, "/api/v1/templates", key), 429), 2);
}

}  // namespace
}  // namespace sb::test
