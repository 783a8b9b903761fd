#include "http/console/ConsoleRoutes.hpp"

#include "http/console/ConsolePage.hpp"

namespace sb::http {
namespace {

// The page's own inline script and style, and fetches to this origin; nothing else. No
// framing (clickjacking a Retry button), no referrer, never cached by shared caches.
constexpr const char* kContentSecurityPolicy =
    "default-src 'none'; connect-src 'self'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; "
    "img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

ApiResponse consoleResponse() {
  auto response = ApiResponse::text(200, std::string(console::consolePage()), "text/html; charset=utf-8");
  response.headers.emplace_back("Content-Security-Policy", kContentSecurityPolicy);
  response.headers.emplace_back("X-Content-Type-Options", "nosniff");
  response.headers.emplace_back("X-Frame-Options", "DENY");
  response.headers.emplace_back("Referrer-Policy", "no-referrer");
  response.headers.emplace_back("Cache-Control", "no-cache");
  return response;
}

}  // namespace

void addConsoleRoutes(Router& router) {
  router.add("GET", "/console", Access::Public, [](const ApiRequest&) { return consoleResponse(); });
}

}  // namespace sb::http
