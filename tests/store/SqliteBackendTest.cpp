// The store contract on SQLite, plus what only SQLite has (PRAGMAs, files, :memory:).
#include <Poco/Data/Session.h>

#include <filesystem>

#include "StoreBehaviour.hpp"
#include "store/MigrationRunner.hpp"
#include "store/Migrations.hpp"

namespace sb::store::testing {
namespace {

using namespace Poco::Data::Keywords;

INSTANTIATE_TEST_SUITE_P(Sqlite, StoreBehaviour,
                         ::testing::Values(Backend{"Sqlite", [] { return std::string(); },
                                                   [](const sb::test::TempDir& scratch) {
                                                     return "sqlite:" + scratch.file("store.db");
                                                   }}),
                         backendName);

config::StoreSettings sqliteSettings(const std::string& url, int poolSize = 2) {
  config::StoreSettings s;
  s.url = url;
  s.pool_size = poolSize;
  return s;
}

TEST(SqliteDatabase, CreatesTheFoldersOfItsFile) {
  sb::test::TempDir dir;
  const std::string file = dir.file("a/b/store.db");
  auto db = Database::open(sqliteSettings("sqlite:" + file));
  EXPECT_TRUE(std::filesystem::exists(file));
}

TEST(SqliteDatabase, EveryPooledConnectionHasWalBusyTimeoutAndForeignKeys) {
  sb::test::TempDir dir;
  auto db = Database::open(sqliteSettings("sqlite:" + dir.file("store.db"), 2));
  Lease first = db->acquire();
  Lease second = db->acquire();  // a second, separately opened connection
  for (Lease* lease : {&first, &second}) {
    std::string journal;
    int busyTimeout = 0, foreignKeys = 0;
    lease->session() << "PRAGMA journal_mode", into(journal), now;
    lease->session() << "PRAGMA busy_timeout", into(busyTimeout), now;
    lease->session() << "PRAGMA foreign_keys", into(foreignKeys), now;
    EXPECT_EQ(journal, "wal");
    EXPECT_EQ(busyTimeout, 5000);
    EXPECT_EQ(foreignKeys, 1);
  }
}

TEST(SqliteDatabase, InMemoryDatabaseUsesOneConnection) {
  auto db = Database::open(sqliteSettings("sqlite::memory:", 8));
  EXPECT_EQ(db->poolSize(), 1);  // each :memory: connection would be a separate database
  EXPECT_EQ(db->schemaVersion(), latestVersion(allMigrations()));  // migrated on one connection
}

TEST(SqliteDatabase, DescribesItsFile) {
  sb::test::TempDir dir;
  auto db = Database::open(sqliteSettings("sqlite:" + dir.file("store.db")));
  EXPECT_EQ(db->describe(), "sqlite sqlite:" + dir.file("store.db"));
}

TEST(SqliteDatabase, UnopenableFileIsStoreUnavailable) {
  sb::test::TempDir dir;
  std::filesystem::create_directory(dir.file("store.db"));  // a folder where the file should be
  EXPECT_THROW(Database::open(sqliteSettings("sqlite:" + dir.file("store.db"))), StoreUnavailable);
}

}  // namespace
}  // namespace sb::store::testing
