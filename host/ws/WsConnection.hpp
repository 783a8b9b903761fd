// WsConnection: one live WebSocket after the upgrade — its socket, its bounded send queue,
// and the state of its in-app stream. Sends are safe from any thread: they write what the
// socket takes at once (non-blocking) and leave the rest to the event loop. A client that
// falls `send_queue_bytes` behind is dropped rather than allowed to grow memory or stall
// anyone else; it reconnects with since= and loses nothing.
#pragma once

#include "ws/WsFrame.hpp"

#include <Poco/Net/WebSocket.h>

#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace sb::ws {

struct ConnectionLimits {
  size_t send_queue_bytes = 262144;
  size_t max_message_bytes = 65536;
};

class WsConnection {
 public:
  WsConnection(Poco::Net::WebSocket socket, std::string tenant, std::string user, ConnectionLimits limits);
  ~WsConnection();
  WsConnection(const WsConnection&) = delete;
  WsConnection& operator=(const WsConnection&) = delete;

  uint64_t id() const { return id_; }
  int fd() const { return fd_; }
  const std::string& tenant() const { return tenant_; }
  const std::string& user() const { return user_; }

  // --- any thread -------------------------------------------------------------------
  // False when the connection is closed or was just dropped for overflowing its queue.
  bool sendText(std::string_view json);
  bool sendFrame(std::string frame);
  // An in-app notification. During a (re)sync it waits, so that replayed and live ones go
  // out oldest first with no duplicate. True when it was queued for this socket.
  bool pushNotification(const std::string& id, const std::string& json);
  // Live notifications wait from now until finishSync.
  void beginSync();
  // Sends the replayed notifications (id, json), then `countJson`, then the live ones that
  // arrived meanwhile and were not among the replayed; returns the ids of those live ones.
  std::vector<std::string> finishSync(const std::vector<std::pair<std::string, std::string>>& replay,
                                      const std::string& countJson);
  // The id of the last notification queued on this socket ("" before any).
  std::string lastNotificationId() const;
  // Sends a close frame (best effort) and shuts the socket down; the loop reaps it.
  void close(uint16_t code, std::string_view reason);
  bool closed() const;

  // Called once by the loop that now serves the socket (already registered for reading).
  void attachToLoop(int epollFd);

  // --- the loop's thread only -------------------------------------------------------
  // Writes what is queued; false when the socket is gone.
  bool onWritable();
  FrameParser& parser() { return parser_; }
  struct Liveness {
    int64_t last_ping_ms = 0;
    bool awaiting_pong = false;
    int missed = 0;
  };
  Liveness& liveness() { return liveness_; }

 private:
  bool enqueueLocked(std::string frame);
  void flushLocked();
  void setWriteInterestLocked(bool on);
  void shutdownLocked();

  mutable std::mutex mutex_;
  Poco::Net::WebSocket socket_;  // owns the file descriptor (shared with Poco's impl)
  int fd_;
  uint64_t id_;
  std::string tenant_;
  std::string user_;
  ConnectionLimits limits_;
  FrameParser parser_;
  Liveness liveness_;
  int epoll_fd_ = -1;

  // Send queue: frames not yet written; the first one possibly in part.
  std::vector<std::string> out_;
  size_t out_head_ = 0;    // first unsent frame in out_
  size_t out_offset_ = 0;  // bytes of out_[out_head_] already written
  size_t queued_bytes_ = 0;
  bool want_write_ = false;
  bool closed_ = false;

  bool syncing_ = true;  // a new connection starts by replaying what it missed
  std::vector<std::pair<std::string, std::string>> pending_;
  size_t pending_bytes_ = 0;
  std::string last_id_;
};

}  // namespace sb::ws
