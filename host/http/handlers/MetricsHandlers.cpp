#include "http/handlers/MetricsHandlers.hpp"

#include "auth/ApiKey.hpp"
#include "core/Error.hpp"
#include "http/ApiDispatcher.hpp"
#include "metrics/PrometheusText.hpp"


namespace sb::http {

void addMetricsRoutes(Router& router, MetricsEndpoint endpoint) {
  router.add("GET", "/metrics", Access::Public, [endpoint = std::move(endpoint)](const ApiRequest& request) {
    endpoint.authorize(request);
    auto response = ApiResponse::text(200, endpoint.render(), metrics::kPrometheusContentType);
    response.headers.emplace_back("Cache-Control", "no-store");
    return response;
  });
}

std::function<void(const ApiRequest&)> metricsAuthorizer(const config::MetricsSettings& settings,
                                                         auth::Authenticator& authenticator) {
  return [publicAccess = settings.public_, token = settings.token, &authenticator](const ApiRequest& request) {
    if (publicAccess) return;
    auto credential = credentialFrom(request);
    if (credential.kind == auth::Credential::Kind::None || credential.value.empty()) {
      throw Error(ErrorKind::Unauthenticated, "unauthenticated",
                  "GET /metrics needs 'Authorization: Bearer <metrics.token or an operator admin key>'");
    }
    if (!token.empty() && auth::constantTimeEquals(credential.value, token)) return;
    auto who = authenticator.authenticate(credential);  // throws 401 for an unknown credential
    if (!who.isAdmin() || !who.operator_tenant) {
      throw forbidden("metrics cover every tenant: they need metrics.token or an admin key of the operator tenant");
    }
  };
}

}  // namespace sb::http
