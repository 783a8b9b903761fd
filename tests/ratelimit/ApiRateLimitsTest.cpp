#include "metrics/MetricsRegistry.hpp"
#include "ratelimit/ApiRateLimits.hpp"
#include "ratelimit/LocalRateLimiter.hpp"
#include "ratelimit/RateLimitResponse.hpp"

#include <gtest/gtest.h>

#include <map>

namespace sb::ratelimit {
namespace {

config::RateLimitSettings tightLimits() {
  config::RateLimitSettings s;
  s.per_key.read = {1, 3};
  s.per_key.write = {1, 2};
  s.per_key.bulk = {1, 1};
  s.per_key.auth = {1, 0};  // not limited
  s.per_user.read = {1, 2};
  s.per_user.write = {1, 1};
  return s;
}

std::string header(const HeaderList& headers, const std::string& name) {
  for (const auto& [n, v] : headers)
    if (n == name) return v;
  return "<missing>";
}

double counter(const metrics::MetricsRegistry& registry, const std::string& labels) {
  for (const auto& sample : registry.snapshot())
    if (sample.name == "switchboard_rate_limited_total" && sample.labels == labels) return sample.value;
  return 0;
}

class ApiRateLimitsTest : public ::testing::Test {
 protected:
  metrics::MetricsRegistry registry;
  ApiRateLimits limits{tightLimits(), std::make_unique<LocalRateLimiter>(), &registry};

  int allowedInARow(RateClass rateClass, const Caller& caller) {
    int n = 0;
    while (n < 100) {
      auto v = limits.take(rateClass, caller);
      if (!v || !v->decision.allowed) break;
      ++n;
    }
    return n;
  }
};

TEST_F(ApiRateLimitsTest, EachClassHasItsOwnBucketPerKey) {
  const Caller key = Caller::apiKey("k1");
  EXPECT_EQ(allowedInARow(RateClass::Read, key), 3);
  EXPECT_EQ(allowedInARow(RateClass::Write, key), 2);  // reads used up nothing of it
  EXPECT_EQ(allowedInARow(RateClass::Bulk, key), 1);
  EXPECT_EQ(allowedInARow(RateClass::Read, Caller::apiKey("k2")), 3);
}

TEST_F(ApiRateLimitsTest, UsersHaveTheirOwnBucketsPerTenantAndUser) {
  EXPECT_EQ(allowedInARow(RateClass::Read, Caller::endUser("t1", "alice")), 2);
  EXPECT_EQ(allowedInARow(RateClass::Read, Caller::endUser("t1", "bob")), 2);
  EXPECT_EQ(allowedInARow(RateClass::Read, Caller::endUser("t2", "alice")), 2);
  // A key whose id happens to be a user's name shares nothing with the user.
  EXPECT_EQ(allowedInARow(RateClass::Read, Caller::apiKey("t1:alice")), 3);
}

TEST_F(ApiRateLimitsTest, UsersDrawBulkAndAuthFromTheirWriteBucket) {
  const Caller user = Caller::endUser("t1", "alice");
  auto first = limits.take(RateClass::Bulk, user);
  ASSERT_TRUE(first);
  EXPECT_TRUE(first->decision.allowed);
  EXPECT_EQ(first->rate_class, RateClass::Write);
  auto second = limits.take(RateClass::Auth, user);
  ASSERT_TRUE(second);
  EXPECT_FALSE(second->decision.allowed);
  EXPECT_FALSE(limits.take(RateClass::Write, user)->decision.allowed);
}

TEST_F(ApiRateLimitsTest, ABurstOfZeroMeansNotLimited) {
  EXPECT_FALSE(limits.take(RateClass::Auth, Caller::apiKey("k1")));
  EXPECT_FALSE(limits.limitFor(RateClass::Auth, Scope::Key));
  EXPECT_EQ(limits.limitFor(RateClass::Read, Scope::Key), (BucketLimit{1, 3}));
}

TEST_F(ApiRateLimitsTest, CountsRefusalsByClassAndScope) {
  allowedInARow(RateClass::Read, Caller::apiKey("k1"));  // one refusal ends the run
  limits.take(RateClass::Read, Caller::apiKey("k1"));
  allowedInARow(RateClass::Write, Caller::endUser("t1", "alice"));
  EXPECT_EQ(counter(registry, "class=read,scope=key"), 2);
  EXPECT_EQ(counter(registry, "class=write,scope=user"), 1);
  EXPECT_EQ(counter(registry, "class=write,scope=key"), 0);
}

TEST(ApiRateLimits, BucketNamesSayScopeClassAndCaller) {
  EXPECT_EQ(ApiRateLimits::bucketName(RateClass::Read, Caller::apiKey("ab12")), "key:read:ab12");
  EXPECT_EQ(ApiRateLimits::bucketName(RateClass::Write, Caller::endUser("acme", "u:1")), "user:write:acme:u:1");
}

TEST(RateLimitResponse, AnAllowedTakeCarriesTheThreeRateLimitHeaders) {
  Verdict v;
  v.decision = {true, 10, 7, 2, 0, false};
  auto headers = rateLimitHeaders(v);
  EXPECT_EQ(header(headers, "X-RateLimit-Limit"), "10");
  EXPECT_EQ(header(headers, "X-RateLimit-Remaining"), "7");
  EXPECT_EQ(header(headers, "X-RateLimit-Reset"), "2");
  EXPECT_EQ(header(headers, "Retry-After"), "<missing>");
}

TEST(RateLimitResponse, ARefusalAddsRetryAfterAndAnErrorWithDetails) {
  Verdict v;
  v.decision = {false, 10, 0, 5, 1, false};
  v.scope = Scope::User;
  v.rate_class = RateClass::Write;
  v.limit = {2.5, 10};
  EXPECT_EQ(header(rateLimitHeaders(v), "Retry-After"), "1");
  Error e = rateLimitedError(v);
  EXPECT_EQ(e.kind(), ErrorKind::RateLimited);
  EXPECT_EQ(e.code(), "rate_limited");
  auto d = e.details();
  ASSERT_TRUE(d);
  EXPECT_EQ(d->getValue<int64_t>("limit"), 10);
  EXPECT_DOUBLE_EQ(d->getValue<double>("rate"), 2.5);
  EXPECT_EQ(d->getValue<int64_t>("retry_after_seconds"), 1);
  EXPECT_EQ(d->getValue<std::string>("scope"), "user");
  EXPECT_EQ(d->getValue<std::string>("class"), "write");
}

TEST(RateLimitResponse, AnUncheckedTakeClaimsNothing) {
  Verdict v;
  v.decision.unchecked = true;
  EXPECT_TRUE(rateLimitHeaders(v).empty());
}

TEST(RateClass, DefaultsFromTheMethodAndParsesNames) {
  EXPECT_EQ(defaultRateClassFor("GET"), RateClass::Read);
  EXPECT_EQ(defaultRateClassFor("HEAD"), RateClass::Read);
  EXPECT_EQ(defaultRateClassFor("POST"), RateClass::Write);
  EXPECT_EQ(defaultRateClassFor("DELETE"), RateClass::Write);
  EXPECT_EQ(parseRateClass("bulk"), RateClass::Bulk);
  EXPECT_FALSE(parseRateClass("everything"));
}

}  // namespace
}  // namespace sb::ratelimit
