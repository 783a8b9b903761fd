#include "bus/RedisSubscriber.hpp"

#include <Poco/Redis/Array.h>
#include <spdlog/spdlog.h>

#include "bus/ReconnectBackoff.hpp"

namespace sb::bus {
namespace {

// How often the idle thread wakes to check stop() and new channels: bounds stop()'s latency.
constexpr auto kPollInterval = std::chrono::milliseconds(250);
// After this long without a byte from Redis we PING, to find connections that died silently
// (a host gone without a reset); no answer within connect_timeout counts as lost.
constexpr auto kHeartbeatAfter = std::chrono::seconds(5);
// A subscription that lasted this long was a real recovery: the backoff starts over. One
// dropped at once (e.g. killed by Redis's output-buffer limit) keeps backing off.
constexpr auto kStableConnection = std::chrono::seconds(1);

using Poco::Redis::Array;
using Poco::Redis::BulkString;

std::string bulkAt(const Array& array, std::size_t index) {
  const BulkString value = array.get<BulkString>(index);
  return value.isNull() ? std::string() : value.value();
}

}  // namespace

RedisSubscriber::RedisSubscriber(RedisUrl url, const RedisOptions& options, LinkStatus& status, MessageSink sink)
    : url_(std::move(url)), options_(options), status_(status), sink_(std::move(sink)) {}

RedisSubscriber::~RedisSubscriber() { stop(); }

void RedisSubscriber::addChannel(const std::string& channel) {
  std::lock_guard lock(channelsMutex_);
  if (channels_.insert(channel).second) ++channelsVersion_;
}

void RedisSubscriber::onReconnect(std::function<void()> listener) {
  std::lock_guard lock(channelsMutex_);
  listeners_.push_back(std::move(listener));
}

void RedisSubscriber::start() {
  std::lock_guard lock(wakeMutex_);
  if (thread_.joinable() || stopping_) return;
  thread_ = std::thread([this] { run(); });
}

void RedisSubscriber::stop() {
  {
    std::lock_guard lock(wakeMutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

bool RedisSubscriber::pause(std::chrono::milliseconds delay) {
  std::unique_lock lock(wakeMutex_);
  return !wake_.wait_for(lock, delay, [this] { return stopping_.load(); });
}

void RedisSubscriber::run() {
  ReconnectBackoff backoff(options_.reconnect_initial, options_.reconnect_max);
  bool firstAttempt = true;
  while (!stopping_) {
    if (!firstAttempt && !pause(backoff.next())) return;
    const auto started = std::chrono::steady_clock::now();
    bool established = false;
    try {
      auto connection = RedisConnection::open(url_, options_.connect_timeout, [this] { return stopping_.load(); });
      Subscribed subscribed;
      establish(*connection, subscribed);
      status_.up();
      established = true;
      // Messages published while we were away are lost: listeners resynchronise. Not after a
      // first attempt that succeeded — nothing was missed before it.
      if (!firstAttempt) notifyReconnected();
      firstAttempt = false;
      listen(*connection, subscribed);
    } catch (const std::exception& e) {
      if (stopping_) return;
      status_.down(e.what());
    }
    firstAttempt = false;
    if (established && std::chrono::steady_clock::now() - started >= kStableConnection) backoff.reset();
  }
}

// Subscribes to every channel and waits until Redis confirmed them all: from then on no
// message to them can be missed, so health only turns ok after this.
void RedisSubscriber::establish(RedisConnection& connection, Subscribed& subscribed) {
  std::size_t pending = subscribeNew(connection, subscribed);
  const auto deadline = std::chrono::steady_clock::now() + options_.connect_timeout;
  while (pending > 0) {
    if (stopping_) throw RedisError("cancelled");
    if (std::chrono::steady_clock::now() >= deadline)
      throw RedisError("no confirmation of SUBSCRIBE within " + std::to_string(options_.connect_timeout.count()) +
                       " ms");
    const RedisConnection::Reply reply = connection.readReply(kPollInterval);
    if (!reply.isNull() && dispatch(reply)) --pending;
  }
}

void RedisSubscriber::listen(RedisConnection& connection, Subscribed& subscribed) {
  auto lastHeard = std::chrono::steady_clock::now();
  bool pinged = false;  // a PING is waiting for its answer, sent at lastHeard + kHeartbeatAfter
  while (!stopping_) {
    const RedisConnection::Reply reply = connection.readReply(kPollInterval);
    const auto now = std::chrono::steady_clock::now();
    if (!reply.isNull()) {
      lastHeard = now;
      pinged = false;
      dispatch(reply);
    } else if (pinged && now - lastHeard > kHeartbeatAfter + options_.connect_timeout) {
      throw RedisError("no answer to PING within " + std::to_string(options_.connect_timeout.count()) + " ms");
    } else if (!pinged && now - lastHeard >= kHeartbeatAfter) {
      connection.send({"PING"});
      pinged = true;
    }
    // Channels added while running; their confirmations arrive in this loop.
    if (channelsVersion_.load() != subscribedVersion_) subscribeNew(connection, subscribed);
  }
}

std::size_t RedisSubscriber::subscribeNew(RedisConnection& connection, Subscribed& subscribed) {
  std::vector<std::string> command{"SUBSCRIBE"};
  {
    std::lock_guard lock(channelsMutex_);
    subscribedVersion_ = channelsVersion_.load();
    for (const std::string& channel : channels_)
      if (subscribed.insert(channel).second) command.push_back(channel);
  }
  if (command.size() == 1) return 0;
  connection.send(command);
  return command.size() - 1;
}

bool RedisSubscriber::dispatch(const RedisConnection::Reply& reply) {
  // Besides messages: "subscribe" confirmations, and PING answers ("pong" array while
  // subscribed, +PONG before the first channel).
  if (!reply->isArray()) return false;
  const Array& array = static_cast<const Poco::Redis::Type<Array>&>(*reply).value();
  if (array.size() < 2) return false;
  const std::string kind = bulkAt(array, 0);
  if (kind == "message" && array.size() == 3) {
    sink_(bulkAt(array, 1), bulkAt(array, 2));
    return false;
  }
  return kind == "subscribe";
}

void RedisSubscriber::notifyReconnected() {
  std::vector<std::function<void()>> listeners;
  {
    std::lock_guard lock(channelsMutex_);
    listeners = listeners_;
  }
  for (const auto& listener : listeners) {
    try {
      listener();
    } catch (const std::exception& e) {
      spdlog::error("bus: a reconnect listener threw: {}", e.what());
    } catch (...) {
      spdlog::error("bus: a reconnect listener threw a non-standard exception");
    }
  }
}

}  // namespace sb::bus
