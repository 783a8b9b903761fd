#include "store/NativeSession.hpp"

#include <chrono>
#include <thread>

#include <Poco/Data/PostgreSQL/SessionHandle.h>
#include <Poco/Data/SQLite/Utility.h>
#include <Poco/Data/Session.h>
#include <libpq-fe.h>
#include <sqlite3.h>

#include <memory>

#include "store/StoreError.hpp"

namespace sb::store::native {
namespace {

// busy_timeout first: a writer waits for another instead of failing at once — and
// switching to WAL itself needs a lock that another process (a concurrent start-up
// migrating) may hold. WAL: readers never block the writer. foreign_keys: SQLite ignores
// REFERENCES unless told otherwise. synchronous stays FULL (the default): an accepted
// notification must survive power loss.
constexpr const char* kSqlitePragmas =
    "PRAGMA busy_timeout = 5000; PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON;";

// Notices are informational ("relation already exists, skipping"); errors still arrive
// as exceptions.
void ignoreNotice(void* /*context*/, const char* /*message*/) {}

Poco::Data::PostgreSQL::SessionHandle& postgresHandle(Poco::Data::Session& session) {
  return *Poco::AnyCast<Poco::Data::PostgreSQL::SessionHandle*>(session.getProperty("handle"));
}

void executeSqlite(Poco::Data::Session& session, const std::string& script) {
  sqlite3* db = Poco::Data::SQLite::Utility::dbHandle(session);
  char* raw = nullptr;
  const int rc = sqlite3_exec(db, script.c_str(), nullptr, nullptr, &raw);
  const std::unique_ptr<char, decltype(&sqlite3_free)> error(raw, &sqlite3_free);
  if (rc == SQLITE_OK) return;
  const std::string message = error ? error.get() : sqlite3_errstr(rc);
  const int extended = sqlite3_extended_errcode(db);
  if (extended == SQLITE_CONSTRAINT_UNIQUE || extended == SQLITE_CONSTRAINT_PRIMARYKEY)
    throw StoreConflict(message);
  if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED) throw StoreUnavailable("database busy: " + message);
  throw StoreError(message);
}

void executePostgres(Poco::Data::Session& session, const std::string& script) {
  auto& handle = postgresHandle(session);
  PGconn* connection = handle;
  Poco::FastMutex::ScopedLock lock(handle.mutex());
  if (connection == nullptr || PQstatus(connection) != CONNECTION_OK)
    throw StoreUnavailable("not connected to PostgreSQL");
  const std::unique_ptr<PGresult, decltype(&PQclear)> result(PQexec(connection, script.c_str()), &PQclear);
  const ExecStatusType status = result ? PQresultStatus(result.get()) : PGRES_FATAL_ERROR;
  if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) return;

  const char* state = result ? PQresultErrorField(result.get(), PG_DIAG_SQLSTATE) : nullptr;
  const std::string sqlState = state ? state : "";
  // The primary message only: DETAIL lines quote row values.
  const char* primary = result ? PQresultErrorField(result.get(), PG_DIAG_MESSAGE_PRIMARY) : nullptr;
  const std::string message = primary ? primary : PQerrorMessage(connection);
  if (sqlState == "23505") throw StoreConflict(message);
  if (sqlState.starts_with("08") || PQstatus(connection) != CONNECTION_OK) throw StoreUnavailable(message);
  throw StoreError(message + (sqlState.empty() ? "" : " (SQLSTATE " + sqlState + ")"));
}

}  // namespace

void executeScript(Poco::Data::Session& session, Dialect dialect, const std::string& script) {
  translateErrors([&] {
    if (dialect == Dialect::Sqlite)
      executeSqlite(session, script);
    else
      executePostgres(session, script);
  });
}

void prepareNewConnection(Poco::Data::Session& session, Dialect dialect) {
  if (dialect == Dialect::Sqlite) {
    // Switching a fresh file to WAL can answer "locked" at once, without waiting through
    // busy_timeout, while another process holds a lock (concurrent start-ups): try again.
    for (int attempt = 1;; ++attempt) {
      try {
        executeScript(session, dialect, kSqlitePragmas);
        return;
      } catch (const StoreUnavailable&) {
        if (attempt >= 50) throw;
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
      }
    }
  }
  PGconn* connection = postgresHandle(session);
  if (connection != nullptr) PQsetNoticeProcessor(connection, &ignoreNotice, nullptr);
}

bool inTransaction(Poco::Data::Session& session, Dialect dialect) {
  if (dialect == Dialect::Sqlite)
    return sqlite3_get_autocommit(Poco::Data::SQLite::Utility::dbHandle(session)) == 0;
  auto& handle = postgresHandle(session);
  // Poco's flag counts too: after a failed COMMIT the server has ended the transaction but
  // Poco still believes one is open and would refuse the next begin() until a rollback().
  if (handle.isTransaction()) return true;
  PGconn* connection = handle;
  if (connection == nullptr) return false;
  const PGTransactionStatusType status = PQtransactionStatus(connection);
  return status == PQTRANS_INTRANS || status == PQTRANS_INERROR;
}

}  // namespace sb::store::native
