// CatalogRepositoryBehaviour: the item and event repositories' contract as one parametrised
// suite, instantiated per backend (SQLite in recommend_catalog_tests, PostgreSQL in
// recommend_catalog_pg_tests).
#pragma once

#include "auth/AuthRepository.hpp"
#include "recommend/catalog/EventRepository.hpp"
#include "recommend/catalog/EventService.hpp"
#include "recommend/catalog/ItemRepository.hpp"
#include "store/Database.hpp"
#include "support/StoreBackend.hpp"
#include "support/TempDir.hpp"

#include <gtest/gtest.h>

#include <functional>
#include <memory>
#include <ostream>
#include <string>

namespace sb::recommend::testing {

using Backend = sb::test::StoreBackend;
using sb::test::backendName;

class CatalogRepositoryBehaviour : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    if (const std::string why = GetParam().unavailable(); !why.empty()) GTEST_SKIP() << why;
    db = sb::test::openWithTwoTenants(GetParam(), scratch);
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
