#include "http/demo/DemoRoutes.hpp"

#include "http/demo/DemoPages.hpp"

namespace sb::http {
namespace {

// The page's own inline script and style, and sockets/fetches to this origin; nothing else.
constexpr const char* kContentSecurityPolicy =
    "default-src 'self'; connect-src 'self' ws: wss:; style-src 'self' 'unsafe-inline'; "
    "script-src 'self' 'unsafe-inline'";

ApiResponse page(std::string_view html) {
  auto response = ApiResponse::text(200, std::string(html), "text/html; charset=utf-8");
  response.headers.emplace_back("Content-Security-Policy", kContentSecurityPolicy);
  response.headers.emplace_back("X-Content-Type-Options", "nosniff");
  return response;
}

}  // namespace

void addDemoRoutes(Router& router) {
  router.add("GET", "/demo/inbox", Access::Public, [](const ApiRequest&) { return page(demo::inboxPage()); });
}

}  // namespace sb::http
