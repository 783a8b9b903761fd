// `ws_bench mock-server`: a small stand-in for Switchboard's WebSocket and batch API, so the
// load generator can be checked without the real server (`ws_bench self-test` drives it).
// It speaks the same protocol: JWT in the query, header or subprotocol; unread_count on
// connect; WebSocket pings; {"type":"ping"} -> pong; batch POSTs pushed to the users' sockets.
#include "Modes.hpp"

#include <Poco/JSON/Parser.h>
#include <Poco/JWT/Signer.h>
#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/WebSocket.h>
#include <Poco/StreamCopier.h>
#include <Poco/URI.h>

#include <sys/epoll.h>

#include <atomic>
#include <cstdlib>
#include <csignal>
#include <iostream>
#include <mutex>
#include <thread>
#include <unordered_map>

namespace wsb {
namespace {

struct Peer {
  explicit Peer(Poco::Net::WebSocket s) : ws(std::move(s)) {}
  Poco::Net::WebSocket ws;
  std::mutex sendMutex;
  std::string user;
  void send(const std::string& text, int flags = Poco::Net::WebSocket::FRAME_TEXT) {
    std::lock_guard lock(sendMutex);
    ws.sendFrame(text.data(), static_cast<int>(text.size()), flags);
  }
};

class Hub {
 public:
  Hub() : epfd_(epoll_create1(EPOLL_CLOEXEC)) {}

  void add(const std::shared_ptr<Peer>& peer) {
    const int fd = peer->ws.impl()->sockfd();
    {
      std::lock_guard lock(mutex_);
      byFd_[fd] = peer;
      byUser_.emplace(peer->user, peer);
    }
    epoll_event ev{};
    ev.events = EPOLLIN;
    ev.data.fd = fd;
    epoll_ctl(epfd_, EPOLL_CTL_ADD, fd, &ev);
  }

  std::vector<std::shared_ptr<Peer>> ofUser(const std::string& user) {
    std::lock_guard lock(mutex_);
    std::vector<std::shared_ptr<Peer>> out;
    auto [a, b] = byUser_.equal_range(user);
    for (auto it = a; it != b; ++it) out.push_back(it->second);
    return out;
  }

  std::vector<std::shared_ptr<Peer>> all() {
    std::lock_guard lock(mutex_);
    std::vector<std::shared_ptr<Peer>> out;
    for (auto& [fd, p] : byFd_) out.push_back(p);
    return out;
  }

  // Reads client frames until `stop`.
  void serve(const std::atomic<bool>& stop) {
    epoll_event events[256];
    char buf[4096];
    while (!stop) {
      const int n = epoll_wait(epfd_, events, 256, 100);
      for (int i = 0; i < n; ++i) {
        std::shared_ptr<Peer> peer;
        {
          std::lock_guard lock(mutex_);
          auto it = byFd_.find(events[i].data.fd);
          if (it == byFd_.end()) continue;
          peer = it->second;
        }
        int flags = 0;
        int got = 0;
        try {
          got = peer->ws.receiveFrame(buf, sizeof buf, flags);
        } catch (const Poco::Exception&) {
          got = 0;
          flags = Poco::Net::WebSocket::FRAME_OP_CLOSE;
        }
        const int op = flags & Poco::Net::WebSocket::FRAME_OP_BITMASK;
        if (op == Poco::Net::WebSocket::FRAME_OP_PONG) {
          ++pongs;
        } else if (op == Poco::Net::WebSocket::FRAME_OP_TEXT) {
          const std::string text(buf, static_cast<size_t>(got));
          if (text.find(R"("ping")") != std::string::npos) peer->send(R"({"type":"pong"})");
        } else if (op == Poco::Net::WebSocket::FRAME_OP_CLOSE || (got == 0 && flags == 0)) {
          remove(events[i].data.fd, peer);
        }
      }
    }
  }

  std::atomic<uint64_t> pongs{0};

 private:
  void remove(int fd, const std::shared_ptr<Peer>& peer) {
    epoll_ctl(epfd_, EPOLL_CTL_DEL, fd, nullptr);
    std::lock_guard lock(mutex_);
    byFd_.erase(fd);
    auto [a, b] = byUser_.equal_range(peer->user);
    for (auto it = a; it != b; ++it)
      if (it->second == peer) {
        byUser_.erase(it);
        break;
      }
  }

  int epfd_;
  std::mutex mutex_;
  std::unordered_map<int, std::shared_ptr<Peer>> byFd_;
  std::unordered_multimap<std::string, std::shared_ptr<Peer>> byUser_;
};

std::string tokenOf(Poco::Net::HTTPServerRequest& req, bool& viaProtocol) {
  viaProtocol = false;
  for (const auto& [k, v] : Poco::URI(req.getURI()).getQueryParameters())
    if (k == "access_token") return v;
  const std::string auth = req.get("Authorization", "");
  if (auth.rfind("Bearer ", 0) == 0) return auth.substr(7);
  const std::string proto = req.get("Sec-WebSocket-Protocol", "");
  const auto pos = proto.find("bearer.");
  if (pos != std::string::npos) {
    viaProtocol = true;
    return proto.substr(pos + 7, proto.find(',', pos) - pos - 7);
  }
  return "";
}

class WsHandler : public Poco::Net::HTTPRequestHandler {
 public:
  WsHandler(Hub& hub, const std::string& secret) : hub_(hub), secret_(secret) {}
  void handleRequest(Poco::Net::HTTPServerRequest& req, Poco::Net::HTTPServerResponse& resp) override {
    bool viaProtocol = false;
    Poco::JWT::Token token;
    if (!Poco::JWT::Signer(secret_).tryVerify(tokenOf(req, viaProtocol), token)) {
      resp.setStatus(Poco::Net::HTTPResponse::HTTP_UNAUTHORIZED);
      resp.send() << R"({"error":{"code":"invalid_token"}})";
      return;
    }
    if (viaProtocol) resp.set("Sec-WebSocket-Protocol", "switchboard.v1");
    try {
      auto peer = std::make_shared<Peer>(Poco::Net::WebSocket(req, resp));
      peer->user = token.payload().optValue<std::string>("sub", "");
      peer->send(R"({"type":"unread_count","count":0})");
      hub_.add(peer);
    } catch (const Poco::Exception& e) {
      std::cerr << "mock-server: upgrade failed: " << e.displayText() << "\n";
    }
  }

