#include "store/MigrationRunner.hpp"

#include <Poco/Data/Session.h>

#include <chrono>
#include <optional>

#include "store/Database.hpp"
#include "store/NativeSession.hpp"
#include "store/Transaction.hpp"

namespace sb::store {
namespace {

using namespace Poco::Data::Keywords;

constexpr const char* kCreateSchemaMigrations =
    "CREATE TABLE IF NOT EXISTS schema_migrations ("
    "version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)";

// Any constant works, as long as nothing else in the database uses it: "SWBM".
constexpr const char* kAdvisoryLockKey = "1398227533";

// Holds PostgreSQL's session-level migration lock for its lifetime. If the process dies
// the lock goes with its connection.
class AdvisoryLock {
 public:
  explicit AdvisoryLock(Lease& lease) : lease_(lease) {
    native::executeScript(lease_.session(), Dialect::Postgres,
                          std::string("SELECT pg_advisory_lock(") + kAdvisoryLockKey + ")");
  }
  ~AdvisoryLock() {
    // Destructor: nothing may escape. A failure means the connection is gone, and the
    // lock with it.
    try {
      native::executeScript(lease_.session(), Dialect::Postgres,
                            std::string("SELECT pg_advisory_unlock(") + kAdvisoryLockKey + ")");
    } catch (...) {
    }
  }
  AdvisoryLock(const AdvisoryLock&) = delete;
  AdvisoryLock& operator=(const AdvisoryLock&) = delete;

 private:
  Lease& lease_;
};

bool tableExists(Lease& lease) {
  Poco::Int64 count = 0;
  const char* sql =
      lease.dialect() == Dialect::Sqlite
          ? "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'"
          : "SELECT COUNT(*) FROM information_schema.tables "
            "WHERE table_schema = current_schema() AND table_name = 'schema_migrations'";
  translateErrors([&] { lease.session() << sql, into(count), now; });
  return count > 0;
}

bool isRecorded(Lease& lease, int version) {
  Poco::Int64 count = 0;
  translateErrors([&] {
    lease.session() << lease.sql("SELECT COUNT(*) FROM schema_migrations WHERE version = ?"), use(version),
        into(count), now;
  });
  return count > 0;
}

void record(Lease& lease, const Migration& migration) {
  int version = migration.version;
  std::string name = migration.name;
  Poco::Int64 appliedAt = std::chrono::duration_cast<std::chrono::milliseconds>(
                              std::chrono::system_clock::now().time_since_epoch())
                              .count();
  translateErrors([&] {
    lease.session() << lease.sql(
        "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)"),
        use(version), use(name), use(appliedAt), now;
  });
}

// Returns false when another instance applied it first (SQLite; PostgreSQL holds the lock).
bool applyOne(Lease& lease, const Migration& migration) {
  try {
    Transaction transaction(lease);
    if (isRecorded(lease, migration.version)) return false;
    const std::string& script = lease.dialect() == Dialect::Sqlite ? migration.sqlite : migration.postgres;
    native::executeScript(lease.session(), lease.dialect(), script);
    record(lease, migration);
    transaction.commit();
    return true;
  } catch (const StoreError& e) {
    throw StoreError("migration " + std::to_string(migration.version) + " (" + migration.name +
                     ") failed: " + e.what());
  }
}

void requireAscending(const std::vector<Migration>& migrations) {
  int previous = 0;
  for (const Migration& m : migrations) {
    if (m.version <= previous)
      throw StoreError("migration list out of order at version " + std::to_string(m.version));
    previous = m.version;
  }
}

}  // namespace

int latestVersion(const std::vector<Migration>& migrations) {
  return migrations.empty() ? 0 : migrations.back().version;
}

void requireNotNewer(int current, int known) {
  if (current > known)
    throw StoreError("database schema is at version " + std::to_string(current) +
                     ", newer than this switchboard knows (" + std::to_string(known) +
                     "): refusing to start; run a switchboard at least as new as the one "
                     "that migrated this database");
}

int schemaVersion(Lease& lease) {
  if (!tableExists(lease)) return 0;
  int version = 0;
  translateErrors([&] {
    lease.session() << "SELECT COALESCE(MAX(version), 0) FROM schema_migrations", into(version), now;
  });
  return version;
}

int applyMigrations(Lease& lease, const std::vector<Migration>& migrations) {
  requireAscending(migrations);
  std::optional<AdvisoryLock> lock;
  if (lease.dialect() == Dialect::Postgres) lock.emplace(lease);

  native::executeScript(lease.session(), lease.dialect(), kCreateSchemaMigrations);
  const int current = schemaVersion(lease);
  requireNotNewer(current, latestVersion(migrations));

  int applied = 0;
  for (const Migration& migration : migrations)
    if (migration.version > current && applyOne(lease, migration)) ++applied;
  return applied;
}

}  // namespace sb::store
