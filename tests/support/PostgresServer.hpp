// PostgresServer: a private, throw-away PostgreSQL 15 for integration tests.
#pragma once

#include <memory>
#include <string>

#include "support/Subprocess.hpp"
#include "support/TempDir.hpp"

namespace sb::test {

// Usage:
//   if (!PostgresServer::available(&why)) GTEST_SKIP() << why;
//   std::string url = PostgresServer::shared().createDatabase();  // a fresh, empty database
//
// The server lives in a temp folder (initdb, trust auth, fsync off), listens on a free
// port on 127.0.0.1 and on a unix socket inside that folder. As root, initdb and pg_ctl run
// as the `postgres` user (initdb refuses root). The destructor stops it (pg_ctl stop -m fast)
// and removes the folder; a watchdog process kills it if the test process dies first, so
// it never outlives the test.
class PostgresServer {
 public:
  // Binaries: $SB_PG_BINDIR, else /usr/lib/postgresql/15/bin.
  // False (with the reason in `why`) when they, or (as root) runuser / the postgres user,
  // are missing.
  static bool available(std::string* why = nullptr);

  // One server per test binary, started on first use, stopped at process exit.
  static PostgresServer& shared();

  // Starts the server and creates the database "switchboard". Throws std::runtime_error
  // with the server log's tail when it does not come up within a minute.
  PostgresServer();
  ~PostgresServer();
  PostgresServer(const PostgresServer&) = delete;
  PostgresServer& operator=(const PostgresServer&) = delete;

  int port() const { return port_; }
  // The temp folder holding the data directory, socket and server.log.
  const std::string& folder() const { return dir_.path(); }
  // postgresql://postgres@127.0.0.1:PORT/switchboard
  std::string url() const { return urlFor("switchboard"); }
  // Creates an empty database (named db1, db2, ... unless given; [a-z0-9_] only) and
  // returns its URL. Give each test its own for isolation.
  std::string createDatabase(std::string name = {});
  std::string urlFor(const std::string& database) const;

 private:
  ProcessResult run(std::vector<std::string> argv);  // as the postgres user when root
  void writeConfig();
  bool tryStart(std::string* log);
  void stop() noexcept;
  std::string logTail() const;

  std::string bin_;
  TempDir dir_;
  std::string dataDir_;
  std::string logFile_;
  int port_ = 0;
  int nextDatabase_ = 1;
  bool running_ = false;
  std::unique_ptr<Subprocess> watchdog_;
};

}  // namespace sb::test
