#include "ClientLoop.hpp"

#include <Poco/Base64Encoder.h>
#include <Poco/URI.h>

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <sstream>
#include <stdexcept>

namespace wsb {
namespace {

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
  return s;
}

// Value of header `name` (lower case) in a raw response head, or "".
std::string headerValue(std::string_view head, const std::string& name) {
  size_t pos = head.find("\r\n");
  while (pos != std::string_view::npos && pos + 2 < head.size()) {
    const size_t start = pos + 2;
    const size_t end = head.find("\r\n", start);
    const auto line = head.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
    const size_t colon = line.find(':');
    if (colon != std::string_view::npos && lower(std::string(line.substr(0, colon))) == name) {
      auto value = line.substr(colon + 1);
      while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
      while (!value.empty() && (value.back() == ' ' || value.back() == '\t')) value.remove_suffix(1);
      return std::string(value);
    }
    pos = end;
  }
  return "";
}

}  // namespace

Endpoint Endpoint::parse(const std::string& url) {
  Poco::URI uri(url);
  if (uri.getScheme() != "ws") throw std::invalid_argument("only ws:// URLs are supported: " + url);
  Endpoint ep;
  ep.url = url;
  const uint16_t port = uri.getPort() ? uri.getPort() : 80;
  ep.hostHeader = uri.getHost() + ":" + std::to_string(port);
  ep.path = uri.getPathEtc().empty() || uri.getPathEtc() == "/" ? "/api/v1/ws" : uri.getPathEtc();
  addrinfo hints{};
  hints.ai_family = AF_INET;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* res = nullptr;
  if (getaddrinfo(uri.getHost().c_str(), nullptr, &hints, &res) != 0 || !res)
    throw std::invalid_argument("cannot resolve " + uri.getHost());
  ep.addr = *reinterpret_cast<sockaddr_in*>(res->ai_addr);
  ep.addr.sin_port = htons(port);
  freeaddrinfo(res);
  return ep;
}

AuthStyle parseAuthStyle(const std::string& name) {
  if (name == "query") return AuthStyle::Query;
  if (name == "header") return AuthStyle::Header;
  if (name == "protocol") return AuthStyle::Protocol;
  throw std::invalid_argument("--auth must be query, header or protocol");
}

ClientLoop::ClientLoop(std::vector<Endpoint> endpoints, AuthStyle auth, std::string extraQuery)
    : endpoints_(std::move(endpoints)),
      auth_(auth),
      extraQuery_(std::move(extraQuery)),
      rng_(static_cast<uint64_t>(Clock::now().time_since_epoch().count()) | 1) {
  epfd_ = epoll_create1(EPOLL_CLOEXEC);
  if (epfd_ < 0) throw std::runtime_error(std::string("epoll_create1: ") + std::strerror(errno));
}

ClientLoop::~ClientLoop() {
  for (auto& c : conns_) closeSocket(*c);
  if (epfd_ >= 0) ::close(epfd_);
}

uint32_t ClientLoop::nextRandom() {  // xorshift64*: masks and keys need no cryptographic strength
  rng_ ^= rng_ >> 12;
  rng_ ^= rng_ << 25;
  rng_ ^= rng_ >> 27;
  return static_cast<uint32_t>((rng_ * 2685821657736338717ULL) >> 32);
}

std::string ClientLoop::upgradeRequest(const Connection& c, const std::string& token) const {
  const auto& ep = endpoints_[c.endpoint];
  std::string target = ep.path;
  std::string query;
  if (auth_ == AuthStyle::Query) query = "access_token=" + token;
  if (!extraQuery_.empty()) query += (query.empty() ? "" : "&") + extraQuery_;
  if (!query.empty()) target += (target.find('?') == std::string::npos ? "?" : "&") + query;
  std::string req = "GET " + target + " HTTP/1.1\r\nHost: " + ep.hostHeader +
                    "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
                    "Sec-WebSocket-Key: " + c.key + "\r\n";
  if (auth_ == AuthStyle::Header) req += "Authorization: Bearer " + token + "\r\n";
  if (auth_ == AuthStyle::Protocol) req += "Sec-WebSocket-Protocol: switchboard.v1, bearer." + token + "\r\n";
  return req + "\r\n";
}

