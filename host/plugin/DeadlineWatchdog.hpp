// DeadlineWatchdog: one thread that shuts a socket down when its deadline passes, so a
// blocking connect, TLS handshake or read can never outlive the caller's budget.
#pragma once

#include <chrono>
#include <cstdint>

namespace sb::plugin {

class DeadlineWatchdog {
 public:
  // While a Guard lives, `fd` is shut down (SHUT_RDWR) at `deadline`. Destroy the guard
  // before closing the socket.
  class Guard {
   public:
    Guard(int fd, std::chrono::steady_clock::time_point deadline);
    ~Guard();
    Guard(const Guard&) = delete;
    Guard& operator=(const Guard&) = delete;
    bool fired() const;

   private:
    uint64_t id_;
  };
};

}  // namespace sb::plugin
