// Shared by the Redis bus integration tests: an "instance" is a started Redis bus with an
// inbox, the way a Switchboard process would hold one.
#pragma once

#include <atomic>
#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "Inbox.hpp"
#include "bus/Bus.hpp"
#include "support/RedisServer.hpp"

namespace sb::bus::test {

using Strings = std::vector<std::string>;

inline constexpr std::chrono::milliseconds kConnectTimeout{1000};

inline RedisOptions optionsFor(const std::string& url, const std::string& instanceId) {
  RedisOptions options;
  options.url = url;
  options.instance_id = instanceId;
  options.connect_timeout = kConnectTimeout;
  options.reconnect_initial = std::chrono::milliseconds(20);
  options.reconnect_max = std::chrono::milliseconds(300);  // recover quickly once Redis is back
  return options;
}

// One Switchboard instance: a started Redis bus with an inbox on each channel, counting
// reconnect notifications.
struct Instance {
  Instance(const std::string& url, const std::string& id, const Strings& channels = {"user"})
      : bus(makeRedisBus(optionsFor(url, id))) {
    for (const std::string& channel : channels) bus->subscribe(channel, inbox.handler());
    bus->onReconnect([this] { ++reconnects; });
    bus->start();
  }
  ~Instance() { bus->stop(); }  // before the inbox goes: handlers run on the bus thread
  Instance(const Instance&) = delete;
  Instance& operator=(const Instance&) = delete;

  bool healthy() const { return bus->health().ok; }

  std::unique_ptr<Bus> bus;
  Inbox inbox;
  std::atomic<int> reconnects{0};
};

inline bool redisMissing(std::string* why) { return !sb::test::RedisServer::available(why); }

inline double secondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace sb::bus::test
