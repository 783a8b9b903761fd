#include "http/handlers/HealthHandlers.hpp"

#include "http/ErrorEnvelope.hpp"

namespace sb::http {

void addHealthRoutes(Router& router, std::function<Poco::JSON::Object::Ptr()> readinessProblems,
                     std::function<Poco::JSON::Object::Ptr()> degradations) {
  // Liveness is answered from a constant: it must stay cheap under any load.
  auto alive = [](const ApiRequest&) { return ApiResponse::text(200, "{\"status\":\"ok\"}", "application/json"); };
  router.add("GET", "/health", Access::Public, alive);
  router.add("GET", "/health/live", Access::Public, alive);
  router.add("GET", "/health/ready", Access::Public, [readinessProblems, degradations](const ApiRequest&) {
    auto problems = readinessProblems();
    if (problems->size() == 0) {
      auto degraded = degradations ? degradations() : Poco::JSON::Object::Ptr();
      if (!degraded || degraded->size() == 0)
        return ApiResponse::text(200, "{\"status\":\"ready\"}", "application/json");
      Poco::JSON::Object::Ptr out = new Poco::JSON::Object;
      out->set("status", "degraded");
      out->set("details", degraded);
      return ApiResponse::json(200, out);
    }
    return errorResponse(Error(ErrorKind::Unavailable, "not_ready", "not ready: see details", problems));
  });
}

}  // namespace sb::http
