// RepositoryBehaviour: the user and template repositories' contract as one parametrised suite,
// instantiated per backend (SQLite in notify_content_tests, PostgreSQL in
// notify_content_pg_tests).
#pragma once

#include "auth/AuthRepository.hpp"
#include "notify/templates/TemplateRepository.hpp"
#include "notify/users/UserRepository.hpp"
#include "store/Database.hpp"
#include "support/TempDir.hpp"

#include <gtest/gtest.h>

#include <functional>
#include <memory>
#include <ostream>
#include <string>

namespace sb::notify::testing {

struct Backend {
  std::string name;
  std::function<std::string()> unavailable;  // why it cannot run here; empty when it can
  std::function<std::string(const sb::test::TempDir& scratch)> freshDatabase;  // a URL
};

inline void PrintTo(const Backend& backend, std::ostream* out) { *out << backend.name; }
inline std::string backendName(const ::testing::TestParamInfo<Backend>& info) { return info.param.name; }

class RepositoryBehaviour : public ::testing::TestWithParam<Backend> {
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
    users = std::make_unique<UserRepository>(*db);
    templates = std::make_unique<TemplateRepository>(*db);
  }

  sb::test::TempDir scratch{"sb-content-store"};
  std::unique_ptr<store::Database> db;
  std::unique_ptr<UserRepository> users;
  std::unique_ptr<TemplateRepository> templates;
};

}  // namespace sb::notify::testing
