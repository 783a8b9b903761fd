#include "ws/WsConnection.hpp"

#include <sys/epoll.h>
#include <sys/socket.h>

#include <atomic>
#include <cerrno>
#include <unordered_set>

namespace sb::ws {
namespace {

std::atomic<uint64_t> nextId{1};

}  // namespace

WsConnection::WsConnection(Poco::Net::WebSocket socket, std::string tenant, std::string user,
                           ConnectionLimits limits)
    : socket_(std::move(socket)),
      fd_(static_cast<int>(socket_.impl()->sockfd())),
      id_(nextId++),
      tenant_(std::move(tenant)),
      user_(std::move(user)),
      limits_(limits),
      parser_(limits.max_message_bytes) {
  socket_.setBlocking(false);
}

WsConnection::~WsConnection() = default;  // Poco's socket closes the descriptor

bool WsConnection::sendText(std::string_view json) { return sendFrame(encodeFrame(Opcode::Text, json)); }

bool WsConnection::sendFrame(std::string frame) {
  std::lock_guard lock(mutex_);
  return enqueueLocked(std::move(frame));
}

bool WsConnection::pushNotification(const std::string& id, const std::string& json) {
  std::lock_guard lock(mutex_);
  if (closed_) return false;
  if (syncing_) {
    pending_bytes_ += json.size();
    if (pending_bytes_ > limits_.send_queue_bytes) {
      shutdownLocked();
      return false;
    }
    pending_.emplace_back(id, json);
    return true;
  }
  if (!enqueueLocked(encodeFrame(Opcode::Text, json))) return false;
  last_id_ = id;
  return true;
}

void WsConnection::beginSync() {
  std::lock_guard lock(mutex_);
  syncing_ = true;
}

std::vector<std::string> WsConnection::finishSync(const std::vector<std::pair<std::string, std::string>>& replay,
                                                  const std::string& countJson) {
  std::lock_guard lock(mutex_);
  std::vector<std::string> live;
  syncing_ = false;
  std::unordered_set<std::string> replayed;
  for (const auto& [id, json] : replay) {
    if (!enqueueLocked(encodeFrame(Opcode::Text, json))) break;
    replayed.insert(id);
    last_id_ = id;
  }
  enqueueLocked(encodeFrame(Opcode::Text, countJson));
  for (auto& [id, json] : pending_) {
    if (replayed.count(id)) continue;
    if (!enqueueLocked(encodeFrame(Opcode::Text, json))) break;
    live.push_back(id);
    last_id_ = id;
  }
  pending_.clear();
  pending_.shrink_to_fit();
  pending_bytes_ = 0;
  return live;
}

std::string WsConnection::lastNotificationId() const {
  std::lock_guard lock(mutex_);
  return last_id_;
}

void WsConnection::close(uint16_t code, std::string_view reason) {
  std::lock_guard lock(mutex_);
  if (closed_) return;
  // Best effort: whatever fits in the socket now; a stalled client gets no more than that.
  out_.push_back(encodeClose(code, reason));
  flushLocked();
  shutdownLocked();
}

bool WsConnection::closed() const {
  std::lock_guard lock(mutex_);
  return closed_;
}

void WsConnection::attachToLoop(int epollFd) {
  std::lock_guard lock(mutex_);
  epoll_fd_ = epollFd;
  if (!closed_ && out_head_ < out_.size()) setWriteInterestLocked(true);
}

bool WsConnection::onWritable() {
  std::lock_guard lock(mutex_);
  if (closed_) return false;
  flushLocked();
  if (out_head_ == out_.size()) setWriteInterestLocked(false);
  return !closed_;
}

bool WsConnection::enqueueLocked(std::string frame) {
  if (closed_) return false;
  if (queued_bytes_ + frame.size() > limits_.send_queue_bytes) {
    shutdownLocked();  // too far behind: drop it, it resumes with since=
    return false;
  }
  queued_bytes_ += frame.size();
  out_.push_back(std::move(frame));
  flushLocked();
  if (!closed_ && out_head_ < out_.size()) setWriteInterestLocked(true);
  return !closed_;
}

void WsConnection::flushLocked() {
  while (out_head_ < out_.size()) {
    const std::string& frame = out_[out_head_];
    ssize_t n = ::send(fd_, frame.data() + out_offset_, frame.size() - out_offset_, MSG_NOSIGNAL | MSG_DONTWAIT);
    if (n < 0) {
      if (errno == EAGAIN || errno == EWOULDBLOCK) return;
      if (errno == EINTR) continue;
      shutdownLocked();
      return;
    }
    out_offset_ += static_cast<size_t>(n);
    if (out_offset_ < frame.size()) return;  // the socket buffer is full
    queued_bytes_ -= frame.size();
    out_offset_ = 0;
    ++out_head_;
  }
  // Everything written: release the queue's memory.
  std::vector<std::string>().swap(out_);
  out_head_ = 0;
  queued_bytes_ = 0;
}

void WsConnection::setWriteInterestLocked(bool on) {
  if (on == want_write_ || epoll_fd_ < 0) return;
  want_write_ = on;
  epoll_event ev{};
  ev.events = EPOLLIN | EPOLLRDHUP | (on ? static_cast<uint32_t>(EPOLLOUT) : 0u);
  ev.data.u64 = id_;
  ::epoll_ctl(epoll_fd_, EPOLL_CTL_MOD, fd_, &ev);  // epoll_ctl is safe beside epoll_wait
}

void WsConnection::shutdownLocked() {
  if (closed_) return;
  closed_ = true;
  ::shutdown(fd_, SHUT_RDWR);  // the loop sees EOF/HUP and reaps the connection
  std::vector<std::string>().swap(out_);
  out_head_ = out_offset_ = queued_bytes_ = 0;
  pending_.clear();
}

}  // namespace sb::ws
