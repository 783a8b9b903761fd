// RepositoryBehaviour: the user and template repositories' contract as one parametrised suite,
// instantiated per backend (SQLite in notify_content_tests, PostgreSQL in
// notify_content_pg_tests).
#pragma once

#include "auth/AuthRepository.hpp"
#include "notify/templates/TemplateRepository.hpp"
#include "notify/users/UserRepository.hpp"
#include "store/Database.hpp"
#include "support/StoreBackend.hpp"
#include "support/TempDir.hpp"

#include <gtest/gtest.h>

#include <functional>
#include <memory>
#include <ostream>
#include <string>

namespace sb::notify::testing {

using Backend = sb::test::StoreBackend;
using sb::test::backendName;

class RepositoryBehaviour : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    if (const std::string why = GetParam().unavailable(); !why.empty()) GTEST_SKIP() << why;
    db = sb::test::openWithTwoTenants(GetParam(), scratch);
    users = std::make_unique<UserRepository>(*db);
    templates = std::make_unique<TemplateRepository>(*db);
  }

  sb::test::TempDir scratch{"sb-content-store"};
  std::unique_ptr<store::Database> db;
  std::unique_ptr<UserRepository> users;
  std::unique_ptr<TemplateRepository> templates;
};

}  // namespace sb::notify::testing
