// ApiDispatcher: the one Poco request handler behind every route. Per request it assigns
// the request id, reads the body within the size limit, authenticates, routes, calls the
// handler, maps errors to the envelope and writes the access log line.
#pragma once

#include "auth/Authenticator.hpp"
#include "http/Router.hpp"
#include "metrics/MetricsRegistry.hpp"

#include <Poco/Net/HTTPRequestHandlerFactory.h>

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace sb::ratelimit { class ApiRateLimits; }

namespace sb::http {

class ApiDispatcher final : public Poco::Net::HTTPRequestHandlerFactory {
 public:
  ApiDispatcher(std::shared_ptr<const Router> router, std::shared_ptr<auth::Authenticator> authenticator,
                int64_t maxBodyBytes);

  Poco::Net::HTTPRequestHandler* createRequestHandler(const Poco::Net::HTTPServerRequest& request) override;

  // Runs the whole pipeline on an already-built request (used by the Poco handler, and
  // by tests without sockets).
  ApiResponse dispatch(ApiRequest& request) const;

  int64_t maxBodyBytes() const { return max_body_bytes_; }
  // The limit for this request: the route's own (bulk uploads) or the server's.
  int64_t maxBodyBytesFor(std::string_view method, std::string_view uri) const;

  // A path served by its own Poco handler instead of the JSON pipeline (the WebSocket
  // upgrade, which must own the socket). Set up before the server starts.
  void addRawEndpoint(std::string path, std::function<Poco::Net::HTTPRequestHandler*()> make);

  // Requests by route and status, and their latency, go to this registry (none: not counted).
  void setMetrics(metrics::MetricsRegistry* metrics) { metrics_ = metrics; }
  metrics::MetricsRegistry* metrics() const { return metrics_; }

  // Token buckets per API key / end user, taken from after authentication on every
  // non-public route (none: not limited). Set up before the server starts.
  void setRateLimits(std::shared_ptr<ratelimit::ApiRateLimits> rateLimits) { rate_limits_ = std::move(rateLimits); }

 private:
  void authorize(ApiRequest& request, Access access) const;
  // dispatch() without the rate-limit headers, which it fills in `limitHeaders`.
  ApiResponse handle(ApiRequest& request, std::vector<std::pair<std::string, std::string>>& limitHeaders) const;
  // Takes from the caller's bucket: sets the X-RateLimit-* headers; throws the 429 when refused.
  void enforceRateLimit(const ApiRequest& request, const Route& route,
                        std::vector<std::pair<std::string, std::string>>& limitHeaders) const;

  std::shared_ptr<const Router> router_;
  std::shared_ptr<auth::Authenticator> authenticator_;
  int64_t max_body_bytes_;
  std::map<std::string, std::function<Poco::Net::HTTPRequestHandler*()>, std::less<>> raw_endpoints_;
  metrics::MetricsRegistry* metrics_ = nullptr;
  std::shared_ptr<ratelimit::ApiRateLimits> rate_limits_;
};

// Extracts the credential from "authorization" / "x-api-key" headers. A bearer value with
// two dots is a JWT; anything else is an API key.
auth::Credential credentialFrom(const ApiRequest& request);

}  // namespace sb::http
