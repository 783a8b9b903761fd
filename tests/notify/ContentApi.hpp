// ContentApi: the user and template routes over a real SQLite store, called through the real
// dispatcher (authentication, routing, error envelope) without sockets. Two tenants, each
// with a service key.
#pragma once

#include "auth/ApiKeyService.hpp"
#include "core/Error.hpp"
#include "auth/CredentialAuthenticator.hpp"
#include "auth/JwtVerifier.hpp"
#include "http/ApiDispatcher.hpp"
#include "http/handlers/TemplateHandlers.hpp"
#include "http/handlers/UserHandlers.hpp"
#include "notify/templates/TemplateService.hpp"
#include "notify/users/UserService.hpp"
#include "store/Database.hpp"
#include "support/ApiResponseJson.hpp"
#include "support/TempDir.hpp"

#include <Poco/JSON/Parser.h>
#include <Poco/URI.h>
#include <gtest/gtest.h>

#include <memory>
#include <string>

namespace sb::notify::testing {

using sb::test::errorCode;
using sb::test::errorDetail;
using sb::test::parseObject;

class ContentApi : public ::testing::Test {
 protected:
  ContentApi() {
    config::StoreSettings s;
    s.url = "sqlite:" + dir.file("content.db");
    s.pool_size = 4;
    db = store::Database::open(s);
    authRepository = std::make_unique<auth::AuthRepository>(*db);
    keys = std::make_unique<auth::ApiKeyService>(*authRepository, std::chrono::seconds(10));
    jwt = std::make_unique<auth::JwtVerifier>(jwtSettings);
    userRepository = std::make_unique<UserRepository>(*db);
    users = std::make_unique<UserService>(*userRepository);
    templateRepository = std::make_unique<TemplateRepository>(*db);
    templates = std::make_unique<TemplateService>(*templateRepository);

    auto router = std::make_shared<http::Router>();
    http::addUserRoutes(*router, *users);
    http::addTemplateRoutes(*router, *templates);
    dispatcher = std::make_unique<http::ApiDispatcher>(
        router, std::make_shared<auth::CredentialAuthenticator>(*keys, *jwt), 1 << 20);

    keys->createTenant("tenant-a", "A");
    keys->createTenant("tenant-b", "B");
    keyA = keys->createKey("tenant-a", "svc", auth::Role::Service).plaintext;
    keyB = keys->createKey("tenant-b", "svc", auth::Role::Service).plaintext;
  }

  // `target` may carry a query string; the path is decoded as the server decodes it.
  http::ApiResponse call(const std::string& method, const std::string& target, const std::string& key,
                         const std::string& body = "") {
    Poco::URI uri(target);
    http::ApiRequest r;
    r.method = method;
    r.path = uri.getPath();
    for (auto& kv : uri.getQueryParameters()) r.query.push_back(kv);
    r.body = body;
    r.headers = {{"content-type", "application/json"}};
    if (!key.empty()) r.headers.emplace_back("authorization", "Bearer " + key);
    return dispatcher->dispatch(r);
  }
  http::ApiResponse callA(const std::string& method, const std::string& target, const std::string& body = "") {
    return call(method, target, keyA, body);
  }
  http::ApiResponse callB(const std::string& method, const std::string& target, const std::string& body = "") {
    return call(method, target, keyB, body);
  }

  sb::test::TempDir dir{"sb-content"};
  config::JwtSettings jwtSettings;
  std::unique_ptr<store::Database> db;
  std::unique_ptr<auth::AuthRepository> authRepository;
  std::unique_ptr<auth::ApiKeyService> keys;
  std::unique_ptr<auth::JwtVerifier> jwt;
  std::unique_ptr<UserRepository> userRepository;
  std::unique_ptr<UserService> users;
  std::unique_ptr<TemplateRepository> templateRepository;
  std::unique_ptr<TemplateService> templates;
  std::unique_ptr<http::ApiDispatcher> dispatcher;
  std::string keyA, keyB;
};

}  // namespace sb::notify::testing
