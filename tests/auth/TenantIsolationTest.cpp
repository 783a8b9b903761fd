// Tenant isolation through the real routes, services and store (SQLite), without sockets.
#include "auth/ApiKeyService.hpp"
#include "auth/CredentialAuthenticator.hpp"
#include "auth/JwtVerifier.hpp"
#include "http/ApiDispatcher.hpp"
#include "http/handlers/AuthHandlers.hpp"
#include "store/Database.hpp"
#include "support/TempDir.hpp"

#include <Poco/JSON/Parser.h>
#include <gtest/gtest.h>

namespace sb::auth {
namespace {

using http::ApiRequest;
using http::ApiResponse;

Poco::JSON::Object::Ptr json(const std::string& body) {
  Poco::JSON::Parser parser;
  return parser.parse(body).extract<Poco::JSON::Object::Ptr>();
}

class TenantIsolationTest : public ::testing::Test {
 protected:
  TenantIsolationTest() {
    config::StoreSettings s;
    s.url = "sqlite:" + dir.file("iso.db");
    db = store::Database::open(s);
    repo = std::make_unique<AuthRepository>(*db);
    keys = std::make_unique<ApiKeyService>(*repo, std::chrono::seconds(10));
    jwtSettings.hs256_secret = "isolation-test-secret-0123456789abcdef";
    jwt = std::make_unique<JwtVerifier>(jwtSettings);
    issuer = std::make_unique<JwtIssuer>(jwtSettings);
    auto router = std::make_shared<http::Router>();
    http::addAuthRoutes(*router, *keys, *issuer, 3600);
    dispatcher = std::make_unique<http::ApiDispatcher>(router, std::make_shared<CredentialAuthenticator>(*keys, *jwt), 1 << 20);

    operatorKey = keys->bootstrapAdminKey()->plaintext;
    auto created = call("POST", "/api/v1/tenants", operatorKey, R"({"id":"tenant-a"})");
    EXPECT_EQ(created.status, 201) << created.body;
    tenantAKey = json(created.body)->getObject("admin_key")->getValue<std::string>("key");
    created = call("POST", "/api/v1/tenants", operatorKey, R"({"id":"tenant-b"})");
    tenantBKey = json(created.body)->getObject("admin_key")->getValue<std::string>("key");
  }

  ApiResponse call(const std::string& method, const std::string& path, const std::string& key, const std::string& body = "") {
    ApiRequest r;
    r.method = method;
    r.path = path;
    r.body = body;
    r.headers = {{"authorization", "Bearer " + key}, {"content-type", "application/json"}};
    return dispatcher->dispatch(r);
  }

  test::TempDir dir{"sb-iso"};
  config::JwtSettings jwtSettings;
  std::unique_ptr<store::Database> db;
  std::unique_ptr<AuthRepository> repo;
  std::unique_ptr<ApiKeyService> keys;
  std::unique_ptr<JwtVerifier> jwt;
  std::unique_ptr<JwtIssuer> issuer;
  std::unique_ptr<http::ApiDispatcher> dispatcher;
  std::string operatorKey, tenantAKey, tenantBKey;
};

TEST_F(TenantIsolationTest, KeyListShowsOnlyTheCallersTenantAndNeverSecrets) {
  call("POST", "/api/v1/keys", tenantAKey, R"({"name":"a-worker"})");
  auto list = call("GET", "/api/v1/keys", tenantBKey);
  ASSERT_EQ(list.status, 200);
  auto keysOfB = json(list.body)->getArray("keys");
  ASSERT_EQ(keysOfB->size(), 1u);
  EXPECT_EQ(keysOfB->getObject(0)->getValue<std::string>("tenant_id"), "tenant-b");
  EXPECT_FALSE(keysOfB->getObject(0)->has("key"));
  EXPECT_EQ(list.body.find("sbk_"), std::string::npos);
}

TEST_F(TenantIsolationTest, TenantCannotRevokeAnotherTenantsKey) {
  auto aKeyId = parseApiKey(tenantAKey)->id;
  EXPECT_EQ(call("DELETE", "/api/v1/keys/" + aKeyId, tenantBKey).status, 404);
  EXPECT_EQ(call("GET", "/api/v1/keys", tenantAKey).status, 200);  // still valid
}

TEST_F(TenantIsolationTest, OnlyTheOperatorTenantManagesTenants) {
  EXPECT_EQ(call("POST", "/api/v1/tenants", tenantAKey, R"({"id":"sneaky"})").status, 403);
  EXPECT_EQ(call("GET", "/api/v1/tenants", tenantAKey).status, 403);
  EXPECT_EQ(call("GET", "/api/v1/tenants", operatorKey).status, 200);
}

TEST_F(TenantIsolationTest, ServiceKeyCannotManageKeys) {
  auto created = call("POST", "/api/v1/keys", tenantAKey, R"({"name":"svc","role":"service"})");
  ASSERT_EQ(created.status, 201);
  auto serviceKey = json(created.body)->getValue<std::string>("key");
  EXPECT_EQ(call("GET", "/api/v1/keys", serviceKey).status, 403);
  EXPECT_EQ(call("POST", "/api/v1/keys", serviceKey, R"({"name":"escalate","role":"admin"})").status, 403);
}

TEST_F(TenantIsolationTest, IssuedTokensCarryTheIssuingTenantOnly) {
  auto issued = call("POST", "/api/v1/tokens", tenantAKey, R"({"user_id":"alice","ttl_seconds":60})");
  ASSERT_EQ(issued.status, 201) << issued.body;
  auto token = json(issued.body)->getValue<std::string>("token");
  auto me = call("GET", "/api/v1/me", token);
  ASSERT_EQ(me.status, 200);
  EXPECT_EQ(json(me.body)->getValue<std::string>("tenant_id"), "tenant-a");
  EXPECT_EQ(json(me.body)->getValue<std::string>("user_id"), "alice");
  EXPECT_EQ(call("GET", "/api/v1/keys", token).status, 403);  // an end user is not a key
}

TEST_F(TenantIsolationTest, RejectsTokenTtlBeyondTheConfiguredMaximum) {
  EXPECT_EQ(call("POST", "/api/v1/tokens", tenantAKey, R"({"user_id":"alice","ttl_seconds":999999})").status, 422);
}

}  // namespace
}  // namespace sb::auth
