#include "http/console/ConsoleRoutes.hpp"

#include "http/StaticPage.hpp"
#include "http/console/ConsolePage.hpp"

namespace sb::http {
namespace {

// The page's own inline script and style, and fetches to this origin; nothing else. No
// framing (clickjacking a Retry button), no referrer, never cached by shared caches.
constexpr const char* kContentSecurityPolicy =
    "default-src 'none'; connect-src 'self'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; "
    "img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

}  // namespace

void addConsoleRoutes(Router& router) {
  router.add("GET", "/console", Access::Public,
             [](const ApiRequest&) { return staticPage(console::consolePage(), kContentSecurityPolicy); });
}

}  // namespace sb::http
