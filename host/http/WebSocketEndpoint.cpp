#include "http/WebSocketEndpoint.hpp"

#include "auth/Authenticator.hpp"
#include "core/Random.hpp"
#include "http/ErrorEnvelope.hpp"
#include "http/RequestReader.hpp"
#include "log/AccessLog.hpp"
#include "ws/InboxHub.hpp"

#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/WebSocket.h>
#include <Poco/String.h>
#include <Poco/StringTokenizer.h>
#include <Poco/URI.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <regex>

namespace sb::http {
namespace {

struct Handshake {
  std::string token;
  std::string since;
  bool offers_protocol = false;  // the client offered switchboard.v1
};

std::string queryValue(const Poco::URI::QueryParameters& query, const std::string& name) {
  for (const auto& [key, value] : query)
    if (key == name) return value;
  return "";
}

// The token from, in order: Authorization: Bearer, ?access_token= (or ?token=), or a
// "bearer.<jwt>" subprotocol.
Handshake readHandshake(Poco::Net::HTTPServerRequest& request) {
  Handshake h;
  Poco::URI uri(request.getURI());
  auto query = uri.getQueryParameters();
  h.since = queryValue(query, "since");
  const std::string protocols = request.get("Sec-WebSocket-Protocol", "");
  Poco::StringTokenizer offered(protocols, ",", Poco::StringTokenizer::TOK_TRIM | Poco::StringTokenizer::TOK_IGNORE_EMPTY);
  std::string fromProtocol;
  for (const auto& p : offered) {
    if (p == kWebSocketProtocol) h.offers_protocol = true;
    if (p.rfind("bearer.", 0) == 0) fromProtocol = p.substr(7);
  }
  const std::string authorization = request.get("Authorization", "");
  if (Poco::icompare(authorization.substr(0, 7), "bearer ") == 0) h.token = authorization.substr(7);
  if (h.token.empty()) h.token = queryValue(query, "access_token");
  if (h.token.empty()) h.token = queryValue(query, "token");
  if (h.token.empty()) h.token = fromProtocol;
  return h;
}

void refuse(Poco::Net::HTTPServerResponse& response, const ApiResponse& answer, const std::string& requestId) {
  ApiResponse out = answer;
  out.headers.emplace_back("X-Request-Id", requestId);
  if (out.status == 401) out.headers.emplace_back("WWW-Authenticate", "Bearer");
  response.setKeepAlive(false);
  writeResponse(out, false, response);
}

}  // namespace

void WebSocketEndpoint::handleRequest(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response) {
  auto started = std::chrono::steady_clock::now();
  std::string requestId = request.get("X-Request-Id", "");
  if (requestId.empty() || requestId.size() > 128) requestId = randomHexId(16);
  int status = 101;
  std::string who;
  try {
    if (request.getMethod() != "GET") throw Error(ErrorKind::MethodNotAllowed, "method_not_allowed", "the WebSocket endpoint is GET only");
    if (Poco::icompare(request.get("Upgrade", ""), "websocket") != 0) {
      throw Error(ErrorKind::InvalidInput, "upgrade_required",
                  "this endpoint is a WebSocket: send a WebSocket upgrade (Upgrade: websocket)");
    }
    Handshake h = readHandshake(request);
    if (h.token.empty()) {
      throw Error(ErrorKind::Unauthenticated, "unauthenticated",
                  "an end-user token is required: Authorization: Bearer, ?access_token=, or the subprotocols "
                  "\"switchboard.v1, bearer.<token>\"");
    }
    auto principal = authenticator_.authenticate({auth::Credential::Kind::Jwt, h.token});
    who = principal.describe();
    if (principal.role != auth::Role::User || principal.subject.empty())
      throw forbidden("the WebSocket streams one user's inbox: connect with that user's token");
    static const std::regex idPattern("ntf_[0-9a-f]{1,60}");
    if (!h.since.empty() && !std::regex_match(h.since, idPattern)) {
      Poco::JSON::Object::Ptr details = new Poco::JSON::Object;
      details->set("field", "since");
      throw unprocessable("since must be a notification id (ntf_...)", details);
    }
    if (h.offers_protocol) response.set("Sec-WebSocket-Protocol", kWebSocketProtocol);
    response.set("X-Request-Id", requestId);
    Poco::Net::WebSocket socket(request, response);  // answers 101 and detaches the socket
    hub_.attach(std::move(socket), principal.tenant_id, principal.subject, h.since);
  } catch (const Error& e) {
    auto answer = errorResponse(e);
    status = answer.status;
    refuse(response, answer, requestId);
  } catch (const Poco::Net::WebSocketException& e) {
    status = 400;
    refuse(response, errorResponse(400, "invalid_input", std::string("not a valid WebSocket handshake: ") + e.message()),
           requestId);
  } catch (const std::exception& e) {
    spdlog::error("request {} GET {}: {}", requestId, kWebSocketPath, e.what());
    status = 500;
    if (!response.sent()) refuse(response, errorResponse(500, "internal", "internal error; see the server log for request " + requestId), requestId);
  }
  double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
  log::logAccess({request.getMethod(), log::redactQuery(request.getURI()), status, ms, requestId,
                  request.clientAddress().host().toString(), who});
}

}  // namespace sb::http
