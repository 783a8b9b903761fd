#include "http/handlers/HealthHandlers.hpp"

#include "http/ErrorEnvelope.hpp"

namespace sb::http {

void addHealthRoutes(Router& router, std::function<Poco::JSON::Object::Ptr()> readinessProblems) {
  // Liveness is answered from a constant: it must stay cheap under any load.
  auto alive = [](const ApiRequest&) { return ApiResponse::text(200, "{\"status\":\"ok\"}", "application/json"); };
  router.add("GET", "/health", Access::Public, alive);
  router.add("GET", "/health/live", Access::Public, alive);
  router.add("GET", "/health/ready", Access::Public, [readinessProblems](const ApiRequest&) {
    auto problems = readinessProblems();
    if (problems->size() == 0) return ApiResponse::text(200, "{\"status\":\"ready\"}", "application/json");
    return errorResponse(Error(ErrorKind::Unavailable, "not_ready", "not ready: see details", problems));
  });
}

}  // namespace sb::http
