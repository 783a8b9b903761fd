#include "smtp_pool.hpp"

#include <vector>

namespace sb_smtp {

ConnectionPool::Lease::Lease(Lease&& other) noexcept
    : pool_(other.pool_), connection_(std::move(other.connection_)), keep_(other.keep_) {
  other.pool_ = nullptr;
}

ConnectionPool::Lease::~Lease() {
  if (pool_ != nullptr) pool_->giveBack(std::move(connection_), keep_);
}

ConnectionPool::ConnectionPool(int max_connections, std::chrono::milliseconds idle_timeout)
    : max_connections_(max_connections), idle_timeout_(idle_timeout) {}

ConnectionPool::~ConnectionPool() { closeAll(); }

ConnectionPool::Lease ConnectionPool::acquire(Clock::time_point deadline) {
  std::unique_lock<std::mutex> lock(mutex_);
  for (;;) {
    if (!idle_.empty()) {
      std::unique_ptr<Connection> connection = std::move(idle_.back().connection);
      idle_.pop_back();
      return Lease(this, std::move(connection));
    }
    if (open_ < max_connections_) {
      ++open_;
      return Lease(this, nullptr);
    }
    if (freed_.wait_until(lock, deadline) == std::cv_status::timeout && idle_.empty() && open_ >= max_connections_)
      throw switchboard::Retry("SMTP: all " + std::to_string(max_connections_) +
                               " connections (pool_size) stayed busy until the deadline");
  }
}

void ConnectionPool::giveBack(std::unique_ptr<Connection> connection, bool keep) {
  const bool park = keep && connection != nullptr && !connection->broken() && idle_timeout_.count() > 0;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (park) {
      idle_.push_back(Idle{std::move(connection), Clock::now()});
    } else {
      --open_;
    }
  }
  freed_.notify_one();
  connection.reset();  // closes outside the lock (when not parked)
}

void ConnectionPool::reapIdle() {
  std::vector<std::unique_ptr<Connection>> expired;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    const auto now = Clock::now();
    // The front is the longest idle; a connection taken and given back moves to the back.
    while (!idle_.empty() && now - idle_.front().since >= idle_timeout_) {
      expired.push_back(std::move(idle_.front().connection));
      idle_.pop_front();
      --open_;
    }
  }
  if (!expired.empty()) freed_.notify_all();
  expired.clear();  // QUIT and close, outside the lock
}

void ConnectionPool::closeAll() {
  std::vector<std::unique_ptr<Connection>> all;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    for (Idle& idle : idle_) all.push_back(std::move(idle.connection));
    open_ -= static_cast<int>(idle_.size());
    idle_.clear();
  }
  freed_.notify_all();
}

}  // namespace sb_smtp
