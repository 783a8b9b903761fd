#include "http/ApiDispatcher.hpp"

#include "http/ErrorEnvelope.hpp"
#include "http/RequestReader.hpp"
#include "log/AccessLog.hpp"
#include "ratelimit/RateLimitResponse.hpp"
#include "store/StoreError.hpp"

#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <spdlog/spdlog.h>

#include <chrono>

namespace sb::http {
namespace {

const std::string kUnmatchedRoute = "unmatched";

class PocoHandler final : public Poco::Net::HTTPRequestHandler {
 public:
  explicit PocoHandler(const ApiDispatcher& dispatcher) : dispatcher_(dispatcher) {}

  void handleRequest(Poco::Net::HTTPServerRequest& in, Poco::Net::HTTPServerResponse& out) override {
    auto started = std::chrono::steady_clock::now();
    ApiRequest request;
    ApiResponse response;
    try {
      readRequest(in, dispatcher_.maxBodyBytesFor(in.getMethod(), in.getURI()), request);
      response = dispatcher_.dispatch(request);
    } catch (const Error& e) {  // raised while reading (413, 400)
      response = errorResponse(e);
      // The rest of the body is still on the wire: this connection cannot carry another request.
      out.setKeepAlive(false);
    }
    response.headers.emplace_back("X-Request-Id", request.request_id);
    writeResponse(response, in.getMethod() == "HEAD", out);
    if (!out.getKeepAlive()) discardUnreadBody(in);

    double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
    if (auto* metrics = dispatcher_.metrics()) {
      // By route pattern, never by raw path: ids in paths would make every request a new series.
      const std::string& route = request.route.empty() ? kUnmatchedRoute : request.route;
      std::string labels = "method=" + in.getMethod() + ",route=" + route;
      metrics->counterAdd("switchboard_http_requests_total", labels + ",status=" + std::to_string(response.status), 1);
      metrics->histogramObserve("switchboard_http_request_duration_seconds", labels, ms / 1000.0);
    }
    std::string principal = request.principal ? request.principal->describe() : std::string();
    log::logAccess({in.getMethod(), log::redactQuery(in.getURI()), response.status, ms, request.request_id,
                    request.remote, principal});
  }

