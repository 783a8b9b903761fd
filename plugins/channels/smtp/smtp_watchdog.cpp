#include "smtp_watchdog.hpp"

#include <pthread.h>
#include <signal.h>
#include <sys/socket.h>

#include <algorithm>
#include <ctime>

namespace sb_smtp {

Watchdog::Watchdog(std::function<void()> housekeeping, std::chrono::milliseconds period)
    : housekeeping_(std::move(housekeeping)),
      period_(std::max(period, std::chrono::milliseconds(10))),
      thread_([this] { run(); }) {}

Watchdog::~Watchdog() { stop(); }

void Watchdog::stop() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

uint64_t Watchdog::arm(int fd, Clock::time_point deadline) {
  uint64_t token;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    token = next_token_++;
    entries_.emplace(token, Entry{fd, deadline, false});
  }
  wake_.notify_all();
  return token;
}

bool Watchdog::disarm(uint64_t token) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = entries_.find(token);
  if (it == entries_.end()) return false;
  const bool fired = it->second.fired;
  entries_.erase(it);
  return fired;
}

bool Watchdog::fired(uint64_t token) const {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = entries_.find(token);
  return it != entries_.end() && it->second.fired;
}

void Watchdog::run() {
  SigpipeBlock noSigpipe;  // the housekeeping closes connections, which may write
  auto nextHousekeeping = Clock::now() + period_;
  std::unique_lock<std::mutex> lock(mutex_);
  while (!stopping_) {
    const auto now = Clock::now();
    auto wakeAt = nextHousekeeping;
    for (auto& [token, entry] : entries_) {
      if (entry.fired) continue;
      if (entry.deadline <= now) {
        // shutdown(), not close(): the descriptor stays valid (and unreused) until its
        // owner, who disarms first, closes it.
        ::shutdown(entry.fd, SHUT_RDWR);
        entry.fired = true;
      } else {
        wakeAt = std::min(wakeAt, entry.deadline);
      }
    }
    if (now >= nextHousekeeping) {
      lock.unlock();
      housekeeping_();
      lock.lock();
      nextHousekeeping = Clock::now() + period_;
      continue;
    }
    wake_.wait_until(lock, wakeAt);
  }
}

SigpipeBlock::SigpipeBlock() {
  sigset_t pipe, old;
  sigemptyset(&pipe);
  sigaddset(&pipe, SIGPIPE);
  pthread_sigmask(SIG_BLOCK, &pipe, &old);
  was_blocked_ = sigismember(&old, SIGPIPE) == 1;
}

SigpipeBlock::~SigpipeBlock() {
  if (was_blocked_) return;
  sigset_t pipe;
  sigemptyset(&pipe);
  sigaddset(&pipe, SIGPIPE);
  // Consume a SIGPIPE raised while blocked, or unblocking would deliver it.
  sigset_t pending;
  sigemptyset(&pending);
  if (sigpending(&pending) == 0 && sigismember(&pending, SIGPIPE) == 1) {
    const timespec zero{0, 0};
    while (sigtimedwait(&pipe, nullptr, &zero) == SIGPIPE) {
    }
  }
  pthread_sigmask(SIG_UNBLOCK, &pipe, nullptr);
}

}  // namespace sb_smtp
