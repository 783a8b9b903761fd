// NativeSession: the few things Poco::Data cannot do, done on the driver handle beneath a session.
#pragma once

#include <string>

#include "store/Dialect.hpp"

namespace Poco::Data {
class Session;
}

namespace sb::store::native {

// Runs a script of one or more statements (migrations, PRAGMAs, advisory locks) with the
// driver's own multi-statement execution. Poco prepares every statement, and PostgreSQL
// refuses to prepare more than one command; scripts also may contain triggers whose
// bodies hold semicolons, which no naive splitter gets right.
// Throws StoreConflict / StoreUnavailable / StoreError.
void executeScript(Poco::Data::Session& session, Dialect dialect, const std::string& script);

// Sets up a freshly opened connection, once. SQLite: PRAGMA journal_mode=WAL,
// busy_timeout=5000, foreign_keys=ON. PostgreSQL: drops server notices, which libpq
// would otherwise print raw on stderr, in the middle of the host's log lines.
void prepareNewConnection(Poco::Data::Session& session, Dialect dialect);

// Whether a transaction needs ending on the connection: open as the driver sees it (Poco's
// SQLite flag misses transactions begun with SQL, which is how Transaction begins there),
// or, on PostgreSQL, still open in Poco's bookkeeping.
bool inTransaction(Poco::Data::Session& session, Dialect dialect);

}  // namespace sb::store::native
