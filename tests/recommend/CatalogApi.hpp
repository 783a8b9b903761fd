// CatalogApi: the item and event routes over a real SQLite store, called through the real
// dispatcher (authentication, routing, error envelope) without sockets. Two tenants, each
// with a service key; custom event weights; a listener that records its calls.
#pragma once

#include "auth/ApiKeyService.hpp"
#include "auth/CredentialAuthenticator.hpp"
#include "auth/JwtVerifier.hpp"
#include "http/ApiDispatcher.hpp"
#include "http/handlers/EventHandlers.hpp"
#include "http/handlers/ItemHandlers.hpp"
#include "recommend/catalog/EventService.hpp"
#include "recommend/catalog/ItemService.hpp"
#include "store/Database.hpp"
#include "support/ApiResponseJson.hpp"
#include "support/TempDir.hpp"

#include <Poco/JSON/Parser.h>
#include <Poco/URI.h>
#include <gtest/gtest.h>

#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

namespace sb::recommend::testing {

using sb::test::errorCode;
using sb::test::errorDetail;
using sb::test::parseObject;

struct RecordingListener : EventListener {
  void eventsRecorded(const std::string& tenant, const std::vector<std::string>& users) override {
    std::lock_guard lock(mutex);
    calls.emplace_back(tenant, users);
  }
  std::mutex mutex;
  std::vector<std::pair<std::string, std::vector<std::string>>> calls;
};

inline config::EventWeightSettings testWeights() {
  config::EventWeightSettings w;
  w.view = 1.5;
  w.click = 2.5;
  w.purchase = 7;
  w.rating = 2;
  w.watch = 4;
  w.watchlist_add = 3;
  w.watchlist_remove = -1;
  return w;
}

class CatalogApi : public ::testing::Test {
 protected:
  CatalogApi() {
    config::StoreSettings s;
    s.url = "sqlite:" + dir.file("catalog.db");
    s.pool_size = 4;
    db = store::Database::open(s);
    authRepository = std::make_unique<auth::AuthRepository>(*db);
    keys = std::make_unique<auth::ApiKeyService>(*authRepository, std::chrono::seconds(10));
    jwt = std::make_unique<auth::JwtVerifier>(jwtSettings);
    itemRepository = std::make_unique<ItemRepository>(*db);
    items = std::make_unique<ItemService>(*itemRepository);
    eventRepository = std::make_unique<EventRepository>(*db);
    events = std::make_unique<EventService>(*eventRepository, testWeights(), &listener);

    auto router = std::make_shared<http::Router>();
    http::addItemRoutes(*router, *items);
    http::addEventRoutes(*router, *events);
    dispatcher = std::make_unique<http::ApiDispatcher>(
        router, std::make_shared<auth::CredentialAuthenticator>(*keys, *jwt), 64 << 20);

    keys->createTenant("tenant-a", "A");
    keys->createTenant("tenant-b", "B");
    keyA = keys->createKey("tenant-a", "svc", auth::Role::Service).plaintext;
    keyB = keys->createKey("tenant-b", "svc", auth::Role::Service).plaintext;
  }

  // `target` may carry a query string; the path is decoded as the server decodes it.
  http::ApiResponse call(const std::string& method, const std::string& target, const std::string& key,
                         const std::string& body = "", const std::string& contentType = "application/json") {
    Poco::URI uri(target);
    http::ApiRequest r;
    r.method = method;
    r.path = uri.getPath();
    for (auto& kv : uri.getQueryParameters()) r.query.push_back(kv);
    r.body = body;
    r.headers = {{"content-type", contentType}};
    if (!key.empty()) r.headers.emplace_back("authorization", "Bearer " + key);
    return dispatcher->dispatch(r);
  }
  http::ApiResponse callA(const std::string& method, const std::string& target, const std::string& body = "") {
    return call(method, target, keyA, body);
  }
  http::ApiResponse callB(const std::string& method, const std::string& target, const std::string& body = "") {
    return call(method, target, keyB, body);
  }
  http::ApiResponse importA(const std::string& query, const std::string& body) {
    return call("POST", "/api/v1/events/import?" + query, keyA, body, "text/plain");
  }

  sb::test::TempDir dir{"sb-catalog"};
  config::JwtSettings jwtSettings;
  RecordingListener listener;
  std::unique_ptr<store::Database> db;
  std::unique_ptr<auth::AuthRepository> authRepository;
  std::unique_ptr<auth::ApiKeyService> keys;
  std::unique_ptr<auth::JwtVerifier> jwt;
  std::unique_ptr<ItemRepository> itemRepository;
  std::unique_ptr<ItemService> items;
  std::unique_ptr<EventRepository> eventRepository;
  std::unique_ptr<EventService> events;
  std::unique_ptr<http::ApiDispatcher> dispatcher;
  std::string keyA, keyB;
};

}  // namespace sb::recommend::testing
