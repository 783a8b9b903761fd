// WebSocketEndpoint: GET /api/v1/ws — authenticates the end user, upgrades, and hands the
// socket to the inbox hub; the HTTP thread then returns to the pool (Poco's WebSocket
// detaches the socket from the HTTP connection). Refusals are the usual JSON envelope,
// sent before any upgrade.
#pragma once

#include <Poco/Net/HTTPRequestHandler.h>

#include <string>

namespace sb::auth { class Authenticator; }
namespace sb::ws { class InboxHub; }

namespace sb::http {

inline constexpr const char* kWebSocketPath = "/api/v1/ws";
// The subprotocol the server speaks; offered by clients that pass the token as
// "bearer.<jwt>" in Sec-WebSocket-Protocol (browsers cannot set Authorization).
inline constexpr const char* kWebSocketProtocol = "switchboard.v1";

class WebSocketEndpoint final : public Poco::Net::HTTPRequestHandler {
 public:
  WebSocketEndpoint(auth::Authenticator& authenticator, ws::InboxHub& hub) : authenticator_(authenticator), hub_(hub) {}
  void handleRequest(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response) override;

 private:
  auth::Authenticator& authenticator_;
  ws::InboxHub& hub_;
};

}  // namespace sb::http
