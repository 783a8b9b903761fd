// ReconnectBackoff: how long to wait before the next reconnect attempt — doubling from an
// initial delay up to a maximum, with jitter so instances do not reconnect in lockstep.
#pragma once

#include <algorithm>
#include <chrono>
#include <random>

namespace sb::bus {

// Not thread-safe: each reconnecting thread owns one.
class ReconnectBackoff {
 public:
  ReconnectBackoff(std::chrono::milliseconds initial, std::chrono::milliseconds max)
      : initial_(std::max(initial, std::chrono::milliseconds(1))),
        max_(std::max(max, initial_)),
        current_(initial_),
        random_(std::random_device{}()) {}

  // A delay in [current/2, current], then doubles current (up to max).
  std::chrono::milliseconds next() {
    const auto ceiling = current_.count();
    std::uniform_int_distribution<long long> pick(ceiling / 2, ceiling);
    current_ = std::min(current_ * 2, max_);
    return std::chrono::milliseconds(pick(random_));
  }

  // After a success: the next failure starts again from the initial delay.
  void reset() { current_ = initial_; }

 private:
  std::chrono::milliseconds initial_;
  std::chrono::milliseconds max_;
  std::chrono::milliseconds current_;
  std::minstd_rand random_;
};

}  // namespace sb::bus
