#include "ws/WsLoop.hpp"

#include "core/Clock.hpp"

#include <spdlog/spdlog.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <vector>

namespace sb::ws {
namespace {

constexpr uint64_t kWakeId = 0;  // connection ids start at 1
constexpr int kTickMs = 1000;    // liveness is checked about once a second


}  // namespace

WsLoop::WsLoop(Handler& handler, std::chrono::milliseconds pingInterval, int missedPongs)
    : handler_(handler), ping_interval_(pingInterval), missed_pongs_(missedPongs) {
  epoll_fd_ = ::epoll_create1(EPOLL_CLOEXEC);
  wake_fd_ = ::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  if (epoll_fd_ < 0 || wake_fd_ < 0) throw std::runtime_error(std::string("websocket loop: ") + std::strerror(errno));
  epoll_event ev{};
  ev.events = EPOLLIN;
  ev.data.u64 = kWakeId;
  ::epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, wake_fd_, &ev);
}

WsLoop::~WsLoop() {
  stop();
  ::close(wake_fd_);
  ::close(epoll_fd_);
}

void WsLoop::start() { thread_ = std::thread([this] { run(); }); }

void WsLoop::stop() {
  if (!thread_.joinable()) return;
  stopping_ = true;
  uint64_t one = 1;
  [[maybe_unused]] auto n = ::write(wake_fd_, &one, sizeof one);
  thread_.join();
  std::unordered_map<uint64_t, std::shared_ptr<WsConnection>> left;
  {
    std::lock_guard lock(mutex_);
    left.swap(connections_);
  }
  for (auto& [id, connection] : left) {
    connection->close(kCloseGoingAway, "server shutting down");
    handler_.onClosed(connection);
  }
}

void WsLoop::add(std::shared_ptr<WsConnection> connection) {
  {
    std::lock_guard lock(mutex_);
    connections_[connection->id()] = connection;
  }
  epoll_event ev{};
  ev.events = EPOLLIN | EPOLLRDHUP;
  ev.data.u64 = connection->id();
  if (::epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, connection->fd(), &ev) != 0) {
    spdlog::warn("websocket: cannot watch socket: {}", std::strerror(errno));
    connection->close(kCloseServerError, "server error");
    std::lock_guard lock(mutex_);
    connections_.erase(connection->id());
    return;
  }
  connection->attachToLoop(epoll_fd_);
  connection->liveness().last_ping_ms = steadyNowMs();  // the first ping is one interval away
}

size_t WsLoop::size() const {
  std::lock_guard lock(mutex_);
  return connections_.size();
}

std::shared_ptr<WsConnection> WsLoop::find(uint64_t id) const {
  std::lock_guard lock(mutex_);
  auto it = connections_.find(id);
  return it == connections_.end() ? nullptr : it->second;
}

void WsLoop::run() {
  std::vector<epoll_event> events(256);
  int64_t nextTick = steadyNowMs() + kTickMs;
  while (!stopping_) {
    int timeout = static_cast<int>(std::max<int64_t>(0, nextTick - steadyNowMs()));
    int n = ::epoll_wait(epoll_fd_, events.data(), static_cast<int>(events.size()), timeout);
    if (n < 0 && errno != EINTR) {
      spdlog::error("websocket loop: epoll_wait: {}", std::strerror(errno));
      break;
    }
    for (int i = 0; i < n; ++i) {
      if (events[i].data.u64 == kWakeId) continue;
      if (auto connection = find(events[i].data.u64)) onEvents(connection, events[i].events);
    }
    int64_t now = steadyNowMs();
    if (now >= nextTick) {
      checkLiveness(now);
      nextTick = now + kTickMs;
    }
  }
}

void WsLoop::onEvents(const std::shared_ptr<WsConnection>& connection, uint32_t events) {
  bool alive = true;
  if (events & (EPOLLIN | EPOLLRDHUP | EPOLLHUP | EPOLLERR)) alive = readFrom(connection);
  if (alive && (events & EPOLLOUT)) alive = connection->onWritable();
  if (!alive) reap(connection);
}

// Reads what is there, handles whole messages; false when the connection is finished.
bool WsLoop::readFrom(const std::shared_ptr<WsConnection>& connection) {
  thread_local std::vector<char> buffer(64 * 1024);
  for (;;) {
    ssize_t n = ::recv(connection->fd(), buffer.data(), buffer.size(), MSG_DONTWAIT);
    if (n == 0) return false;  // the peer closed (or we shut it down)
    if (n < 0) {
      if (errno == EAGAIN || errno == EWOULDBLOCK) break;
      if (errno == EINTR) continue;
      return false;
    }
    auto& parser = connection->parser();
    parser.feed(buffer.data(), static_cast<size_t>(n));
    try {
      while (auto message = parser.next()) {
        switch (message->opcode) {
          case Opcode::Text:
            handler_.onMessage(connection, std::move(message->payload));
            break;
          case Opcode::Binary:
            connection->close(1003, "binary messages are not supported");
            return false;
          case Opcode::Ping:
            connection->sendFrame(encodeFrame(Opcode::Pong, message->payload));
            break;
          case Opcode::Pong:
            connection->liveness().awaiting_pong = false;
            connection->liveness().missed = 0;
            break;
          case Opcode::Close:
            connection->close(kCloseNormal, "");
            return false;
          default:
            break;
        }
      }
    } catch (const ProtocolError& e) {
      connection->close(e.code, e.what());
      return false;
    }
    parser.compact();
    if (static_cast<size_t>(n) < buffer.size()) break;  // drained
  }
  return !connection->closed();
}

void WsLoop::reap(const std::shared_ptr<WsConnection>& connection) {
  ::epoll_ctl(epoll_fd_, EPOLL_CTL_DEL, connection->fd(), nullptr);
  connection->close(kCloseNormal, "");
  {
    std::lock_guard lock(mutex_);
    connections_.erase(connection->id());
  }
  handler_.onClosed(connection);
}

void WsLoop::checkLiveness(int64_t nowMs) {
  std::vector<std::shared_ptr<WsConnection>> dead;
  {
    std::lock_guard lock(mutex_);
    for (auto& [id, connection] : connections_) {
      auto& live = connection->liveness();
      if (connection->closed()) {
        dead.push_back(connection);
        continue;
      }
      if (nowMs - live.last_ping_ms < ping_interval_.count()) continue;
      if (live.awaiting_pong && ++live.missed >= missed_pongs_) {
        dead.push_back(connection);
        continue;
      }
      live.awaiting_pong = true;
      live.last_ping_ms = nowMs;
      connection->sendFrame(encodeFrame(Opcode::Ping, ""));
    }
  }
  for (auto& connection : dead) {
    if (!connection->closed()) connection->close(kClosePolicy, "missed pongs");
    reap(connection);
  }
}

}  // namespace sb::ws
