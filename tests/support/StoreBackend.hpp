// StoreBackend: one parameter of a repository contract suite — a store the suite can run on
// (SQLite file, private PostgreSQL) — and a fresh database on it with tenants t1 and t2.
// Header-only (needs the host's store/ and auth/ headers).
#pragma once

#include "auth/AuthRepository.hpp"
#include "store/Database.hpp"
#include "support/TempDir.hpp"

#include <gtest/gtest.h>

#include <functional>
#include <memory>
#include <ostream>
#include <string>

namespace sb::test {

struct StoreBackend {
  std::string name;
  std::function<std::string()> unavailable;                     // why it cannot run here; empty when it can
  std::function<std::string(const TempDir& scratch)> freshDatabase;  // a URL
};

inline void PrintTo(const StoreBackend& backend, std::ostream* out) { *out << backend.name; }
inline std::string backendName(const ::testing::TestParamInfo<StoreBackend>& info) { return info.param.name; }

// A fresh database on `backend` (migrated), holding tenants t1 and t2.
inline std::unique_ptr<store::Database> openWithTwoTenants(const StoreBackend& backend, const TempDir& scratch) {
  config::StoreSettings s;
  s.url = backend.freshDatabase(scratch);
  s.pool_size = 4;
  auto db = store::Database::open(s);
  auth::AuthRepository tenants(*db);
  tenants.insertTenant(auth::Tenant{"t1", "T1", false, 1});
  tenants.insertTenant(auth::Tenant{"t2", "T2", false, 1});
  return db;
}

}  // namespace sb::test
