// DeliveryDispatcher: this instance's delivery engine. One claimer thread leases due
// deliveries from the queue (at most one round ahead of the workers, so leases do not run
// out while rows wait in memory), N worker threads send them, and one writer thread
// commits outcomes in batches. New work wakes the claimer at once (wake()); work queued by
// other instances or coming due later is found by a timed wait (next due time, at most
// notifications.poll_interval).
#pragma once

#include "notify/delivery/DeliveryProcessor.hpp"

#include <condition_variable>
#include <deque>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace sb::notify {

struct DispatcherOptions {
  int workers = 8;
  std::chrono::milliseconds lease{30000};
  std::chrono::milliseconds poll_interval{1000};
  std::chrono::milliseconds flush_interval{5};  // how long outcomes may wait to be batched
  std::string instance_id;                       // written to locked_by
};

class DeliveryDispatcher {
 public:
  DeliveryDispatcher(DeliveryQueue& queue, DeliveryProcessor& processor, DispatcherOptions options);
  ~DeliveryDispatcher();  // stop()
  DeliveryDispatcher(const DeliveryDispatcher&) = delete;
  DeliveryDispatcher& operator=(const DeliveryDispatcher&) = delete;

  void start();
  // Stops claiming, lets workers finish what they hold, writes every outcome, joins.
  void stop();
  // New work was queued (or retried): look now instead of at the next timed poll.
  void wake();

 private:
  void claimLoop();
  void workLoop();
  void writeLoop();
  void write(const std::vector<DeliveryOutcome>& batch);

  DeliveryQueue& queue_;
  DeliveryProcessor& processor_;
  DispatcherOptions options_;

  std::mutex mutex_;
  std::condition_variable claim_cv_;   // claimer: wake(), a worker freed, stop
  std::condition_variable work_cv_;    // workers: new claimed rows, stop
  std::condition_variable write_cv_;   // writer: outcomes waiting, stop
  std::deque<ClaimedDelivery> ready_;  // claimed, not yet picked by a worker
  int busy_ = 0;                       // workers sending right now
  std::vector<DeliveryOutcome> outcomes_;
  bool woken_ = false;
  bool stopping_ = false;
  bool claimer_done_ = false;
  int workers_running_ = 0;
  std::vector<std::thread> threads_;
};

}  // namespace sb::notify
