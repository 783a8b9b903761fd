#include "store/StoreError.hpp"

#include <Poco/Data/DataException.h>
#include <Poco/Data/PostgreSQL/PostgreSQLException.h>
#include <Poco/Data/SQLite/SQLiteException.h>
#include <Poco/Exception.h>

namespace sb::store {
namespace {

// PostgreSQL messages carry a DETAIL line that quotes the offending values
// ("Key (id)=(...) already exists"): keep only the first line, values may be secrets.
std::string firstLine(const std::string& text) { return text.substr(0, text.find('\n')); }

// Poco 1.11 appends the diagnostics to the message ("... Severity: ERROR State: 23505
// Detail: ... Constraint: tenants_pkey"): match the SQLSTATE, not the server's (possibly
// translated) wording.
bool isPostgresUniqueViolation(const std::string& message) {
  return message.find("State: 23505") != std::string::npos;
}

bool isPostgresConnectionLoss(const std::string& message) {
  // Class 08 = connection exception; 57P0x = server shutting down / crash recovery.
  if (message.find("State: 08") != std::string::npos || message.find("State: 57P0") != std::string::npos)
    return true;
  // Errors raised by libpq itself (and by Poco's prepare step) carry no SQLSTATE: match
  // libpq's own wording instead.
  for (const char* phrase :
       {"server closed the connection unexpectedly", "no connection to the server",
        "could not receive data from server", "could not send data to server", "terminating connection"})
    if (message.find(phrase) != std::string::npos) return true;
  return false;
}

}  // namespace

void rethrowAsStoreError() {
  try {
    throw;
  } catch (const StoreError&) {
    throw;
  } catch (const Poco::Data::SQLite::ConstraintViolationException& e) {
    // One SQLite code covers NOT NULL, CHECK, FOREIGN KEY and UNIQUE; SQLite's own
    // wording is fixed (never translated).
    if (e.message().find("UNIQUE constraint failed") != std::string::npos)
      throw StoreConflict(firstLine(e.message()));
    throw StoreError(firstLine(e.displayText()));
  } catch (const Poco::Data::SQLite::DBLockedException& e) {
    throw StoreUnavailable("database busy: " + firstLine(e.displayText()));
  } catch (const Poco::Data::SQLite::TableLockedException& e) {
    throw StoreUnavailable("database busy: " + firstLine(e.displayText()));
  } catch (const Poco::Data::PostgreSQL::ConnectionException& e) {
    throw StoreUnavailable(firstLine(e.displayText()));
  } catch (const Poco::Data::PostgreSQL::PostgreSQLException& e) {
    const std::string message = e.displayText();
    if (isPostgresUniqueViolation(message)) throw StoreConflict(firstLine(message));
    if (isPostgresConnectionLoss(message)) throw StoreUnavailable(firstLine(message));
    throw StoreError(firstLine(message));
  } catch (const Poco::Data::ConnectionFailedException& e) {
    throw StoreUnavailable(firstLine(e.displayText()));
  } catch (const Poco::Data::NotConnectedException& e) {
    throw StoreUnavailable(firstLine(e.displayText()));
  } catch (const Poco::Data::SessionPoolExhaustedException& e) {
    throw StoreUnavailable(firstLine(e.displayText()));
  } catch (const Poco::Exception& e) {
    throw StoreError(firstLine(e.displayText()));
  }
}

}  // namespace sb::store
