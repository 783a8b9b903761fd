// RedisSubscriber: the Redis bus's own thread — holds the SUBSCRIBE connection, hands every
// message over, and after an outage re-subscribes and tells the reconnect listeners.
#pragma once

#include <atomic>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "bus/Bus.hpp"
#include "bus/LinkStatus.hpp"
#include "bus/RedisConnection.hpp"
#include "bus/RedisUrl.hpp"

namespace sb::bus {

class RedisSubscriber {
 public:
  // Called on the subscriber thread for every message, with the Redis channel name.
  using MessageSink = std::function<void(const std::string& channel, const std::string& message)>;

  // `status` must outlive this object.
  RedisSubscriber(RedisUrl url, const RedisOptions& options, LinkStatus& status, MessageSink sink);
  ~RedisSubscriber();  // stop()
  RedisSubscriber(const RedisSubscriber&) = delete;
  RedisSubscriber& operator=(const RedisSubscriber&) = delete;

  // Any thread, any time; once running, the thread subscribes within one poll interval.
  void addChannel(const std::string& channel);
  void onReconnect(std::function<void()> listener);

  // Starts the thread. A second call does nothing.
  void start();
  // Joins the thread: within about a poll interval, even while connecting. Idempotent; the
  // subscriber cannot be started again.
  void stop();

 private:
  using Subscribed = std::set<std::string>;
  void run();
  void establish(RedisConnection& connection, Subscribed& subscribed);
  void listen(RedisConnection& connection, Subscribed& subscribed);
  // Sends SUBSCRIBE for channels added since; returns how many.
  std::size_t subscribeNew(RedisConnection& connection, Subscribed& subscribed);
  // True for a SUBSCRIBE confirmation; hands messages to the sink.
  bool dispatch(const RedisConnection::Reply& reply);
  void notifyReconnected();
  bool pause(std::chrono::milliseconds delay);  // false when stopping

  const RedisUrl url_;
  const RedisOptions options_;
  LinkStatus& status_;
  const MessageSink sink_;

  std::mutex channelsMutex_;  // guards channels_ and listeners_
  std::set<std::string> channels_;
  std::atomic<unsigned> channelsVersion_{0};  // bumped by addChannel
  unsigned subscribedVersion_ = 0;            // the version last subscribed (thread only)
  std::vector<std::function<void()>> listeners_;

  std::mutex wakeMutex_;
  std::condition_variable wake_;
  std::atomic<bool> stopping_{false};
  std::thread thread_;
};

}  // namespace sb::bus