 private:
  Hub& hub_;
  std::string secret_;
};

class RestHandler : public Poco::Net::HTTPRequestHandler {
 public:
  explicit RestHandler(Hub& hub) : hub_(hub) {}
  void handleRequest(Poco::Net::HTTPServerRequest& req, Poco::Net::HTTPServerResponse& resp) override {
    std::string body;
    Poco::StreamCopier::copyToString(req.stream(), body);
    resp.setContentType("application/json");
    const std::string path = Poco::URI(req.getURI()).getPath();
    if (req.getMethod() == "PUT" && path.rfind("/api/v1/users/", 0) == 0) {
      resp.setStatus(Poco::Net::HTTPResponse::HTTP_CREATED);
      resp.send() << "{}";
    } else if (req.getMethod() == "POST" && path == "/api/v1/notifications/batch") {
      resp.setStatus(Poco::Net::HTTPResponse::HTTP_ACCEPTED);
      resp.send() << batch(body);
    } else {
      resp.setStatus(Poco::Net::HTTPResponse::HTTP_NOT_FOUND);
      resp.send() << R"({"error":{"code":"not_found"}})";
    }
  }

 private:
  // Pushes each notification to its user's sockets (before answering, as a fast server might).
  std::string batch(const std::string& body) {
    static std::atomic<uint64_t> counter{0};
    Poco::JSON::Parser parser;
    auto items = parser.parse(body).extract<Poco::JSON::Object::Ptr>()->getArray("notifications");
    std::string results;
    for (unsigned i = 0; i < items->size(); ++i) {
      auto item = items->getObject(i);
      const std::string id = "ntf_mock" + std::to_string(++counter);
      auto content = item->getObject("content");
      std::ostringstream data;
      if (auto d = content->getObject("data")) d->stringify(data);
      else data << "{}";
      const std::string msg = R"({"type":"notification","id":")" + id + R"(","title":"x","body":"y","data":)" +
                              data.str() + R"(,"category":null,"created_at":"2026-01-01T00:00:00Z"})";
      for (auto& peer : hub_.ofUser(item->getValue<std::string>("user_id"))) {
        try {
          peer->send(msg);
        } catch (const Poco::Exception&) {
        }
      }
      results += std::string(i ? "," : "") + R"({"index":)" + std::to_string(i) + R"(,"status":202,"id":")" + id + "\"}";
    }
    return R"({"accepted":)" + std::to_string(items->size()) + R"(,"rejected":0,"results":[)" + results + "]}";
  }

  Hub& hub_;
};

class Factory : public Poco::Net::HTTPRequestHandlerFactory {
 public:
  Factory(Hub& hub, std::string secret) : hub_(hub), secret_(std::move(secret)) {}
  Poco::Net::HTTPRequestHandler* createRequestHandler(const Poco::Net::HTTPServerRequest& req) override {
    if (Poco::URI(req.getURI()).getPath() == "/api/v1/ws") return new WsHandler(hub_, secret_);
    return new RestHandler(hub_);
  }

 private:
  Hub& hub_;
  std::string secret_;
};

std::atomic<bool> stopRequested{false};

}  // namespace

int runMockServer(const Args& args) {
  raiseFileLimit();
  const auto port = static_cast<uint16_t>(args.integer("port", 18180));
  const auto pingEvery = args.duration("ping-interval", std::chrono::seconds(2));
  Hub hub;
  auto params = new Poco::Net::HTTPServerParams;
  params->setMaxThreads(8);
  params->setMaxQueued(4096);
  Poco::Net::ServerSocket listener(Poco::Net::SocketAddress("127.0.0.1", port), 4096);
  Poco::Net::HTTPServer server(new Factory(hub, args.required("secret")), listener, params);
  server.start();
  std::signal(SIGTERM, [](int) { stopRequested = true; });
  std::signal(SIGINT, [](int) { stopRequested = true; });
  std::thread reader([&] { hub.serve(stopRequested); });
  std::cout << "mock-server: listening on 127.0.0.1:" << port << std::endl;
  uint64_t pings = 0;
  auto nextPing = std::chrono::steady_clock::now() + pingEvery;
  while (!stopRequested) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    if (std::chrono::steady_clock::now() < nextPing) continue;
    nextPing += pingEvery;
    for (auto& peer : hub.all()) {
      try {
        peer->send("p" + std::to_string(pings),
                   static_cast<int>(Poco::Net::WebSocket::FRAME_OP_PING) | static_cast<int>(Poco::Net::WebSocket::FRAME_FLAG_FIN));
        ++pings;
      } catch (const Poco::Exception&) {
      }
    }
  }
  reader.join();
  server.stopAll(true);
  std::cout << "mock-server: " << pings << " pings sent, " << hub.pongs << " pongs received" << std::endl;
  // A throwaway server: skip tearing down sockets other threads may still touch (one heap
  // corruption was seen once in 8 runs at exit; the measured part was already done).
  std::_Exit(0);
}

}  // namespace wsb
