// The dispatcher with rate limits: what a caller over its limit gets back, and what is
// never limited. Real router, limiter and policy; only the credentials are a fixed table.
#include "core/Error.hpp"
#include "http/ApiDispatcher.hpp"
#include "ratelimit/ApiRateLimits.hpp"
#include "ratelimit/LocalRateLimiter.hpp"

#include <Poco/JSON/Parser.h>
#include <gtest/gtest.h>

namespace sb::http {
namespace {

class TableAuthenticator final : public auth::Authenticator {
 public:
  auth::Principal authenticate(const auth::Credential& c) override {
    if (c.value == "key-1") return {"t1", auth::Role::Service, "k1", "", false};
    if (c.value == "key-2") return {"t1", auth::Role::Service, "k2", "", false};
    if (c.value == "alice.jwt.x") return {"t1", auth::Role::User, "", "alice", false};
    if (c.value == "bob.jwt.x") return {"t1", auth::Role::User, "", "bob", false};
    throw Error(ErrorKind::Unauthenticated, "unauthenticated", "bad credential");
  }
};

class RateLimitedDispatchTest : public ::testing::Test {
 protected:
  RateLimitedDispatchTest() {
    auto router = std::make_shared<Router>();
    router->add("GET", "/health", Access::Public, [](const ApiRequest&) { return ApiResponse::text(200, "ok"); });
    router->add("GET", "/api/v1/things", Access::Any, [](const ApiRequest&) { return ApiResponse::text(200, "list"); });
    router->add("POST", "/api/v1/things", Access::Key, [](const ApiRequest&) { return ApiResponse::text(201, "made"); });
    router->add("POST", "/api/v1/things/batch", Access::Key,
                [](const ApiRequest&) { return ApiResponse::text(202, "batch"); });
    router->add("GET", "/api/v1/broken", Access::Key,
                [](const ApiRequest&) -> ApiResponse { throw notFound("thing"); });
    EXPECT_TRUE(router->setRateClass("POST", "/api/v1/things/batch", ratelimit::RateClass::Bulk));
    EXPECT_FALSE(router->setRateClass("POST", "/api/v1/nothing", ratelimit::RateClass::Bulk));

    config::RateLimitSettings limits;
    limits.per_key.read = {1, 3};
    limits.per_key.write = {1, 2};
    limits.per_key.bulk = {1, 1};
    limits.per_user.read = {1, 2};
    dispatcher = std::make_unique<ApiDispatcher>(router, std::make_shared<TableAuthenticator>(), 1024);
    dispatcher->setRateLimits(std::make_shared<ratelimit::ApiRateLimits>(
        limits, std::make_unique<ratelimit::LocalRateLimiter>(), nullptr));
  }

  ApiResponse call(const std::string& method, const std::string& path, const std::string& credential = "") {
    ApiRequest r;
    r.method = method;
    r.path = path;
    if (!credential.empty()) r.headers.emplace_back("authorization", "Bearer " + credential);
    r.request_id = "rid";
    return dispatcher->dispatch(r);
  }

  static std::string header(const ApiResponse& response, const std::string& name) {
    for (const auto& [n, v] : response.headers)
      if (n == name) return v;
    return "<missing>";
  }

  // Status codes of `n` calls in a row.
  std::vector<int> statuses(int n, const std::string& method, const std::string& path, const std::string& credential) {
    std::vector<int> out;
    for (int i = 0; i < n; ++i) out.push_back(call(method, path, credential).status);
    return out;
  }

  std::unique_ptr<ApiDispatcher> dispatcher;
};

TEST_F(RateLimitedDispatchTest, ABurstOverTheLimitGets429WithHeadersAndTheEnvelope) {
  EXPECT_EQ(statuses(3, "GET", "/api/v1/things", "key-1"), (std::vector<int>{200, 200, 200}));
  ApiResponse refused = call("GET", "/api/v1/things", "key-1");
  ASSERT_EQ(refused.status, 429);
  EXPECT_EQ(header(refused, "Retry-After"), "1");
  EXPECT_EQ(header(refused, "X-RateLimit-Limit"), "3");
  EXPECT_EQ(header(refused, "X-RateLimit-Remaining"), "0");
  EXPECT_EQ(header(refused, "X-RateLimit-Reset"), "3");
  Poco::JSON::Parser parser;
  auto error = parser.parse(refused.body).extract<Poco::JSON::Object::Ptr>()->getObject("error");
  EXPECT_EQ(error->getValue<std::string>("code"), "rate_limited");
  auto details = error->getObject("details");
  EXPECT_EQ(details->getValue<int>("limit"), 3);
  EXPECT_EQ(details->getValue<int>("retry_after_seconds"), 1);
  EXPECT_EQ(details->getValue<std::string>("scope"), "key");
  EXPECT_EQ(details->getValue<std::string>("class"), "read");
}

TEST_F(RateLimitedDispatchTest, AllowedAnswersCarryTheRateLimitHeadersToo) {
  ApiResponse first = call("GET", "/api/v1/things", "key-1");
  EXPECT_EQ(header(first, "X-RateLimit-Limit"), "3");
  EXPECT_EQ(header(first, "X-RateLimit-Remaining"), "2");
  EXPECT_EQ(header(first, "Retry-After"), "<missing>");
  // A handler's own error still tells how the bucket stands.
  ApiResponse missing = call("GET", "/api/v1/broken", "key-1");
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(header(missing, "X-RateLimit-Remaining"), "1");
}

TEST_F(RateLimitedDispatchTest, ClassesKeysAndUsersDrawFromSeparateBuckets) {
  statuses(4, "GET", "/api/v1/things", "key-1");
  EXPECT_EQ(statuses(3, "POST", "/api/v1/things", "key-1"), (std::vector<int>{201, 201, 429}));
  EXPECT_EQ(statuses(2, "POST", "/api/v1/things/batch", "key-1"), (std::vector<int>{202, 429}));
  EXPECT_EQ(call("GET", "/api/v1/things", "key-2").status, 200);
  EXPECT_EQ(statuses(3, "GET", "/api/v1/things", "alice.jwt.x"), (std::vector<int>{200, 200, 429}));
  ApiResponse bob = call("GET", "/api/v1/things", "bob.jwt.x");
  EXPECT_EQ(bob.status, 200);
  EXPECT_EQ(header(bob, "X-RateLimit-Limit"), "2");
}

TEST_F(RateLimitedDispatchTest, PublicRoutesAndUnauthenticatedCallsAreNeverLimited) {
  for (int i = 0; i < 20; ++i) {
    ApiResponse health = call("GET", "/health");
    ASSERT_EQ(health.status, 200);
    EXPECT_EQ(header(health, "X-RateLimit-Limit"), "<missing>");
  }
  for (int i = 0; i < 10; ++i) ASSERT_EQ(call("GET", "/api/v1/things").status, 401);
  EXPECT_EQ(call("GET", "/api/v1/things", "key-1").status, 200);  // the 401s cost key-1 nothing
}

}  // namespace
}  // namespace sb::http