Connection& ClientLoop::open(uint32_t user, uint16_t endpoint, const std::string& token) {
  auto owned = std::make_unique<Connection>();
  Connection& c = *owned;
  const auto index = static_cast<uint32_t>(conns_.size());
  conns_.push_back(std::move(owned));
  c.index = index;
  c.user = user;
  c.endpoint = endpoint;
  c.started = Clock::now();
  uint32_t raw[4] = {nextRandom(), nextRandom(), nextRandom(), nextRandom()};
  std::ostringstream key;
  Poco::Base64Encoder b64(key);
  b64.write(reinterpret_cast<const char*>(raw), sizeof raw);
  b64.close();
  c.key = key.str();

  c.fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (c.fd < 0) {
    fail(c, std::string("socket: ") + std::strerror(errno));
    return c;
  }
  int one = 1;
  setsockopt(c.fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  const auto& addr = endpoints_[endpoint].addr;
  if (::connect(c.fd, reinterpret_cast<const sockaddr*>(&addr), sizeof addr) < 0 && errno != EINPROGRESS) {
    fail(c, std::string("connect: ") + std::strerror(errno));
    return c;
  }
  epoll_event ev{};
  ev.events = EPOLLOUT;
  ev.data.u32 = index;
  c.wantWrite = true;
  if (epoll_ctl(epfd_, EPOLL_CTL_ADD, c.fd, &ev) < 0) {
    fail(c, std::string("epoll_ctl: ") + std::strerror(errno));
    return c;
  }
  c.out = upgradeRequest(c, token);  // sent once the connect completes
  pendingHandshakes_.push_back(index);
  return c;
}

bool ClientLoop::runUntil(const std::function<bool()>& done, Clock::time_point deadline) {
  std::vector<epoll_event> events(1024);
  while (!done()) {
    auto now = Clock::now();
    if (now >= deadline) return false;
    const auto wait = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - now).count();
    const int n = epoll_wait(epfd_, events.data(), static_cast<int>(events.size()),
                             static_cast<int>(std::clamp<int64_t>(wait, 0, 50)));
    if (n < 0 && errno != EINTR) throw std::runtime_error(std::string("epoll_wait: ") + std::strerror(errno));
    for (int i = 0; i < n; ++i) {
      Connection& c = *conns_[events[i].data.u32];
      if (c.fd >= 0) onEvent(c, events[i].events);
    }
    now = Clock::now();
    if (now - lastTimeoutCheck_ > std::chrono::milliseconds(200)) checkHandshakeTimeouts(now);
  }
  return true;
}

void ClientLoop::checkHandshakeTimeouts(Clock::time_point now) {
  lastTimeoutCheck_ = now;
  std::erase_if(pendingHandshakes_, [&](uint32_t i) {
    Connection& c = *conns_[i];
    if (c.state != ConnState::Connecting && c.state != ConnState::Handshake) return true;
    if (now - c.started < handshakeTimeout_) return false;
    fail(c, c.state == ConnState::Connecting ? "connect timed out" : "upgrade timed out");
    return true;
  });
}

void ClientLoop::onEvent(Connection& c, uint32_t events) {
  if (c.state == ConnState::Connecting) {
    if (events & (EPOLLOUT | EPOLLERR | EPOLLHUP)) finishConnect(c);
    return;
  }
  if (events & EPOLLOUT) flush(c);
  if (c.fd >= 0 && (events & (EPOLLIN | EPOLLERR | EPOLLHUP))) readSome(c);
}