 private:
  const ApiDispatcher& dispatcher_;
};

bool isJwtShaped(const std::string& token) {
  return std::count(token.begin(), token.end(), '.') == 2;
}

}  // namespace

ApiDispatcher::ApiDispatcher(std::shared_ptr<const Router> router, std::shared_ptr<auth::Authenticator> authenticator,
                             int64_t maxBodyBytes)
    : router_(std::move(router)), authenticator_(std::move(authenticator)), max_body_bytes_(maxBodyBytes) {}

Poco::Net::HTTPRequestHandler* ApiDispatcher::createRequestHandler(const Poco::Net::HTTPServerRequest& request) {
  if (!raw_endpoints_.empty()) {
    std::string_view uri = request.getURI();
    auto path = uri.substr(0, uri.find('?'));
    if (auto it = raw_endpoints_.find(path); it != raw_endpoints_.end()) return it->second();
  }
  return new PocoHandler(*this);
}

int64_t ApiDispatcher::maxBodyBytesFor(std::string_view method, std::string_view uri) const {
  auto path = uri.substr(0, uri.find('?'));
  int64_t own = router_->bodyLimitFor(method, path);
  return own > 0 ? own : max_body_bytes_;
}

void ApiDispatcher::addRawEndpoint(std::string path, std::function<Poco::Net::HTTPRequestHandler*()> make) {
  raw_endpoints_[std::move(path)] = std::move(make);
}

auth::Credential credentialFrom(const ApiRequest& request) {
  if (auto auth = request.header("authorization")) {
    constexpr std::string_view kBearer = "Bearer ";
    if (auth->size() > kBearer.size() && strncasecmp(auth->c_str(), "bearer ", kBearer.size()) == 0) {
      std::string token = auth->substr(kBearer.size());
      return {isJwtShaped(token) ? auth::Credential::Kind::Jwt : auth::Credential::Kind::ApiKey, token};
    }
    return {auth::Credential::Kind::ApiKey, ""};  // present but not a bearer: rejected below
  }
  if (auto key = request.header("x-api-key")) return {auth::Credential::Kind::ApiKey, *key};
  return {};
}

void ApiDispatcher::authorize(ApiRequest& request, Access access) const {
  if (access == Access::Public) return;
  auth::Credential credential = credentialFrom(request);
  if (credential.kind == auth::Credential::Kind::None) {
    throw Error(ErrorKind::Unauthenticated, "unauthenticated",
                "a credential is required: send 'Authorization: Bearer <api key or token>' or 'X-API-Key'");
  }
  if (credential.value.empty()) {
    throw Error(ErrorKind::Unauthenticated, "unauthenticated", "the Authorization header must use the Bearer scheme");
  }
  request.principal = authenticator_->authenticate(credential);
  const auto& who = *request.principal;
  if (access == Access::Key && !who.isKey()) throw forbidden("this endpoint needs an API key, not an end-user token");
  if (access == Access::Admin && !who.isAdmin()) throw forbidden("this endpoint needs an admin API key");
}

ApiResponse ApiDispatcher::dispatch(ApiRequest& request) const {
  std::vector<std::pair<std::string, std::string>> limitHeaders;
  ApiResponse response = handle(request, limitHeaders);
  // Once a bucket was taken from, every answer tells how it stands (429s and handler errors too).
  response.headers.insert(response.headers.end(), limitHeaders.begin(), limitHeaders.end());
  return response;
}

void ApiDispatcher::enforceRateLimit(const ApiRequest& request, const Route& route,
                                     std::vector<std::pair<std::string, std::string>>& limitHeaders) const {
  if (!rate_limits_ || route.access == Access::Public || !request.principal) return;
  const auth::Principal& who = *request.principal;
  const auto caller = who.isKey() ? ratelimit::Caller::apiKey(who.key_id)
                                  : ratelimit::Caller::endUser(who.tenant_id, who.subject);
  auto verdict = rate_limits_->take(route.rate_class, caller);
  if (!verdict) return;
  limitHeaders = ratelimit::rateLimitHeaders(*verdict);
  if (!verdict->decision.allowed) throw ratelimit::rateLimitedError(*verdict);
}

ApiResponse ApiDispatcher::handle(ApiRequest& request,
                                  std::vector<std::pair<std::string, std::string>>& limitHeaders) const {
  try {
    // Protected API paths answer 401 before revealing which endpoints exist.
    bool apiPath = request.path.rfind("/api/", 0) == 0;
    RouteMatch match;
    try {
      match = router_->match(request.method, request.path);
    } catch (const Error&) {
      if (apiPath) authorize(request, Access::Any);
      throw;
    }
    request.params = std::move(match.params);
    request.route = match.route->pattern;
    authorize(request, match.route->access);
    enforceRateLimit(request, *match.route, limitHeaders);
    return match.route->handler(request);
  } catch (const Error& e) {
    if (e.kind() == ErrorKind::Internal) {
      spdlog::error("request {} {} {}: {}", request.request_id, request.method, request.path, e.what());
    }
    return errorResponse(e);
  } catch (const store::StoreUnavailable& e) {
    // The database is down or every connection is busy: the client may try again.
    spdlog::warn("request {} {} {}: store unavailable: {}", request.request_id, request.method, request.path, e.what());
    auto response = errorResponse(503, "store_unavailable", "the database is unavailable; try again shortly");
    response.headers.emplace_back("Retry-After", "1");
    return response;
  } catch (const std::exception& e) {
    // A bug: log it with the request id, answer without internals.
    spdlog::error("request {} {} {} failed: {}", request.request_id, request.method, request.path, e.what());
    return errorResponse(500, "internal", "internal error; see the server log for request " + request.request_id);
  }
}

}  // namespace sb::http
