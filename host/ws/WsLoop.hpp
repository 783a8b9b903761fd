// WsLoop: one event-loop thread (epoll) serving many WebSockets after their upgrade:
// reads and parses client frames, finishes writes the senders could not, pings every
// socket each ping_interval and closes those that miss `missed_pongs` pongs in a row.
// Raw epoll rather than Poco's SocketReactor/PollSet: each event carries the connection's
// id directly (no Socket-keyed map rebuilt per poll), and epoll_ctl from sending threads
// is safe while the loop waits — the send path needs no wake-up round trip.
#pragma once

#include "ws/WsConnection.hpp"

#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <thread>
#include <unordered_map>

namespace sb::ws {

class WsLoop {
 public:
  class Handler {
   public:
    virtual ~Handler() = default;
    // A text message from the client (on the loop thread: must not block).
    virtual void onMessage(const std::shared_ptr<WsConnection>& connection, std::string text) = 0;
    // The connection is gone (on the loop thread).
    virtual void onClosed(const std::shared_ptr<WsConnection>& connection) = 0;
  };

  WsLoop(Handler& handler, std::chrono::milliseconds pingInterval, int missedPongs);
  ~WsLoop();
  WsLoop(const WsLoop&) = delete;
  WsLoop& operator=(const WsLoop&) = delete;

  void start();
  // Closes every socket with 1001 (going away) and joins the thread.
  void stop();
  // Any thread: the loop serves the connection from now on.
  void add(std::shared_ptr<WsConnection> connection);
  size_t size() const;

 private:
  void run();
  void onEvents(const std::shared_ptr<WsConnection>& connection, uint32_t events);
  bool readFrom(const std::shared_ptr<WsConnection>& connection);
  void reap(const std::shared_ptr<WsConnection>& connection);
  void checkLiveness(int64_t nowMs);
  std::shared_ptr<WsConnection> find(uint64_t id) const;

  Handler& handler_;
  std::chrono::milliseconds ping_interval_;
  int missed_pongs_;
  int epoll_fd_;
  int wake_fd_;
  std::atomic<bool> stopping_{false};
  std::thread thread_;
  mutable std::mutex mutex_;
  std::unordered_map<uint64_t, std::shared_ptr<WsConnection>> connections_;
};

}  // namespace sb::ws
