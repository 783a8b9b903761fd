// CatalogRepositoryBehaviour: the item and event repositories' contract as one parametrised
// suite, instantiated per backend (SQLite in recommend_catalog_tests, PostgreSQL in
// recommend_catalog_pg_tests).
#pragma once

#include "auth/AuthRepository.hpp"
#include "recommend/catalog/EventRepository.hpp"
#include "recommend/catalog/EventService.hpp"
#include "recommend/catalog/ItemRepository.hpp"
#include "store/Database.hpp"
#include "support/TempDir.hpp"

#include <gtest/gtest.h>

#include <functional>
#include <memory>
#include <ostream>
#include <string>

namespace sb::recommend::testing {

struct Backend {
  std::string name;
  std::function<std::string()> unavailable;  // why it cannot run here; empty when it can
  std::function<std::string(const sb::test::TempDir& scratch)> freshDatabase;  // a URL
};

inline void PrintTo(const Backend& backend, std::ostream* out) { *out << backend.name; }
inline std::string backendName(const ::testing::TestParamInfo<Backend>& info) { return info.param.name; }

class CatalogRepositoryBehaviour : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    if (const std::string why = GetParam().unavailable(); !why.empty()) GTEST_SKIP() << why;
    config::StoreSettings s;
    s.url = GetParam().freshDatabase(scratch);
    s.pool_size = 4;
    db = store::Database::open(s);
    auth::AuthRepository tenants(*db);
    tenants.insertTenant(auth::Tenant{"t1", "T1", false, 1});
    tenants.insertTenant(auth::Tenant{"t2", "T2", false, 1});
    items = std::make_unique<ItemRepository>(*db);
    events = std::make_unique<EventRepository>(*db);
    service = std::make_unique<EventService>(*events, config::EventWeightSettings{});
  }

  sb::test::TempDir scratch{"sb-catalog-store"};
  std::unique_ptr<store::Database> db;
  std::unique_ptr<ItemRepository> items;
  std::unique_ptr<EventRepository> events;
  std::unique_ptr<EventService> service;
};

}  // namespace sb::recommend::testing
