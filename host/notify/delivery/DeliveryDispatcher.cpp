#include "notify/delivery/DeliveryDispatcher.hpp"

#include "core/Clock.hpp"

#include <spdlog/spdlog.h>

namespace sb::notify {

DeliveryDispatcher::DeliveryDispatcher(DeliveryQueue& queue, DeliveryProcessor& processor, DispatcherOptions options)
    : queue_(queue), processor_(processor), options_(std::move(options)) {}

DeliveryDispatcher::~DeliveryDispatcher() { stop(); }

void DeliveryDispatcher::start() {
  std::lock_guard lock(mutex_);
  if (!threads_.empty()) return;
  stopping_ = false;
  workers_running_ = options_.workers;
  threads_.emplace_back([this] { claimLoop(); });
  for (int i = 0; i < options_.workers; ++i) threads_.emplace_back([this] { workLoop(); });
  threads_.emplace_back([this] { writeLoop(); });
}

void DeliveryDispatcher::stop() {
  {
    std::lock_guard lock(mutex_);
    if (threads_.empty()) return;
    stopping_ = true;
  }
  claim_cv_.notify_all();
  work_cv_.notify_all();
  write_cv_.notify_all();
  for (auto& t : threads_) t.join();
  threads_.clear();
}

void DeliveryDispatcher::wake() {
  {
    std::lock_guard lock(mutex_);
    woken_ = true;
  }
  claim_cv_.notify_one();
}

void DeliveryDispatcher::claimLoop() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    // Lease at most one round ahead of the workers (2 x workers in hand): enough to claim
    // in batches (each claim is a write transaction), few enough that no lease runs out
    // while its row waits in memory. Claim again once half a round is free.
    const int capacity = 2 * options_.workers;
    auto freeSlots = [&] { return capacity - busy_ - static_cast<int>(ready_.size()); };
    int free = freeSlots();
    if (free < std::max(1, options_.workers / 2) && !ready_.empty()) {
      claim_cv_.wait(lock, [&] { return stopping_ || freeSlots() >= std::max(1, options_.workers / 2) || ready_.empty(); });
      continue;
    }
    if (free <= 0) {
      claim_cv_.wait(lock, [&] { return stopping_ || freeSlots() > 0; });
      continue;
    }
    woken_ = false;
    lock.unlock();
    std::vector<ClaimedDelivery> claimed;
    std::optional<int64_t> nextDue;
    bool failed = false;
    try {
      int64_t now = nowUnixMs();
      claimed = queue_.claim(options_.instance_id, free, now, now + options_.lease.count());
      if (static_cast<int>(claimed.size()) < free) nextDue = queue_.nextDueAt();
    } catch (const std::exception& e) {
      spdlog::error("delivery queue: claiming failed: {}", e.what());
      failed = true;
    }
    lock.lock();
    for (auto& c : claimed) ready_.push_back(std::move(c));
    if (!claimed.empty()) work_cv_.notify_all();
    if (static_cast<int>(claimed.size()) == free && !failed) continue;  // maybe more is due: go again when a worker frees

    // Drained: sleep until woken, until the next due time, or one poll interval (work that
    // other instances queued, leases of dead workers running out).
    auto wait = options_.poll_interval;
    if (failed) wait = std::chrono::milliseconds(1000);
    if (nextDue) {
      // Due rows that the claim did not get are held by another instance's claim or an
      // uncommitted write: look again soon, but never spin.
      auto untilDue = std::chrono::milliseconds(std::max<int64_t>(5, *nextDue - nowUnixMs()));
      wait = std::min(wait, untilDue);
    }
    claim_cv_.wait_for(lock, wait, [&] { return stopping_ || woken_; });
  }
  claimer_done_ = true;
  work_cv_.notify_all();
}

void DeliveryDispatcher::workLoop() {
  std::unique_lock lock(mutex_);
  for (;;) {
    work_cv_.wait(lock, [&] { return !ready_.empty() || (stopping_ && claimer_done_); });
    if (ready_.empty()) break;  // stopping, and nothing left that we hold a lease on
    ClaimedDelivery delivery = std::move(ready_.front());
    ready_.pop_front();
    ++busy_;
    lock.unlock();
    DeliveryOutcome outcome;
    try {
      outcome = processor_.process(delivery, nowUnixMs());
    } catch (const std::exception& e) {
      // A bug, not a provider failure: put the delivery back for a later round.
      spdlog::error("delivery {}: processing failed: {}", delivery.id, e.what());
      outcome.delivery_id = delivery.id;
      outcome.kind = DeliveryOutcome::Kind::Reschedule;
      outcome.due_at = nowUnixMs() + 5000;
      outcome.error = e.what();
    }
    lock.lock();
    --busy_;
    outcomes_.push_back(std::move(outcome));
    write_cv_.notify_one();
    claim_cv_.notify_one();
  }
  if (--workers_running_ == 0) write_cv_.notify_all();
}

void DeliveryDispatcher::write(const std::vector<DeliveryOutcome>& batch) {
  for (int attempt = 1; attempt <= 3; ++attempt) {
    try {
      queue_.apply(batch, nowUnixMs());
      return;
    } catch (const std::exception& e) {
      spdlog::error("delivery queue: writing {} outcomes failed (try {}): {}", batch.size(), attempt, e.what());
      std::this_thread::sleep_for(std::chrono::milliseconds(100 * attempt));
    }
  }
  // One bad outcome must not sink the others: write them one by one. What still fails
  // stays leased and is sent again after the lease (at-least-once).
  for (const auto& outcome : batch) {
    try {
      queue_.apply({outcome}, nowUnixMs());
    } catch (const std::exception& e) {
      spdlog::error("delivery {}: outcome lost, it will be retried after its lease: {}", outcome.delivery_id, e.what());
    }
  }
}

void DeliveryDispatcher::writeLoop() {
  std::unique_lock lock(mutex_);
  for (;;) {
    write_cv_.wait(lock, [&] { return !outcomes_.empty() || workers_running_ == 0; });
    if (outcomes_.empty()) break;  // every worker has stopped and everything is written
    // Let a few more outcomes join this transaction: one commit (one fsync) for the batch.
    write_cv_.wait_for(lock, options_.flush_interval, [&] { return outcomes_.size() >= 256 || workers_running_ == 0; });
    std::vector<DeliveryOutcome> batch;
    batch.swap(outcomes_);
    lock.unlock();
    write(batch);
    lock.lock();
  }
}

}  // namespace sb::notify
