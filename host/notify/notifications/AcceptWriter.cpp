#include "notify/notifications/AcceptWriter.hpp"

namespace sb::notify {

AcceptWriter::AcceptWriter(NotificationRepository& repository, size_t maxRowsPerCommit)
    : repository_(repository), max_rows_(maxRowsPerCommit), thread_([this] { run(); }) {}

AcceptWriter::~AcceptWriter() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  ready_.notify_all();
  thread_.join();
}

void AcceptWriter::write(std::vector<NewNotification> notifications) {
  if (notifications.empty()) return;
  std::future<void> done;
  {
    std::lock_guard lock(mutex_);
    queue_.push_back(Pending{std::move(notifications), {}});
    done = queue_.back().done.get_future();
  }
  ready_.notify_one();
  done.get();  // rethrows the write's exception, if any
}

void AcceptWriter::run() {
  std::unique_lock lock(mutex_);
  for (;;) {
    ready_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
    if (queue_.empty()) return;  // stopping, nothing left
    // Everything waiting now goes into one transaction (bounded, to keep it short).
    std::vector<Pending> group;
    size_t rows = 0;
    while (!queue_.empty() && (group.empty() || rows + queue_.front().notifications.size() <= max_rows_)) {
      rows += queue_.front().notifications.size();
      group.push_back(std::move(queue_.front()));
      queue_.pop_front();
    }
    lock.unlock();
    commit(group);
    lock.lock();
  }
}

void AcceptWriter::commit(std::vector<Pending>& group) {
  if (group.size() > 1) {
    std::vector<NewNotification> all;
    for (auto& p : group) all.insert(all.end(), p.notifications.begin(), p.notifications.end());
    try {
      repository_.insertAccepted(all);
      for (auto& p : group) p.done.set_value();
      return;
    } catch (const std::exception&) {
      // One request's failure (a raced idempotency key) must not fail the others: fall
      // back to one transaction per request, each answered with its own outcome.
    }
  }
  for (auto& p : group) {
    try {
      repository_.insertAccepted(p.notifications);
      p.done.set_value();
    } catch (...) {
      p.done.set_exception(std::current_exception());
    }
  }
}

}  // namespace sb::notify
