// StoreBehaviour: the store's contract as one parametrised suite, instantiated once per backend
// (SQLite in store_unit_tests, PostgreSQL in store_pg_tests).
#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <functional>
#include <memory>
#include <ostream>
#include <string>

#include "config/Settings.hpp"
#include "store/Database.hpp"
#include "support/TempDir.hpp"

namespace sb::store::testing {

struct Backend {
  std::string name;  // the instantiation's suffix: "Sqlite" / "Postgres"
  // Why this backend cannot run here; empty when it can.
  std::function<std::string()> unavailable;
  // The URL of a fresh, empty database. `scratch` lives as long as the test.
  std::function<std::string(const sb::test::TempDir& scratch)> freshDatabase;
};

// gtest prints parameters into test names (and gtest_discover_tests into ctest names):
// print the name, not the bytes.
inline void PrintTo(const Backend& backend, std::ostream* out) { *out << backend.name; }

inline std::string backendName(const ::testing::TestParamInfo<Backend>& info) { return info.param.name; }

class StoreBehaviour : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    if (const std::string why = GetParam().unavailable(); !why.empty()) GTEST_SKIP() << why;
    url_ = GetParam().freshDatabase(scratch_);
  }

  config::StoreSettings settings(int poolSize = 4,
                                 std::chrono::milliseconds acquireTimeout = std::chrono::seconds(5),
                                 bool migrateOnStart = true) const {
    config::StoreSettings s;
    s.url = url_;
    s.pool_size = poolSize;
    s.acquire_timeout = acquireTimeout;
    s.migrate_on_start = migrateOnStart;
    return s;
  }

  std::unique_ptr<Database> open(int poolSize = 4,
                                 std::chrono::milliseconds acquireTimeout = std::chrono::seconds(5)) {
    return Database::open(settings(poolSize, acquireTimeout));
  }

  sb::test::TempDir scratch_{"sb-store"};
  std::string url_;
};

}  // namespace sb::store::testing
