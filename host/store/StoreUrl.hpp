// StoreUrl: parses store.url into a Poco connector + connection string, and a redacted form for logs.
#pragma once

#include <string>
#include <string_view>

#include "store/Dialect.hpp"

namespace sb::store {

// Accepted forms:
//   sqlite:PATH          PATH relative to the working directory; parent folders are created
//                        by Database::open. `sqlite::memory:` is a private in-memory database.
//   postgresql://user:password@host:port/dbname?sslmode=require&connect_timeout=5
//                        (also postgres://). Components are percent-decoded. The host may be
//                        empty and given as ?host=/run/postgresql (a unix-socket folder).
//                        Accepted query keys are libpq keywords (sslmode, connect_timeout,
//                        application_name, ...); unknown keys are refused (typos).
// Parse errors are StoreError and never quote the password.
class StoreUrl {
 public:
  static StoreUrl parse(std::string_view url);

  Dialect dialect() const { return dialect_; }
  // The Poco::Data connector key: "sqlite" | "postgresql".
  const std::string& connector() const { return connector_; }
  // What Poco's connector receives. SECRET: may hold the password; never log it.
  const std::string& connectionString() const { return connectionString_; }
  // The database file (Sqlite only); ":memory:" for sqlite::memory:.
  const std::string& sqlitePath() const { return sqlitePath_; }
  bool inMemory() const { return dialect_ == Dialect::Sqlite && sqlitePath_ == ":memory:"; }
  // The URL with the password replaced by ***; safe for logs and error messages.
  const std::string& redacted() const { return redacted_; }
  // Replaces every occurrence of the password and of the connection string in `text`.
  std::string scrub(std::string text) const;

 private:
  Dialect dialect_ = Dialect::Sqlite;
  std::string connector_;
  std::string connectionString_;
  std::string sqlitePath_;
  std::string password_;
  std::string redacted_;

  static StoreUrl parseSqlite(std::string_view rest);
  static StoreUrl parsePostgres(std::string_view url, std::string_view afterScheme);
};

}  // namespace sb::store
