// RedisConnection: one blocking connection to Redis (connect with a deadline, AUTH, SELECT)
// whose replies can be awaited with a timeout — what Poco::Redis::Client cannot do.
#pragma once

#include <Poco/Net/StreamSocket.h>
#include <Poco/Redis/Type.h>

#include <chrono>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "bus/RedisUrl.hpp"

namespace sb::bus {

// Any failure talking to Redis: refused, lost, timed out, or an error reply. The message
// is short and lower-case ("connection refused", "authentication failed: WRONGPASS ...")
// and never holds the password: it comes from errno, Poco's network errors (addresses only)
// or Redis error replies (Redis never echoes command arguments).
class RedisError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Why not Poco::Redis::Client: with a receive timeout, its readReply() treats an idle
// timeout as a lost connection and disconnects, so a subscriber could not wake up to notice
// stop(). Here we own the socket, poll it ourselves, and reuse Poco's RESP parser.
//
// Not thread-safe: one thread at a time (callers hold a lock or own it).
class RedisConnection {
 public:
  using Reply = Poco::Redis::RedisType::Ptr;

  // Connects (giving up after `timeout`), authenticates when the URL has a password,
  // selects the database, and checks the server answers. `timeout` also bounds every reply
  // owed later (a hung server). `cancelled`, if given, is polled about every 100 ms while
  // connecting and while execute() waits, so a thread being stopped is not held for the
  // whole timeout (the host name lookup alone cannot be cut short). Throws RedisError.
  static std::unique_ptr<RedisConnection> open(const RedisUrl& url, std::chrono::milliseconds timeout,
                                               const std::function<bool()>& cancelled = {});
  ~RedisConnection();
  RedisConnection(const RedisConnection&) = delete;
  RedisConnection& operator=(const RedisConnection&) = delete;

  // Sends one command (arguments are always bulk strings: the Int64 trap cannot happen)
  // and flushes it. Throws RedisError.
  void send(const std::vector<std::string>& command);

  // send() and wait for its reply (up to the timeout; in slices that check `cancelled` when
  // open() was given one). Throws RedisError on an error reply, no reply in time, or when
  // cancelled.
  Reply execute(const std::vector<std::string>& command);

  // The next reply, or null when none starts within `wait` (not an error: an idle
  // subscriber). Once a reply has started, the rest must come within the connection's
  // timeout. Throws RedisError when the connection is lost, and for an error reply.
  Reply readReply(std::chrono::milliseconds wait);

  // Without waiting: true when something is readable although no reply is owed. On a
  // request/response connection that means the server closed it (a restart, CLIENT KILL)
  // or broke protocol: either way it is unusable. Never throws.
  bool unusable();

 private:
  explicit RedisConnection(std::chrono::milliseconds timeout);
  void connect(const RedisUrl& url);
  Reply readOne();

  std::chrono::milliseconds timeout_;
  std::function<bool()> cancelled_;
  Poco::Net::StreamSocket socket_;
  std::unique_ptr<Poco::Redis::RedisInputStream> input_;  // reads socket_; destroyed first
};

}  // namespace sb::bus
