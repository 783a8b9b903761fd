// InboxSocket: a test client of GET /api/v1/ws (Poco's client WebSocket): reads the JSON
// messages the server sends, answers the server's pings unless told not to.
#pragma once

#include <Poco/JSON/Object.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/WebSocket.h>

#include <chrono>
#include <memory>
#include <string>
#include <vector>

namespace sb::test {

struct InboxSocketOptions {
  std::string token;
  std::string since;
  enum class TokenIn { Query, Header, Protocol } token_in = TokenIn::Query;
  bool answer_pings = true;
};

class InboxSocket {
 public:
  // Connects and completes the upgrade; throws Poco::Net::WebSocketException (with the
  // HTTP status in code()) when refused.
  InboxSocket(int port, const InboxSocketOptions& options);
  ~InboxSocket();

  // The next JSON message, or null after `timeout` (or when the server closed).
  Poco::JSON::Object::Ptr next(std::chrono::milliseconds timeout = std::chrono::seconds(10));
  // The next message of `type`, skipping others (kept in skipped()).
  Poco::JSON::Object::Ptr nextOfType(const std::string& type, std::chrono::milliseconds timeout = std::chrono::seconds(10));
  // Skips messages until an unread_count equal to `count` arrives; false on timeout.
  bool waitForUnread(int64_t count, std::chrono::milliseconds timeout = std::chrono::seconds(10));
  void send(const std::string& json);
  // True once the server closed the connection (a close frame or EOF) within `timeout`.
  bool closedWithin(std::chrono::milliseconds timeout);
  const std::string& protocol() const { return protocol_; }
  const std::vector<Poco::JSON::Object::Ptr>& skipped() const { return skipped_; }

 private:
  Poco::Net::HTTPClientSession session_;
  std::unique_ptr<Poco::Net::WebSocket> socket_;
  bool answer_pings_;
  bool closed_ = false;
  std::string protocol_;
  std::vector<Poco::JSON::Object::Ptr> skipped_;
};

// Status of a refused upgrade (401, 403, 422...) and its body, or 101 when it succeeded.
struct UpgradeAnswer {
  int status = 0;
  std::string body;
};
UpgradeAnswer tryUpgrade(int port, const std::string& pathAndQuery,
                         const std::vector<std::pair<std::string, std::string>>& headers = {});

}  // namespace sb::test
