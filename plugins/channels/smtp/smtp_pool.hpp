// smtp_pool: the connections of one instance. At most `max_connections` are open at once
// (in use or idle); a send takes an idle one (most recently used first) or a free slot to
// open a new one, and waits for one until its deadline. Idle connections are closed after
// `idle_timeout` by reapIdle(), which the watchdog thread calls.
#pragma once

#include "smtp_connection.hpp"

#include <chrono>
#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>

namespace sb_smtp {

class ConnectionPool {
 public:
  using Clock = std::chrono::steady_clock;

  // A slot: holds a connection (an idle one, or null for the caller to open). When it is
  // destroyed the connection goes back to the idle list if keep() was called, and is
  // closed otherwise; either way the slot frees up.
  class Lease {
   public:
    Lease(Lease&& other) noexcept;
    Lease& operator=(Lease&&) = delete;
    Lease(const Lease&) = delete;
    ~Lease();
    std::unique_ptr<Connection>& connection() { return connection_; }
    void keep() { keep_ = true; }

   private:
    friend class ConnectionPool;
    Lease(ConnectionPool* pool, std::unique_ptr<Connection> connection)
        : pool_(pool), connection_(std::move(connection)) {}
    ConnectionPool* pool_;
    std::unique_ptr<Connection> connection_;
    bool keep_ = false;
  };

  ConnectionPool(int max_connections, std::chrono::milliseconds idle_timeout);
  ~ConnectionPool();  // closeAll()

  // Throws switchboard::Retry when every slot stays busy until `deadline`.
  Lease acquire(Clock::time_point deadline);

  // Closes the connections idle for longer than idle_timeout.
  void reapIdle();
  // Closes every idle connection (the instance is going away).
  void closeAll();

 private:
  struct Idle {
    std::unique_ptr<Connection> connection;
    Clock::time_point since;
  };
  void giveBack(std::unique_ptr<Connection> connection, bool keep);

  const int max_connections_;
  const std::chrono::milliseconds idle_timeout_;
  mutable std::mutex mutex_;
  std::condition_variable freed_;
  std::deque<Idle> idle_;  // back = most recently used
  int open_ = 0;           // slots taken: leased plus idle
};

}  // namespace sb_smtp