void ClientLoop::finishConnect(Connection& c) {
  int err = 0;
  socklen_t len = sizeof err;
  getsockopt(c.fd, SOL_SOCKET, SO_ERROR, &err, &len);
  if (err != 0) {
    fail(c, std::string("connect: ") + std::strerror(err));
    return;
  }
  c.state = ConnState::Handshake;
  flush(c);  // the upgrade request; re-arms EPOLLIN, and EPOLLOUT only if some is left
}

void ClientLoop::armWrite(Connection& c, bool on) {
  epoll_event ev{};
  ev.events = EPOLLIN | (on ? EPOLLOUT : 0u);
  ev.data.u32 = c.index;
  epoll_ctl(epfd_, EPOLL_CTL_MOD, c.fd, &ev);
  c.wantWrite = on;
}

void ClientLoop::queue(Connection& c, std::string_view bytes) {
  c.out.append(bytes);
  if (!c.wantWrite) flush(c);
}

void ClientLoop::queueFrame(Connection& c, Opcode op, std::string_view payload) {
  if (c.fd < 0) return;
  std::string frame;
  appendClientFrame(frame, op, payload, nextRandom());
  queue(c, frame);
}

void ClientLoop::sendText(Connection& c, std::string_view text) {
  if (c.state == ConnState::Open) queueFrame(c, Opcode::Text, text);
}

void ClientLoop::flush(Connection& c) {
  size_t done = 0;
  while (done < c.out.size()) {
    const ssize_t n = ::send(c.fd, c.out.data() + done, c.out.size() - done, MSG_NOSIGNAL);
    if (n > 0) {
      done += static_cast<size_t>(n);
    } else if (n < 0 && errno == EINTR) {
      continue;
    } else if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      break;
    } else {
      fail(c, std::string("send: ") + std::strerror(errno), c.state == ConnState::Open);
      return;
    }
  }
  c.out.erase(0, done);
  const bool pending = !c.out.empty();
  if (pending != c.wantWrite || c.state == ConnState::Handshake) armWrite(c, pending);
}

void ClientLoop::readSome(Connection& c) {
  char buf[65536];
  for (;;) {
    const ssize_t n = ::recv(c.fd, buf, sizeof buf, 0);
    if (n > 0) {
      c.in.append(buf, static_cast<size_t>(n));
      if (static_cast<size_t>(n) < sizeof buf) break;
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) break;
    const bool open = c.state == ConnState::Open;
    fail(c, n == 0 ? (open ? "closed by server without a close frame" : "server closed the connection during the upgrade")
                   : std::string("recv: ") + std::strerror(errno),
         open);
    return;
  }
  if (c.state == ConnState::Handshake && !parseHandshake(c)) return;
  if (c.state == ConnState::Open) parseFrames(c);
}

bool ClientLoop::parseHandshake(Connection& c) {
  const size_t end = c.in.find("\r\n\r\n");
  if (end == std::string::npos) {
    if (c.in.size() > 16384) fail(c, "upgrade response head too large");
    return false;
  }
  const std::string_view head(c.in.data(), end + 2);
  const size_t sp = head.find(' ');
  const int status = sp == std::string_view::npos ? 0 : std::atoi(std::string(head.substr(sp + 1, 3)).c_str());
  if (status != 101) {
    if (counters_.firstFailureDetail.empty())
      counters_.firstFailureDetail = c.in.substr(0, std::min<size_t>(c.in.size(), 600));
    fail(c, "upgrade answered HTTP " + std::to_string(status));
    return false;
  }
  if (headerValue(head, "sec-websocket-accept") != acceptKeyFor(c.key)) {
    fail(c, "wrong Sec-WebSocket-Accept");
    return false;
  }
  if (auth_ == AuthStyle::Protocol && headerValue(head, "sec-websocket-protocol") != "switchboard.v1") {
    fail(c, "server did not select subprotocol switchboard.v1");
    return false;
  }
  c.in.erase(0, end + 4);
  c.key.clear();
  c.key.shrink_to_fit();
  c.state = ConnState::Open;
  c.opened = Clock::now();
  ++counters_.opened;
  return true;
}

