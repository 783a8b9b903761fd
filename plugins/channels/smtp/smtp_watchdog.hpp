// smtp_watchdog: enforces each send's overall deadline. Poco's timeouts bound single
// socket operations, not a whole dialogue, and its TLS handshake can overrun them (see
// ../shared/design/TRAPS.md); so every socket in use is registered here with its deadline,
// and one thread per instance shut()s it down when the deadline passes, which makes the
// blocked read or handshake fail at once. The same thread runs the connection pool's idle
// reaping (`housekeeping`).
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <thread>

namespace sb_smtp {

class Watchdog {
 public:
  using Clock = std::chrono::steady_clock;

  // Starts the thread. `housekeeping` runs on it about every `period`; deadlines are not
  // enforced while it runs, so it must not block for long (closing an idle connection
  // waits at most 1 s for the server's answer to QUIT).
  Watchdog(std::function<void()> housekeeping, std::chrono::milliseconds period);
  ~Watchdog();  // stop()
  Watchdog(const Watchdog&) = delete;
  Watchdog& operator=(const Watchdog&) = delete;

  // Stops and joins the thread; armed sockets are left alone. Idempotent.
  void stop();

  // Registers `fd` to be shut down (SHUT_RDWR) at `deadline`; returns a token for disarm().
  // The caller must disarm before it closes the descriptor.
  uint64_t arm(int fd, Clock::time_point deadline);
  // Unregisters; returns true when the deadline had already fired (the socket is dead).
  bool disarm(uint64_t token);
  // Whether the deadline of `token` has fired.
  bool fired(uint64_t token) const;

 private:
  struct Entry {
    int fd;
    Clock::time_point deadline;
    bool fired;
  };
  void run();

  std::function<void()> housekeeping_;
  std::chrono::milliseconds period_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::map<uint64_t, Entry> entries_;
  uint64_t next_token_ = 1;
  bool stopping_ = false;
  std::thread thread_;  // last: starts after everything above is ready
};

// Blocks SIGPIPE on the calling thread for its lifetime, and swallows a SIGPIPE raised
// meanwhile. A write to a socket the server closed raises SIGPIPE, whose default action
// kills the whole process; Poco sends without MSG_NOSIGNAL, and a plugin must not change
// the process-wide disposition, so each thread doing SMTP I/O holds one of these.
class SigpipeBlock {
 public:
  SigpipeBlock();
  ~SigpipeBlock();
  SigpipeBlock(const SigpipeBlock&) = delete;
  SigpipeBlock& operator=(const SigpipeBlock&) = delete;

 private:
  bool was_blocked_ = false;
};

}  // namespace sb_smtp
