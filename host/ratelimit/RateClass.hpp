// RateClass: which bucket family a route draws from. Every route has one; health and other
// public routes are never limited (no caller to count against).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace sb::ratelimit {

enum class RateClass {
  Read,   // GET, HEAD
  Write,  // POST, PUT, PATCH, DELETE
  Bulk,   // batch and import routes: one request carries many items
  Auth,   // minting tokens, keys and tenants
};

// "read", "write", "bulk", "auth": for metrics labels, headers and the 429 details.
const char* rateClassName(RateClass rateClass);
std::optional<RateClass> parseRateClass(std::string_view name);

// The class a route gets unless it is given another: GET and HEAD read, the rest write.
RateClass defaultRateClassFor(std::string_view method);

}  // namespace sb::ratelimit
