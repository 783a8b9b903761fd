#include "bus/RedisBus.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <optional>
#include <stdexcept>

#include "bus/Envelope.hpp"
#include "core/Random.hpp"

namespace sb::bus {
namespace {

const RedisOptions& validated(const RedisOptions& options) {
  using std::chrono::milliseconds;
  if (options.connect_timeout <= milliseconds(0))
    throw std::invalid_argument("redis bus: connect_timeout must be positive");
  if (options.reconnect_initial <= milliseconds(0) || options.reconnect_max < options.reconnect_initial)
    throw std::invalid_argument("redis bus: need 0 < reconnect_initial <= reconnect_max");
  return options;
}

std::string secondsSince(std::chrono::steady_clock::time_point since) {
  const auto elapsed = std::chrono::steady_clock::now() - since;
  return std::to_string(std::chrono::duration_cast<std::chrono::seconds>(elapsed).count()) + " s";
}

}  // namespace

RedisBus::RedisBus(const RedisOptions& options)
    : options_(validated(options)),
      url_(parseRedisUrl(options.url)),
      instanceId_(options.instance_id.empty() ? randomHexId(16) : options.instance_id),
      publisherStatus_("bus: " + url_.describe() + " publisher", "other instances miss what this one publishes"),
      subscriberStatus_("bus: " + url_.describe() + " subscriber", "this instance misses what others publish"),
      publisher_(url_, options_, publisherStatus_),
      subscriber_(url_, options_, subscriberStatus_,
                  [this](const std::string& channel, const std::string& message) { onRedisMessage(channel, message); }) {}

RedisBus::~RedisBus() { stop(); }

void RedisBus::subscribe(const std::string& channel, Handler handler) {
  handlers_.add(channel, std::move(handler));
  subscriber_.addChannel(redisChannel(channel));
}

void RedisBus::publish(const std::string& channel, const std::string& payload) {
  // Local first and unconditionally: this instance's clients never depend on Redis, and
  // our own copy coming back from Redis is skipped by its origin tag.
  handlers_.deliver(channel, payload);
  publisher_.publish(redisChannel(channel), encodeEnvelope(instanceId_, payload));
}

void RedisBus::onReconnect(std::function<void()> listener) { subscriber_.onReconnect(std::move(listener)); }

void RedisBus::start() {
  if (stopped_) return;
  publisher_.start();
  subscriber_.start();
}

void RedisBus::stop() {
  stopped_ = true;
  publisher_.stop();
  subscriber_.stop();
}

BusHealth RedisBus::health() const {
  if (stopped_) return {false, describe() + ": stopped"};
  const LinkStatus::Snapshot publisher = publisherStatus_.snapshot();
  const LinkStatus::Snapshot subscriber = subscriberStatus_.snapshot();
  if (publisher.ok && subscriber.ok) return {};
  std::string reason;
  if (!publisher.ok && !subscriber.ok && publisher.reason == subscriber.reason) {
    reason = subscriber.reason;
  } else {
    if (!subscriber.ok) reason = "subscriber: " + subscriber.reason;
    if (!publisher.ok) reason += (reason.empty() ? "" : "; ") + ("publisher: " + publisher.reason);
  }
  const auto since = !publisher.ok && !subscriber.ok ? std::min(publisher.since, subscriber.since)
                     : publisher.ok                  ? subscriber.since
                                                     : publisher.since;
  return {false, describe() + ": " + reason + " (since " + secondsSince(since) + ")"};
}

std::string RedisBus::describe() const { return url_.describe(); }

std::string RedisBus::redisChannel(const std::string& channel) const {
  return options_.key_prefix.empty() ? channel : options_.key_prefix + ":" + channel;
}

void RedisBus::onRedisMessage(const std::string& channelOnRedis, const std::string& message) {
  const std::string prefix = redisChannel("");
  if (!channelOnRedis.starts_with(prefix)) return;  // cannot happen: we subscribe to prefixed channels only
  std::optional<Envelope> envelope = decodeEnvelope(message);
  if (!envelope) {
    // Someone PUBLISHed by hand, or a newer instance speaks a later format.
    if (!warnedForeign_.exchange(true))
      spdlog::warn("bus: ignoring a message on Redis channel '{}' that is not a Switchboard bus envelope "
                   "(reported once)",
                   channelOnRedis);
    return;
  }
  if (envelope->origin == instanceId_) return;  // already delivered locally by publish()
  handlers_.deliver(channelOnRedis.substr(prefix.size()), envelope->payload);
}

std::unique_ptr<Bus> makeRedisBus(const RedisOptions& options) { return std::make_unique<RedisBus>(options); }

}  // namespace sb::bus
