#include "auth/ApiKeyService.hpp"
#include "core/Error.hpp"
#include "store/Database.hpp"
#include "support/TempDir.hpp"

#include <Poco/Data/Session.h>
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

namespace sb::auth {
namespace {

class ApiKeyServiceTest : public ::testing::Test {
 protected:
  ApiKeyServiceTest() {
    config::StoreSettings s;
    s.url = "sqlite:" + dir.file("auth.db");
    s.pool_size = 2;
    db = store::Database::open(s);
    repo = std::make_unique<AuthRepository>(*db);
    keys = std::make_unique<ApiKeyService>(*repo, std::chrono::milliseconds(0));  // no cache: see every change
  }

  test::TempDir dir{"sb-auth"};
  std::unique_ptr<store::Database> db;
  std::unique_ptr<AuthRepository> repo;
  std::unique_ptr<ApiKeyService> keys;
};

TEST_F(ApiKeyServiceTest, BootstrapCreatesOneOperatorAdminKeyOnlyOnce) {
  auto first = keys->bootstrapAdminKey();
  ASSERT_TRUE(first);
  EXPECT_EQ(first->record.tenant_id, "default");
  EXPECT_EQ(first->record.role, Role::Admin);
  EXPECT_FALSE(keys->bootstrapAdminKey());  // an admin key exists now
  auto who = keys->verify(first->plaintext);
  EXPECT_TRUE(who.isAdmin());
  EXPECT_TRUE(who.operator_tenant);
}

TEST_F(ApiKeyServiceTest, StoresOnlyAHashOfTheSecret) {
  keys->bootstrapAdminKey();
  auto issued = keys->createKey("default", "ci", Role::Service);
  auto stored = repo->findKey(issued.record.id);
  ASSERT_TRUE(stored);
  auto parsed = parseApiKey(issued.plaintext);
  ASSERT_TRUE(parsed);
  EXPECT_EQ(stored->secret_hash, hashSecret(parsed->secret));
  EXPECT_EQ(stored->secret_hash.find(parsed->secret), std::string::npos);
}

TEST_F(ApiKeyServiceTest, VerifyRejectsTamperedUnknownAndMalformedKeys) {
  auto issued = keys->bootstrapAdminKey();
  std::string tampered = issued->plaintext;
  tampered.back() = tampered.back() == 'A' ? 'B' : 'A';
  EXPECT_THROW(keys->verify(tampered), Error);
  EXPECT_THROW(keys->verify("sbk_doesnotexist_secret"), Error);
  EXPECT_THROW(keys->verify("not-a-key"), Error);
  EXPECT_THROW(keys->verify(""), Error);
}

TEST_F(ApiKeyServiceTest, RevokedKeyStopsWorking) {
  keys->bootstrapAdminKey();
  auto issued = keys->createKey("default", "temp", Role::Service);
  EXPECT_NO_THROW(keys->verify(issued.plaintext));
  keys->revokeKey("default", issued.record.id);
  EXPECT_THROW(keys->verify(issued.plaintext), Error);
  EXPECT_THROW(keys->revokeKey("default", issued.record.id), Error);  // already revoked: 404
}

TEST_F(ApiKeyServiceTest, RevokingClearsTheVerificationCacheOfThisInstance) {
  ApiKeyService cached(*repo, std::chrono::minutes(5));
  cached.bootstrapAdminKey();
  auto issued = cached.createKey("default", "temp", Role::Service);
  cached.verify(issued.plaintext);  // now cached
  cached.revokeKey("default", issued.record.id);
  EXPECT_THROW(cached.verify(issued.plaintext), Error);
}

// An expired cache entry is re-read while another connection holds SQLite's write lock (a
// long write elsewhere): the key is still accepted, by the request that refreshes it and by
// the others meanwhile; only its last_used_at update is skipped.
TEST_F(ApiKeyServiceTest, AnExpiredKeyIsStillAcceptedWhileTheStoreIsWriteLocked) {
  ApiKeyService cached(*repo, std::chrono::milliseconds(100));
  cached.bootstrapAdminKey();
  auto issued = cached.createKey("default", "busy", Role::Service);
  cached.verify(issued.plaintext);
  std::this_thread::sleep_for(std::chrono::milliseconds(150));  // expired now

  config::StoreSettings s;
  s.url = "sqlite:" + dir.file("auth.db");
  s.pool_size = 1;
  auto other = store::Database::open(s);
  auto lease = other->acquire();
  lease.session() << "BEGIN IMMEDIATE", Poco::Data::Keywords::now;
  std::vector<std::thread> requests;
  std::atomic<int> accepted{0};
  for (int i = 0; i < 8; ++i) {
    requests.emplace_back([&] {
      try {
        if (cached.verify(issued.plaintext).key_id == issued.record.id) ++accepted;
      } catch (const std::exception&) {
      }
    });
  }
  // One request refreshes and waits on the lock (busy_timeout, 5 s); the other seven are
  // answered from the entry in hand while the lock is still held.
  for (int i = 0; i < 300 && accepted < 7; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  EXPECT_EQ(accepted.load(), 7);
  for (auto& t : requests) t.join();
  lease.session() << "COMMIT", Poco::Data::Keywords::now;
  EXPECT_EQ(accepted.load(), 8);

  // And a revocation made elsewhere is seen at the next refresh.
  ASSERT_TRUE(repo->revokeKey("default", issued.record.id, 1));
  std::this_thread::sleep_for(std::chrono::milliseconds(150));
  EXPECT_THROW(cached.verify(issued.plaintext), Error);
}

TEST_F(ApiKeyServiceTest, TenantAdminCannotRevokeAnotherTenantsKey) {
  keys->bootstrapAdminKey();
  auto tenantB = keys->createTenant("tenant-b", "B");
  try {
    keys->revokeKey("default", tenantB.record.id);
    FAIL() << "revoked another tenant's key";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::NotFound);
  }
  EXPECT_NO_THROW(keys->verify(tenantB.plaintext));
}

TEST_F(ApiKeyServiceTest, ListsOnlyTheCallersTenant) {
  keys->bootstrapAdminKey();
  keys->createTenant("tenant-b", "B");
  keys->createKey("tenant-b", "b-service", Role::Service);
  for (const auto& k : keys->listKeys("default")) EXPECT_EQ(k.tenant_id, "default");
  auto bKeys = keys->listKeys("tenant-b");
  EXPECT_EQ(bKeys.size(), 2u);
  for (const auto& k : bKeys) EXPECT_EQ(k.tenant_id, "tenant-b");
}

TEST_F(ApiKeyServiceTest, DuplicateTenantIsConflictAndBadIdIsRejected) {
  keys->createTenant("acme", "Acme");
  try {
    keys->createTenant("acme", "Acme again");
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::Conflict);
  }
  EXPECT_THROW(keys->createTenant("Bad Id!", ""), Error);
  EXPECT_FALSE(keys->verify(keys->createTenant("other", "").plaintext).operator_tenant);
}

}  // namespace
}  // namespace sb::auth
