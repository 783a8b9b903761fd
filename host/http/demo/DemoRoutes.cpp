#include "http/demo/DemoRoutes.hpp"

#include "http/StaticPage.hpp"
#include "http/demo/DemoPages.hpp"

namespace sb::http {
namespace {

// The page's own inline script and style, and sockets/fetches to this origin; nothing else.
constexpr const char* kContentSecurityPolicy =
    "default-src 'self'; connect-src 'self' ws: wss:; style-src 'self' 'unsafe-inline'; "
    "script-src 'self' 'unsafe-inline'";

}  // namespace

void addDemoRoutes(Router& router) {
  router.add("GET", "/demo/inbox", Access::Public,
             [](const ApiRequest&) { return staticPage(demo::inboxPage(), kContentSecurityPolicy); });
}

}  // namespace sb::http
