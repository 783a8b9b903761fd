// MetricsHandlers: GET /metrics in the Prometheus text format. The route is not behind the
// dispatcher's API-key check because Prometheus may scrape with its own token
// (metrics.token); `allowed` decides, and the dispatcher's envelope answers a refusal.
#pragma once

#include "auth/Authenticator.hpp"
#include "config/Settings.hpp"
#include "http/Router.hpp"

#include <functional>
#include <string>

namespace sb::http {

struct MetricsEndpoint {
  // Throws sb::Error (401/403) when the request may not read the metrics.
  std::function<void(const ApiRequest&)> authorize;
  // The whole exposition, collected at call time.
  std::function<std::string()> render;
};

void addMetricsRoutes(Router& router, MetricsEndpoint endpoint);

// Who may scrape: anyone when metrics.public; else the metrics.token as a bearer token, or an
// admin API key of the operator tenant (the series span every tenant, so a tenant's own
// admin key is refused).
std::function<void(const ApiRequest&)> metricsAuthorizer(const config::MetricsSettings& settings,
                                                         auth::Authenticator& authenticator);

}  // namespace sb::http
