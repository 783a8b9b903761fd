// Router: method + path pattern ("/api/v1/keys/{id}") to a handler, with the access the
// route requires. Static segments win over parameters; a known path with another method
// is a 405 that names the allowed methods.
#pragma once

#include "http/ApiRequest.hpp"
#include "ratelimit/RateClass.hpp"

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace sb::http {

using Handler = std::function<ApiResponse(const ApiRequest&)>;

enum class Access {
  Public,   // no credential (health only)
  Any,      // an API key of any role, or an end-user JWT
  Key,      // an API key (admin or service)
  Admin,    // an admin API key
};

struct Route {
  std::string method;
  std::string pattern;
  Access access = Access::Key;
  Handler handler;
  std::vector<std::string> segments;  // "{name}" marks a parameter
  int64_t max_body_bytes = 0;         // 0: server.max_body_bytes
  ratelimit::RateClass rate_class = ratelimit::RateClass::Read;  // set by add() from the method
};

struct RouteMatch {
  const Route* route = nullptr;
  std::map<std::string, std::string> params;
};

class Router {
 public:
  void add(std::string method, std::string pattern, Access access, Handler handler);
  // Throws sb::Error NotFound, or MethodNotAllowed with details.allowed.
  RouteMatch match(std::string_view method, std::string_view path) const;
  // A larger body limit for one route (bulk uploads); false when no such route exists.
  bool setBodyLimit(const std::string& method, const std::string& pattern, int64_t maxBodyBytes);
  // The route's own limit, or 0 (also for unknown paths).
  int64_t bodyLimitFor(std::string_view method, std::string_view path) const;
  // Another rate-limit class than the method's (bulk, auth); false when no such route exists.
  bool setRateClass(const std::string& method, const std::string& pattern, ratelimit::RateClass rateClass);
  const std::vector<Route>& routes() const { return routes_; }

 private:
  std::vector<Route> routes_;
};

}  // namespace sb::http
