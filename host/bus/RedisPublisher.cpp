#include "bus/RedisPublisher.hpp"

#include "bus/ReconnectBackoff.hpp"

namespace sb::bus {
namespace {

// How often the thread looks at an idle connection. Without it, an instance that publishes
// rarely would only learn that Redis restarted by losing its next message.
constexpr auto kProbeInterval = std::chrono::milliseconds(250);
// After this long unused, the probe PINGs, to find connections that died silently.
constexpr auto kHeartbeatAfter = std::chrono::seconds(5);
// A connection that lasted this long was a real recovery (see run()).
constexpr auto kStableConnection = std::chrono::seconds(1);

}  // namespace

RedisPublisher::RedisPublisher(RedisUrl url, const RedisOptions& options, LinkStatus& status)
    : url_(std::move(url)), options_(options), status_(status) {}

RedisPublisher::~RedisPublisher() { stop(); }

void RedisPublisher::start() {
  std::lock_guard lock(wakeMutex_);
  if (thread_.joinable() || stopping_) return;
  thread_ = std::thread([this] { run(); });
}

void RedisPublisher::stop() {
  {
    std::lock_guard lock(wakeMutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
  std::lock_guard lock(connectionMutex_);
  connection_.reset();
}

bool RedisPublisher::publish(const std::string& channel, const std::string& message) {
  std::lock_guard lock(connectionMutex_);
  // During an outage: nothing to try. Reconnecting here would hold this request thread (and
  // every other publisher queued on the lock) for up to connect_timeout.
  if (!connection_) return false;
  if (connection_->unusable()) {
    // Closed while idle, most likely a Redis restart: rather than losing this message to the
    // dead connection, try once to connect again right now (fast whether Redis is back or
    // refusing; only a first publish after a closure pays for it).
    connection_.reset();
    if (stopping_) return false;
    try {
      connection_ = RedisConnection::open(url_, options_.connect_timeout, [this] { return stopping_.load(); });
    } catch (const std::exception& e) {
      disconnect(e.what());
      return false;
    }
  }
  try {
    connection_->execute({"PUBLISH", channel, message});
    lastUsed_ = std::chrono::steady_clock::now();
    delivered_.store(true, std::memory_order_relaxed);
    return true;
  } catch (const std::exception& e) {
    disconnect(e.what());
    return false;
  }
}

void RedisPublisher::disconnect(const std::string& reason) {
  connection_.reset();
  status_.down(reason);
  {
    std::lock_guard lock(wakeMutex_);
    disconnected_ = true;
  }
  wake_.notify_all();
}

bool RedisPublisher::pause(std::chrono::milliseconds delay) {
  std::unique_lock lock(wakeMutex_);
  return !wake_.wait_for(lock, delay, [this] { return stopping_.load(); });
}

void RedisPublisher::run() {
  ReconnectBackoff backoff(options_.reconnect_initial, options_.reconnect_max);
  bool firstAttempt = true;
  bool connected = false;  // by this thread, since the last disconnect
  std::chrono::steady_clock::time_point connectedAt;
  for (;;) {
    {
      std::unique_lock lock(wakeMutex_);
      wake_.wait_for(lock, kProbeInterval, [this] { return stopping_ || disconnected_; });
      if (stopping_) return;
      if (!disconnected_) {
        lock.unlock();
        probe();
        continue;
      }
    }
    // A connection that worked (carried messages, or lasted) ends an outage: the backoff
    // starts over. One that fails at once (e.g. Redis refuses PUBLISH) keeps backing off, so
    // we never reconnect at the rate of publishes.
    const bool worked = delivered_.exchange(false) ||
                        (connected && std::chrono::steady_clock::now() - connectedAt >= kStableConnection);
    if (worked) backoff.reset();
    if (!firstAttempt && !pause(backoff.next())) return;
    firstAttempt = false;
    connected = reconnect();
    connectedAt = std::chrono::steady_clock::now();
  }
}

bool RedisPublisher::reconnect() {
  try {
    auto connection = RedisConnection::open(url_, options_.connect_timeout, [this] { return stopping_.load(); });
    {
      std::lock_guard lock(wakeMutex_);
      disconnected_ = false;
    }
    // Healthy before it is usable: a publish failing right after must have the last word.
    status_.up();
    std::lock_guard lock(connectionMutex_);
    connection_ = std::move(connection);
    lastUsed_ = std::chrono::steady_clock::now();
    return true;
  } catch (const std::exception& e) {
    if (!stopping_) status_.down(e.what());
    return false;
  }
}

// Finds out that an idle connection died before a publish has to: for health, and so the
// reconnect happens here rather than on a request thread.
void RedisPublisher::probe() {
  std::unique_lock lock(connectionMutex_, std::try_to_lock);
  if (!lock.owns_lock() || !connection_) return;  // busy publishing: evidently alive
  try {
    if (connection_->unusable()) throw RedisError("connection closed by the server");
    if (std::chrono::steady_clock::now() - lastUsed_ >= kHeartbeatAfter) {
      connection_->execute({"PING"});
      lastUsed_ = std::chrono::steady_clock::now();
    }
  } catch (const std::exception& e) {
    disconnect(e.what());
  }
}

}  // namespace sb::bus