void ClientLoop::parseFrames(Connection& c) {
  const auto at = Clock::now();
  size_t pos = 0;
  try {
    while (c.state == ConnState::Open) {
      Frame f;
      const size_t used = parseFrame(c.in, pos, f);
      if (used == 0) break;
      pos += used;
      onFrame(c, f, at);
    }
  } catch (const ProtocolError& e) {
    fail(c, std::string("protocol error: ") + e.what(), true);
    return;
  }
  if (c.fd >= 0) c.in.erase(0, pos);
}

void ClientLoop::onFrame(Connection& c, const Frame& f, Clock::time_point at) {
  switch (f.opcode) {
    case Opcode::Ping:
      ++c.serverPings;
      if (!answerPings_) return;
      ++counters_.pingsAnswered;
      queueFrame(c, Opcode::Pong, f.payload);
      return;
    case Opcode::Pong:
      ++counters_.unsolicitedPongs;
      return;
    case Opcode::Close: {
      std::string why = "server closed";
      if (f.payload.size() >= 2) {
        const auto* p = reinterpret_cast<const uint8_t*>(f.payload.data());
        why += " (" + std::to_string((p[0] << 8) | p[1]);
        if (f.payload.size() > 2) why += " " + std::string(f.payload.substr(2));
        why += ")";
      }
      queueFrame(c, Opcode::Close, f.payload.substr(0, std::min<size_t>(f.payload.size(), 2)));
      ++counters_.closedByServer;
      fail(c, why, true);
      return;
    }
    case Opcode::Text:
    case Opcode::Binary:
      if (c.inMessage) throw ProtocolError("new message inside a fragmented one");
      if (!f.fin) {
        c.inMessage = true;
        c.messageOpcode = f.opcode;
        c.message.assign(f.payload);
        return;
      }
      deliver(c, f.opcode, f.payload, at);
      return;
    case Opcode::Continuation: {
      if (!c.inMessage) throw ProtocolError("continuation frame without a message");
      c.message.append(f.payload);
      if (!f.fin) return;
      c.inMessage = false;
      const std::string whole = std::move(c.message);
      c.message.clear();
      deliver(c, c.messageOpcode, whole, at);
      return;
    }
  }
}

void ClientLoop::deliver(Connection& c, Opcode op, std::string_view payload, Clock::time_point at) {
  if (op == Opcode::Binary) {
    ++counters_.binaryMessages;
    return;
  }
  ++counters_.textMessages;
  if (onText_) onText_(c, payload, at);
}

void ClientLoop::fail(Connection& c, const std::string& why, bool afterOpen) {
  if (c.state == ConnState::Failed || c.state == ConnState::Closed) return;
  c.failure = why;
  if (afterOpen) {
    c.state = ConnState::Closed;
    if (why.rfind("server closed", 0) != 0) ++counters_.dropped;
  } else {
    c.state = ConnState::Failed;
    ++counters_.failed;
  }
  ++counters_.failures[why];
  if (afterOpen && !c.out.empty()) ::send(c.fd, c.out.data(), c.out.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
  closeSocket(c);
}

void ClientLoop::closeSocket(Connection& c) {
  if (c.fd < 0) return;
  epoll_ctl(epfd_, EPOLL_CTL_DEL, c.fd, nullptr);
  ::close(c.fd);
  c.fd = -1;
  std::string().swap(c.in);
  std::string().swap(c.out);
  std::string().swap(c.message);
}

void ClientLoop::closeAll() {
  static const char normal[2] = {0x03, static_cast<char>(0xE8)};  // 1000
  for (auto& c : conns_) {
    if (c->state == ConnState::Open) {
      queueFrame(*c, Opcode::Close, std::string_view(normal, 2));
      c->state = ConnState::Closed;
      c->failure = "closed by the client";
    }
    closeSocket(*c);
  }
}

}  // namespace wsb
