// Database: the process's pool of connections to the store (SQLite or PostgreSQL), shared by all threads.
#pragma once

#include <Poco/Data/Session.h>

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "config/Settings.hpp"
#include "store/Dialect.hpp"
#include "store/StoreError.hpp"
#include "store/StoreUrl.hpp"

namespace sb::store {

class Database;

// One pooled connection on loan to one thread. Destruction rolls back a transaction left
// open and returns the connection to the pool. A Lease must not outlive its Database, and
// copies of session() must not outlive the Lease (the connection is handed back anyway).
class Lease {
 public:
  Lease(Lease&& other) noexcept;
  Lease& operator=(Lease&&) = delete;
  Lease(const Lease&) = delete;
  Lease& operator=(const Lease&) = delete;
  ~Lease();

  Poco::Data::Session& session() { return *session_; }
  Dialect dialect() const { return dialect_; }
  // Portable SQL (`?` placeholders) in this connection's dialect.
  std::string sql(std::string_view portable) const { return toDialectSql(portable, dialect_); }

 private:
  friend class Database;
  Lease(Database& database, Poco::Data::Session session);

  Database* database_;
  Dialect dialect_;
  std::optional<Poco::Data::Session> session_;
};

// Thread-safe. Built once at start-up from StoreSettings.
//
// The pool opens connections on demand, up to store.pool_size, and closes idle ones after
// a minute (keeping one). Each new connection is set up once, right after it is opened,
// through Poco's SessionPool::customizeSession hook (SQLite: WAL, busy_timeout,
// foreign_keys; see NativeSession.hpp): a pooled session never runs without its PRAGMAs
// and nothing is repeated per acquire.
class Database {
 public:
  // Parses store.url (StoreError when malformed), creates the SQLite file's folder, and
  // connects. With migrate_on_start it then applies pending migrations; without, it
  // refuses a schema that is not exactly the one this binary knows.
  // `sqlite::memory:` uses a pool of one: every SQLite connection to :memory: is a
  // separate, empty database.
  static std::unique_ptr<Database> open(const config::StoreSettings& settings);
  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  Dialect dialect() const { return url_.dialect(); }
  int poolSize() const { return poolSize_; }

  // Waits up to store.acquire_timeout for a free connection; StoreUnavailable when none
  // frees up in time or the database cannot be reached. (Opening a new PostgreSQL
  // connection is bounded separately, by the URL's connect_timeout, 10 s by default.)
  Lease acquire();

  // Portable SQL (`?` placeholders) in this database's dialect.
  std::string sql(std::string_view portable) const { return toDialectSql(portable, dialect()); }

  // SELECT 1 on a pooled connection. On failure returns false and, when given, fills
  // `reason` (never with secrets).
  bool ping(std::string* reason = nullptr);

  // Applies pending migrations (see MigrationRunner.hpp); returns how many ran.
  int migrate();
  // The highest applied migration; 0 for an empty database.
  int schemaVersion();

  // "sqlite sqlite:var/switchboard.db" / "postgresql postgresql://app:***@db:5432/sb".
  std::string describe() const;

 private:
  class Pool;
  friend class Lease;

  Database(StoreUrl url, const config::StoreSettings& settings);
  void giveBack(Poco::Data::Session& session) noexcept;
  void freeSlot();
  void requireCurrentSchema();

  StoreUrl url_;
  int poolSize_;
  std::chrono::milliseconds acquireTimeout_;
  std::unique_ptr<Pool> pool_;
  // Poco's SessionPool::get() throws at once when exhausted; this counts free slots so
  // acquire() can wait for one instead.
  std::mutex mutex_;
  std::condition_variable slotFreed_;
  int freeSlots_;
};

}  // namespace sb::store
