// AcceptWriter: group commit for accepted notifications. Request threads hand their
// notifications over and wait; one writer thread commits everything that arrived
// meanwhile in a single transaction (one fsync for many requests), then wakes them.
// Each caller still returns only after its rows are durable, so a 202 survives a crash.
#pragma once

#include "notify/notifications/NotificationRepository.hpp"

#include <condition_variable>
#include <deque>
#include <exception>
#include <future>
#include <mutex>
#include <thread>

namespace sb::notify {

class AcceptWriter {
 public:
  explicit AcceptWriter(NotificationRepository& repository, size_t maxRowsPerCommit = 2000);
  ~AcceptWriter();
  AcceptWriter(const AcceptWriter&) = delete;
  AcceptWriter& operator=(const AcceptWriter&) = delete;

  // Blocks until `notifications` are committed; rethrows what the write threw for them
  // (store::StoreConflict for a taken idempotency key).
  void write(std::vector<NewNotification> notifications);

 private:
  struct Pending {
    std::vector<NewNotification> notifications;
    std::promise<void> done;
  };
  void run();
  void commit(std::vector<Pending>& group);

  NotificationRepository& repository_;
  size_t max_rows_;
  std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<Pending> queue_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace sb::notify
