// RedisBus: the bus across instances — Redis pub/sub, with every message also delivered to
// this instance's handlers directly (so a Redis outage degrades to in-process, never to
// nothing).
#pragma once

#include <atomic>
#include <string>

#include "bus/Bus.hpp"
#include "bus/HandlerTable.hpp"
#include "bus/LinkStatus.hpp"
#include "bus/RedisPublisher.hpp"
#include "bus/RedisSubscriber.hpp"
#include "bus/RedisUrl.hpp"

namespace sb::bus {

class RedisBus final : public Bus {
 public:
  // Throws std::invalid_argument for a malformed url or nonsensical timeouts. Connects
  // nothing until start().
  explicit RedisBus(const RedisOptions& options);
  ~RedisBus() override;  // stop()

  void subscribe(const std::string& channel, Handler handler) override;
  void publish(const std::string& channel, const std::string& payload) override;
  void onReconnect(std::function<void()> listener) override;
  void start() override;
  void stop() override;
  BusHealth health() const override;
  std::string describe() const override;

  // The origin tag on this instance's messages (options.instance_id, or a random one).
  const std::string& instanceId() const { return instanceId_; }

 private:
  std::string redisChannel(const std::string& channel) const;
  void onRedisMessage(const std::string& channelOnRedis, const std::string& message);

  const RedisOptions options_;
  const RedisUrl url_;
  const std::string instanceId_;
  HandlerTable handlers_;
  LinkStatus publisherStatus_;
  LinkStatus subscriberStatus_;
  RedisPublisher publisher_;
  RedisSubscriber subscriber_;
  std::atomic<bool> stopped_{false};
  std::atomic<bool> warnedForeign_{false};
};

}  // namespace sb::bus
