// Thousands of WebSocket client connections on one thread: non-blocking connect, the HTTP
// upgrade, framing, and answering the server's pings, all driven by one epoll set.
#pragma once

#include "WsFrame.hpp"

#include <netinet/in.h>

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace wsb {

using Clock = std::chrono::steady_clock;

// A ws:// URL resolved once (IPv4).
struct Endpoint {
  std::string url;
  std::string hostHeader;  // "host:port"
  std::string path;        // "/api/v1/ws" unless the URL names another
  sockaddr_in addr{};

  static Endpoint parse(const std::string& url);
};

// Where the end-user token travels in the upgrade request.
enum class AuthStyle { Query, Header, Protocol };
AuthStyle parseAuthStyle(const std::string& name);

enum class ConnState : uint8_t { Connecting, Handshake, Open, Closed, Failed };

struct Connection {
  uint32_t index = 0;     // position in the loop (the epoll tag)
  uint32_t user = 0;      // index of the user (the token's subject)
  uint16_t endpoint = 0;  // index into the loop's endpoints
  ConnState state = ConnState::Connecting;
  bool synced = false;      // got its first unread_count (set by the text handler)
  bool wantWrite = false;   // EPOLLOUT is armed
  bool inMessage = false;   // between the first and the last frame of a fragmented message
  int fd = -1;
  Opcode messageOpcode = Opcode::Text;
  std::string key;          // Sec-WebSocket-Key until the handshake is done
  std::string in, out, message;
  Clock::time_point started, opened, syncedAt, appPingSent;
  uint32_t backlog = 0;       // notifications received before the first unread_count
  uint32_t serverPings = 0;   // WebSocket ping frames answered
  std::string failure;        // why it failed or was closed
};

struct LoopCounters {
  uint64_t opened = 0, failed = 0, closedByServer = 0, dropped = 0;
  uint64_t pingsAnswered = 0, unsolicitedPongs = 0, binaryMessages = 0, textMessages = 0;
  std::map<std::string, uint64_t> failures;  // reason -> count (failed or lost after opening)
  std::string firstFailureDetail;            // e.g. the body of the first refused upgrade
};

class ClientLoop {
 public:
  // Called on the loop's thread for every complete text message, with the time it was read.
  using TextHandler = std::function<void(Connection&, std::string_view, Clock::time_point)>;

  ClientLoop(std::vector<Endpoint> endpoints, AuthStyle auth, std::string extraQuery);
  ~ClientLoop();
  ClientLoop(const ClientLoop&) = delete;
  ClientLoop& operator=(const ClientLoop&) = delete;

  void setTextHandler(TextHandler handler) { onText_ = std::move(handler); }
  void setHandshakeTimeout(Clock::duration timeout) { handshakeTimeout_ = timeout; }
  // Off: server pings go unanswered (to see the server close dead clients).
  void setAnswerPings(bool on) { answerPings_ = on; }

  // Starts connecting; the connection lives until the loop is destroyed.
  Connection& open(uint32_t user, uint16_t endpoint, const std::string& token);
  // Serves every socket until done() holds or the deadline passes; returns done().
  bool runUntil(const std::function<bool()>& done, Clock::time_point deadline);
  void runFor(Clock::duration d) { runUntil([] { return false; }, Clock::now() + d); }

  void sendText(Connection& c, std::string_view text);
  // Sends a close frame (1000) on every open connection, then closes every socket.
  void closeAll();

  const std::vector<std::unique_ptr<Connection>>& connections() const { return conns_; }
  const LoopCounters& counters() const { return counters_; }
  const std::vector<Endpoint>& endpoints() const { return endpoints_; }

 private:
  void onEvent(Connection& c, uint32_t events);
  void finishConnect(Connection& c);
  void readSome(Connection& c);
  bool parseHandshake(Connection& c);
  void parseFrames(Connection& c);
  void onFrame(Connection& c, const Frame& f, Clock::time_point at);
  void deliver(Connection& c, Opcode op, std::string_view payload, Clock::time_point at);
  void queue(Connection& c, std::string_view bytes);
  void queueFrame(Connection& c, Opcode op, std::string_view payload);
  void flush(Connection& c);
  void armWrite(Connection& c, bool on);
  void fail(Connection& c, const std::string& why, bool afterOpen = false);
  void closeSocket(Connection& c);
  void checkHandshakeTimeouts(Clock::time_point now);
  std::string upgradeRequest(const Connection& c, const std::string& token) const;
  uint32_t nextRandom();

  std::vector<Endpoint> endpoints_;
  AuthStyle auth_;
  std::string extraQuery_;
  int epfd_ = -1;
  std::vector<std::unique_ptr<Connection>> conns_;
  std::vector<uint32_t> pendingHandshakes_;  // indices still connecting or upgrading
  Clock::duration handshakeTimeout_ = std::chrono::seconds(15);
  Clock::time_point lastTimeoutCheck_{};
  bool answerPings_ = true;
  TextHandler onText_;
  LoopCounters counters_;
  uint64_t rng_;
};

}  // namespace wsb
