// Inbox: what a bus handler received, collected thread-safely (handlers run on bus threads),
// plus waitUntil for conditions reached asynchronously.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "bus/Bus.hpp"

namespace sb::bus::test {

class Inbox {
 public:
  Bus::Handler handler() {
    return [this](const std::string& payload) {
      {
        std::lock_guard lock(mutex_);
        messages_.push_back(payload);
      }
      arrived_.notify_all();
    };
  }

  std::vector<std::string> messages() const {
    std::lock_guard lock(mutex_);
    return messages_;
  }
  std::size_t size() const {
    std::lock_guard lock(mutex_);
    return messages_.size();
  }
  // True once at least `count` messages arrived; false after `timeout`.
  bool waitFor(std::size_t count, std::chrono::milliseconds timeout = std::chrono::seconds(10)) const {
    std::unique_lock lock(mutex_);
    return arrived_.wait_for(lock, timeout, [&] { return messages_.size() >= count; });
  }

 private:
  mutable std::mutex mutex_;
  mutable std::condition_variable arrived_;
  std::vector<std::string> messages_;
};

// Polls `condition` every 10 ms; false if it is still false after `timeout`.
inline bool waitUntil(const std::function<bool()>& condition,
                      std::chrono::milliseconds timeout = std::chrono::seconds(10)) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!condition()) {
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return true;
}

}  // namespace sb::bus::test
