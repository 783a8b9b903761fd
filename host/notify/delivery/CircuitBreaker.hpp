// CircuitBreaker: stops calling a provider that keeps failing, and lets one probe through
// after a cool-down. One per provider instance, shared by every worker of the process.
#pragma once

#include <chrono>
#include <mutex>

namespace sb::notify {

class CircuitBreaker {
 public:
  using Clock = std::chrono::steady_clock;
  enum class State { Closed, Open, HalfOpen };

  CircuitBreaker(int failuresToOpen, std::chrono::milliseconds coolDown)
      : failures_to_open_(failuresToOpen), cool_down_(coolDown) {}

  // May a call go to the provider now? In HalfOpen exactly one caller gets true (the
  // probe) until it reports back.
  bool allow(Clock::time_point now = Clock::now());
  void recordSuccess();
  // A retryable failure (timeout, 5xx, 429, fault).
  void recordFailure(Clock::time_point now = Clock::now());
  State state(Clock::time_point now = Clock::now()) const;
  // When an open breaker will let a probe through.
  Clock::time_point reopensAt() const;

 private:
  const int failures_to_open_;
  const std::chrono::milliseconds cool_down_;
  mutable std::mutex mutex_;
  State state_ = State::Closed;
  int consecutive_failures_ = 0;
  Clock::time_point opened_at_{};
  bool probe_in_flight_ = false;
};

const char* breakerStateName(CircuitBreaker::State state);

}  // namespace sb::notify
