// The store's contract, for every backend. Instantiated in SqliteBackendTest.cpp and
// PostgresBackendTest.cpp.
#include <Poco/Data/Session.h>

#include <atomic>
#include <thread>
#include <vector>

#include "StoreBehaviour.hpp"
#include "store/MigrationRunner.hpp"
#include "store/Migrations.hpp"
#include "store/Transaction.hpp"

namespace sb::store::testing {
namespace {

using namespace Poco::Data::Keywords;
using std::chrono::milliseconds;

void insertTenant(Database& db, Lease& lease, std::string id) {
  std::string name = "Tenant " + id;
  Poco::Int64 createdAt = 1700000000000;
  translateErrors([&] {
    lease.session() << db.sql("INSERT INTO tenants (id, name, created_at) VALUES (?, ?, ?)"), use(id),
        use(name), use(createdAt), now;
  });
}

void insertTenant(Database& db, std::string id) {
  Lease lease = db.acquire();
  insertTenant(db, lease, std::move(id));
}

Poco::Int64 countRows(Database& db, const std::string& table) {
  Lease lease = db.acquire();
  Poco::Int64 count = -1;
  translateErrors([&] { lease.session() << "SELECT COUNT(*) FROM " + table, into(count), now; });
  return count;
}

std::string openError(const config::StoreSettings& settings) {
  try {
    Database::open(settings);
  } catch (const StoreError& e) {
    return e.what();
  }
  return "<opened>";
}

TEST_P(StoreBehaviour, MigratesAnEmptyDatabaseToTheLatestVersion) {
  auto db = open();
  EXPECT_EQ(db->schemaVersion(), latestVersion(allMigrations()));
  insertTenant(*db, "t1");
  Lease lease = db->acquire();
  std::string id = "k1", tenant = "t1", name = "ci", role = "admin", hash = "argon2$...";
  Poco::Int64 createdAt = 1;
  translateErrors([&] {
    lease.session() << db->sql(
        "INSERT INTO api_keys (id, tenant_id, name, role, secret_hash, created_at) "
        "VALUES (?, ?, ?, ?, ?, ?)"),
        use(id), use(tenant), use(name), use(role), use(hash), use(createdAt), now;
  });
}

TEST_P(StoreBehaviour, AppliesMigrationsOnceAndIsIdempotentOnRestart) {
  open().reset();
  auto db = open();
  EXPECT_EQ(db->migrate(), 0);
  EXPECT_EQ(countRows(*db, "schema_migrations"), static_cast<Poco::Int64>(allMigrations().size()));
}

TEST_P(StoreBehaviour, ConcurrentStartupsMigrateOnce) {
  std::vector<std::thread> instances;
  std::atomic<int> failures{0};
  for (int i = 0; i < 4; ++i)
    instances.emplace_back([&] {
      try {
        Database::open(settings(2));
      } catch (const std::exception& e) {
        ADD_FAILURE() << e.what();
        ++failures;
      }
    });
  for (auto& t : instances) t.join();
  EXPECT_EQ(failures, 0);
  EXPECT_EQ(countRows(*open(), "schema_migrations"), static_cast<Poco::Int64>(allMigrations().size()));
}

TEST_P(StoreBehaviour, RefusesADatabaseNewerThanThisBinary) {
  {
    auto db = open();
    Lease lease = db->acquire();
    lease.session() << "INSERT INTO schema_migrations (version, name, applied_at) VALUES (9999, 'future', 0)",
        now;
  }
  EXPECT_NE(openError(settings()).find("schema is at version 9999, newer than this switchboard knows"),
            std::string::npos);
  EXPECT_NE(openError(settings(4, milliseconds(5000), false)).find("newer than this switchboard"),
            std::string::npos);
}

TEST_P(StoreBehaviour, RefusesAnOutdatedSchemaWhenNotMigratingOnStart) {
  EXPECT_NE(openError(settings(4, milliseconds(5000), false)).find("set store.migrate_on_start"),
            std::string::npos);
}

TEST_P(StoreBehaviour, RollsBackAFailedMigrationAndRecordsNothing) {
  auto db = open();
  std::vector<Migration> migrations = allMigrations();
  const int next = latestVersion(migrations) + 1;
  const std::string broken = "CREATE TABLE half_done (x INTEGER); INSERT INTO no_such_table VALUES (1);";
  migrations.push_back({next, "broken", broken, broken});
  Lease lease = db->acquire();
  try {
    applyMigrations(lease, migrations);
    FAIL() << "a broken migration was applied";
  } catch (const StoreError& e) {
    EXPECT_NE(std::string(e.what()).find("migration " + std::to_string(next) + " (broken) failed"),
              std::string::npos)
        << e.what();
  }
  EXPECT_EQ(schemaVersion(lease), next - 1);
  EXPECT_THROW(translateErrors([&] { lease.session() << "SELECT COUNT(*) FROM half_done", now; }),
               StoreError);
}

TEST_P(StoreBehaviour, LeaseReturnsItsConnectionToThePool) {
  auto db = open(1, milliseconds(100));
  for (int i = 0; i < 5; ++i) {
    Lease lease = db->acquire();  // would time out if the previous one were not returned
  }
  EXPECT_TRUE(db->ping());
}

TEST_P(StoreBehaviour, AcquireTimesOutWithStoreUnavailableWhenThePoolIsExhausted) {
  auto db = open(1, milliseconds(200));
  Lease held = db->acquire();
  const auto start = std::chrono::steady_clock::now();
  EXPECT_THROW(db->acquire(), StoreUnavailable);
  EXPECT_GE(std::chrono::steady_clock::now() - start, milliseconds(190));
}

TEST_P(StoreBehaviour, AcquireWaitsForALeaseReleasedByAnotherThread) {
  auto db = open(1, milliseconds(5000));
  std::optional<Lease> held(db->acquire());
  std::thread releaser([&] {
    std::this_thread::sleep_for(milliseconds(100));
    held.reset();
  });
  EXPECT_NO_THROW(Lease lease = db->acquire());
  releaser.join();
}

TEST_P(StoreBehaviour, UniqueViolationIsAStoreConflict) {
  auto db = open();
  insertTenant(*db, "dup");
  EXPECT_THROW(insertTenant(*db, "dup"), StoreConflict);
}

TEST_P(StoreBehaviour, ForeignKeysAreEnforcedAndCascade) {
  auto db = open();
  Lease lease = db->acquire();
  std::string id = "k1", tenant = "ghost";
  auto insertKey = [&] {
    translateErrors([&] {
      lease.session() << db->sql(
          "INSERT INTO api_keys (id, tenant_id, name, role, secret_hash, created_at) "
          "VALUES (?, ?, 'n', 'r', 'h', 0)"),
          use(id), use(tenant), now;
    });
  };
  try {
    insertKey();
    FAIL() << "an api key without its tenant was stored";
  } catch (const StoreConflict&) {
    FAIL() << "a foreign-key violation is not a conflict";
  } catch (const StoreError&) {
  }
  insertTenant(*db, lease, "ghost");
  insertKey();
  lease.session() << "DELETE FROM tenants WHERE id = 'ghost'", now;
  Poco::Int64 keys = -1;
  lease.session() << "SELECT COUNT(*) FROM api_keys", into(keys), now;
  EXPECT_EQ(keys, 0);
}

TEST_P(StoreBehaviour, TransactionRollsBackOnScopeExit) {
  auto db = open();
  {
    Lease lease = db->acquire();
    Transaction transaction(lease);
    insertTenant(*db, lease, "t1");
  }
  EXPECT_EQ(countRows(*db, "tenants"), 0);
}

TEST_P(StoreBehaviour, CommittedTransactionIsVisibleToOtherConnections) {
  auto db = open();
  Lease lease = db->acquire();
  Transaction transaction(lease);
  insertTenant(*db, lease, "t1");
  insertTenant(*db, lease, "t2");
  transaction.commit();
  EXPECT_EQ(countRows(*db, "tenants"), 2);
}

TEST_P(StoreBehaviour, ConflictInsideATransactionRollsBackEverything) {
  auto db = open();
  insertTenant(*db, "taken");
  {
    Lease lease = db->acquire();
    Transaction transaction(lease);
    insertTenant(*db, lease, "fresh");
    EXPECT_THROW(insertTenant(*db, lease, "taken"), StoreConflict);
  }
  EXPECT_EQ(countRows(*db, "tenants"), 1);
  Lease lease = db->acquire();  // the connection is usable for a new transaction
  Transaction again(lease);
  insertTenant(*db, lease, "fresh");
  again.commit();
}

TEST_P(StoreBehaviour, ReturningALeaseRollsBackATransactionLeftOpen) {
  auto db = open(1);
  {
    Lease lease = db->acquire();
    lease.session().begin();  // not through Transaction: nobody will end it
    insertTenant(*db, lease, "t1");
  }
  EXPECT_EQ(countRows(*db, "tenants"), 0);
  Lease lease = db->acquire();
  Transaction transaction(lease);  // the pooled connection is not stuck in a transaction
  transaction.commit();
}

TEST_P(StoreBehaviour, ManyThreadsShareASmallPool) {
  auto db = open(3, milliseconds(10000));
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t)
    threads.emplace_back([&db, t] {
      for (int i = 0; i < 20; ++i) {
        Lease lease = db->acquire();
        Transaction transaction(lease);
        insertTenant(*db, lease, std::to_string(t) + "-" + std::to_string(i));
        transaction.commit();
      }
    });
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(countRows(*db, "tenants"), 160);
}

TEST_P(StoreBehaviour, PingsAndDescribesItselfWithoutSecrets) {
  auto db = open();
  std::string reason = "untouched";
  EXPECT_TRUE(db->ping(&reason));
  EXPECT_EQ(reason, "untouched");
  EXPECT_EQ(db->describe().rfind(std::string(dialectName(db->dialect())) + " ", 0), 0u) << db->describe();
}

}  // namespace
}  // namespace sb::store::testing
