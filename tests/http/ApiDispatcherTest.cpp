#include "core/Error.hpp"
#include "http/ApiDispatcher.hpp"

#include <Poco/JSON/Parser.h>
#include <gtest/gtest.h>

#include <map>

namespace sb::http {
namespace {

// A fixed table of credentials: the dispatcher is what is under test here.
class TableAuthenticator final : public auth::Authenticator {
 public:
  auth::Principal authenticate(const auth::Credential& c) override {
    if (c.kind == auth::Credential::Kind::ApiKey && c.value == "admin-key") return {"t1", auth::Role::Admin, "k1", "", false};
    if (c.kind == auth::Credential::Kind::ApiKey && c.value == "service-key") return {"t1", auth::Role::Service, "k2", "", false};
    if (c.kind == auth::Credential::Kind::Jwt && c.value == "a.b.c") return {"t1", auth::Role::User, "", "u1", false};
    throw Error(ErrorKind::Unauthenticated, "unauthenticated", "bad credential");
  }
};

class ApiDispatcherTest : public ::testing::Test {
 protected:
  ApiDispatcherTest() {
    auto router = std::make_shared<Router>();
    router->add("GET", "/health", Access::Public, [](const ApiRequest&) { return ApiResponse::text(200, "ok"); });
    router->add("GET", "/api/v1/admin", Access::Admin, [](const ApiRequest& r) {
      return ApiResponse::text(200, r.caller().key_id);
    });
    router->add("GET", "/api/v1/service", Access::Key, [](const ApiRequest&) { return ApiResponse::text(200, "svc"); });
    router->add("GET", "/api/v1/anyone", Access::Any, [](const ApiRequest& r) {
      return ApiResponse::text(200, r.caller().describe());
    });
    router->add("POST", "/api/v1/echo", Access::Key, [](const ApiRequest& r) {
      return ApiResponse::json(200, r.jsonObject());
    });
    router->add("GET", "/api/v1/boom", Access::Key, [](const ApiRequest&) -> ApiResponse {
      throw std::runtime_error("database password=hunter2 leaked?");
    });
    dispatcher = std::make_unique<ApiDispatcher>(router, std::make_shared<TableAuthenticator>(), 1024);
  }

  ApiResponse call(const std::string& method, const std::string& path, std::vector<std::pair<std::string, std::string>> headers = {},
                   std::string body = "") {
    ApiRequest r;
    r.method = method;
    r.path = path;
    r.headers = std::move(headers);
    r.body = std::move(body);
    r.request_id = "rid-1";
    return dispatcher->dispatch(r);
  }

  static std::string errorCode(const ApiResponse& response) {
    Poco::JSON::Parser parser;
    auto root = parser.parse(response.body).extract<Poco::JSON::Object::Ptr>();
    return root->getObject("error")->getValue<std::string>("code");
  }

  std::unique_ptr<ApiDispatcher> dispatcher;
};

TEST_F(ApiDispatcherTest, HealthNeedsNoCredential) { EXPECT_EQ(call("GET", "/health").status, 200); }

TEST_F(ApiDispatcherTest, ProtectedRouteWithoutCredentialIs401WithEnvelope) {
  auto r = call("GET", "/api/v1/admin");
  EXPECT_EQ(r.status, 401);
  EXPECT_EQ(errorCode(r), "unauthenticated");
}

TEST_F(ApiDispatcherTest, UnknownApiPathWithoutCredentialIs401NotA404) {
  EXPECT_EQ(call("GET", "/api/v1/secret-feature").status, 401);
  EXPECT_EQ(call("GET", "/api/v1/secret-feature", {{"x-api-key", "admin-key"}}).status, 404);
}

TEST_F(ApiDispatcherTest, AcceptsBearerAndXApiKey) {
  EXPECT_EQ(call("GET", "/api/v1/admin", {{"authorization", "Bearer admin-key"}}).body, "k1");
  EXPECT_EQ(call("GET", "/api/v1/admin", {{"x-api-key", "admin-key"}}).body, "k1");
}

TEST_F(ApiDispatcherTest, WrongCredentialIs401) {
  EXPECT_EQ(call("GET", "/api/v1/admin", {{"authorization", "Bearer nope"}}).status, 401);
  EXPECT_EQ(call("GET", "/api/v1/admin", {{"authorization", "Basic YWRtaW46YWRtaW4="}}).status, 401);
}

TEST_F(ApiDispatcherTest, ServiceKeyOnAdminRouteIs403) {
  auto r = call("GET", "/api/v1/admin", {{"authorization", "Bearer service-key"}});
  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(errorCode(r), "forbidden");
}

TEST_F(ApiDispatcherTest, EndUserTokenReachesAnyRoutesButNotKeyRoutes) {
  EXPECT_EQ(call("GET", "/api/v1/anyone", {{"authorization", "Bearer a.b.c"}}).body, "user:t1/u1");
  EXPECT_EQ(call("GET", "/api/v1/service", {{"authorization", "Bearer a.b.c"}}).status, 403);
}

TEST_F(ApiDispatcherTest, MalformedJsonIs400AndWrongContentTypeIs415) {
  std::vector<std::pair<std::string, std::string>> json = {{"x-api-key", "service-key"}, {"content-type", "application/json"}};
  auto bad = call("POST", "/api/v1/echo", json, "{not json");
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(errorCode(bad), "invalid_json");
  auto wrongType = call("POST", "/api/v1/echo", {{"x-api-key", "service-key"}, {"content-type", "text/plain"}}, "{}");
  EXPECT_EQ(wrongType.status, 415);
  auto ok = call("POST", "/api/v1/echo", json, "{\"a\":1}");
  EXPECT_EQ(ok.status, 200);
  EXPECT_EQ(ok.body, "{\"a\":1}");
}

TEST_F(ApiDispatcherTest, WrongMethodIs405WithAllowHeader) {
  auto r = call("DELETE", "/api/v1/admin", {{"x-api-key", "admin-key"}});
  EXPECT_EQ(r.status, 405);
  bool allow = false;
  for (const auto& [k, v] : r.headers) allow |= (k == "Allow" && v == "GET");
  EXPECT_TRUE(allow);
}

TEST_F(ApiDispatcherTest, UnexpectedExceptionIs500WithoutInternalsButWithRequestId) {
  auto r = call("GET", "/api/v1/boom", {{"x-api-key", "service-key"}});
  EXPECT_EQ(r.status, 500);
  EXPECT_EQ(r.body.find("hunter2"), std::string::npos);
  EXPECT_NE(r.body.find("rid-1"), std::string::npos);
}

}  // namespace
}  // namespace sb::http
