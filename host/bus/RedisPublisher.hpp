// RedisPublisher: the one connection a Redis bus PUBLISHes on, shared by every publishing
// thread, and watched and reconnected by its own thread so a request thread never waits for
// a connect.
#pragma once

#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "bus/Bus.hpp"
#include "bus/LinkStatus.hpp"
#include "bus/RedisConnection.hpp"
#include "bus/RedisUrl.hpp"

namespace sb::bus {

class RedisPublisher {
 public:
  // `status` must outlive this object.
  RedisPublisher(RedisUrl url, const RedisOptions& options, LinkStatus& status);
  ~RedisPublisher();  // stop()
  RedisPublisher(const RedisPublisher&) = delete;
  RedisPublisher& operator=(const RedisPublisher&) = delete;

  // Starts the connecting thread (it connects at once). A second call does nothing.
  void start();
  // Joins the thread (promptly, even mid-connect) and closes the connection. Idempotent;
  // the publisher cannot be started again.
  void stop();

  // PUBLISH on Redis; any thread. Never throws. False when the message did not reach Redis:
  // not connected (an outage: returns at once) or the attempt just failed (the connection
  // is dropped and the thread reconnects with backoff). While connected it waits for the
  // reply, up to connect_timeout if Redis hangs. A connection found closed (Redis restarted
  // while we were idle) gets one immediate reconnect attempt, so the message is not lost.
  bool publish(const std::string& channel, const std::string& message);

 private:
  void run();
  bool reconnect();  // false when it failed (status updated)
  void probe();
  void disconnect(const std::string& reason);  // called with connectionMutex_ held
  bool pause(std::chrono::milliseconds delay);  // false when stopping

  const RedisUrl url_;
  const RedisOptions options_;
  LinkStatus& status_;

  std::mutex connectionMutex_;  // one command at a time on the connection
  std::unique_ptr<RedisConnection> connection_;
  std::chrono::steady_clock::time_point lastUsed_;  // of connection_
  std::atomic<bool> delivered_{false};  // a PUBLISH succeeded since the last connect

  std::mutex wakeMutex_;  // guards the two flags below
  std::condition_variable wake_;
  bool disconnected_ = true;  // the thread has to (re)connect
  std::atomic<bool> stopping_{false};
  std::thread thread_;
};

}  // namespace sb::bus
