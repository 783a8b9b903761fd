// RedisServer: a private, throw-away Redis 7 for integration tests, which can be stopped and
// restarted on the same port to stage an outage.
#pragma once

#include <memory>
#include <string>

#include "support/Subprocess.hpp"
#include "support/TempDir.hpp"

namespace sb::test {

struct RedisServerOptions {
  std::string password;  // requirepass; empty = no authentication
};

// Usage:
//   if (!RedisServer::available(&why)) GTEST_SKIP() << why;
//   RedisServer& redis = RedisServer::shared();          // or an own instance to stop/restart
//   makeRedisBus({.url = redis.url()});
//
// Listens on a free port on 127.0.0.1, works in a temp folder (log, pid file), persists
// nothing (--save "" --appendonly no). The destructor stops it and removes the folder; a
// watchdog process kills it if the test process dies first, so it never outlives the test.
class RedisServer {
 public:
  // Binary: $SB_REDIS_SERVER, else /usr/bin/redis-server. False (with the reason in `why`)
  // when it is missing.
  static bool available(std::string* why = nullptr);

  // One server (no password) per test binary, started on first use, stopped at exit.
  static RedisServer& shared();

  // Starts the server and waits until it answers PING. Throws std::runtime_error with the
  // server log's tail when it does not come up within 15 s.
  explicit RedisServer(RedisServerOptions options = {});
  ~RedisServer();
  RedisServer(const RedisServer&) = delete;
  RedisServer& operator=(const RedisServer&) = delete;

  int port() const { return port_; }
  const std::string& folder() const { return dir_.path(); }
  bool running() const { return process_ != nullptr; }
  // redis://[:password@]127.0.0.1:PORT/0 (the password percent-encoded).
  std::string url() const { return urlWithPassword(options_.password); }
  // The same server with another password (or none): for authentication failures.
  std::string urlWithPassword(const std::string& password) const;

  // Kills the server (SIGKILL, by its pid: an abrupt outage, connections drop) and waits
  // until it is gone. The port stays this server's for restart(). Idempotent.
  void stop();
  // Starts it again on the same port (stopping it first if needed) and waits for PING.
  // Throws std::runtime_error when it does not come up.
  void restart();

 private:
  bool tryStart(std::string* failure);  // false with the reason; the log tells "in use" apart
  bool answersPing() const;
  bool logContains(const std::string& text) const;
  std::string logTail() const;

  RedisServerOptions options_;
  std::string bin_;
  TempDir dir_;
  std::string logFile_;
  std::string pidFile_;
  int port_ = 0;
  std::unique_ptr<Subprocess> process_;
  std::unique_ptr<Subprocess> watchdog_;
};

}  // namespace sb::test
