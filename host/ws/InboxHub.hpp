// InboxHub: live in-app delivery on this instance. It keeps the user -> sockets registry,
// hears inbox events from the bus (every instance's, its own included) and pushes them to
// the sockets it holds, replays what a (re)connecting client missed, keeps unread counts
// current, and records the first push of each item as its delivery.
//
// Threads: attach() runs on the HTTP thread that upgraded the socket (the replay's store
// reads happen there, not on a loop); event-loop threads read client messages; one worker
// thread does the store work that messages and pushes cause (marking read / delivered,
// unread counts), batched so a fan-out to thousands costs a few queries.
#pragma once

#include "config/Settings.hpp"
#include "notify/inbox/InboxEvents.hpp"
#include "ws/WsLoop.hpp"

#include <Poco/Net/WebSocket.h>

#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <set>
#include <shared_mutex>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

namespace sb::bus { class Bus; }
namespace sb::notify { class InboxService; }

namespace sb::ws {

class InboxHub final : public notify::InboxEvents, public WsLoop::Handler {
 public:
  // Subscribes to the bus: construct before bus.start().
  InboxHub(notify::InboxService& inbox, bus::Bus& bus, const config::WebSocketSettings& settings);
  ~InboxHub() override;

  void start();
  // Closes every socket (1001) and stops the threads.
  void stop();

  // Serves an upgraded socket for one user: replays the unread notifications it missed
  // (after `sinceId`, or all), sends the unread count, then live ones. Blocks on the store.
  void attach(Poco::Net::WebSocket socket, const std::string& tenant, const std::string& user,
              const std::string& sinceId);
  size_t connectionCount() const;

  // notify::InboxEvents: published on the bus (delivered here at once, elsewhere via Redis).
  void landed(const std::vector<notify::InboxItem>& items) override;
  void changed(const std::string& tenant, const std::string& user) override;

  // WsLoop::Handler
  void onMessage(const std::shared_ptr<WsConnection>& connection, std::string text) override;
  void onClosed(const std::shared_ptr<WsConnection>& connection) override;

 private:
  using Connections = std::vector<std::shared_ptr<WsConnection>>;
  using UserKey = std::pair<std::string, std::string>;  // tenant, user

  void onBusEvent(const std::string& payload);
  void pushLocal(const std::vector<notify::InboxItem>& items);
  void sync(const std::shared_ptr<WsConnection>& connection, const std::string& sinceId);
  void resyncAll();
  Connections connectionsOf(const std::string& tenant, const std::string& user) const;

  // Worker
  bool post(std::function<void()> task);
  void runWorker();
  void flushDelivered();
  void flushCounts();

  notify::InboxService& inbox_;
  bus::Bus& bus_;
  config::WebSocketSettings settings_;
  std::vector<std::unique_ptr<WsLoop>> loops_;
  std::atomic<size_t> next_loop_{0};

  mutable std::shared_mutex registry_mutex_;
  std::unordered_map<std::string, Connections> by_user_;  // key: tenant + '\x1f' + user

  std::mutex work_mutex_;
  std::condition_variable work_ready_;
  std::deque<std::function<void()>> tasks_;
  std::vector<notify::InboxRef> delivered_;
  std::set<UserKey> stale_counts_;
  bool stopping_ = false;
  std::thread worker_;
};

}  // namespace sb::ws
