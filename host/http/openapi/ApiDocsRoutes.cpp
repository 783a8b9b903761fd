#include "http/openapi/ApiDocsRoutes.hpp"

#include "http/StaticPage.hpp"
#include "http/openapi/ApiDocsFiles.hpp"
#include "http/openapi/OpenApiDocument.hpp"

#include <memory>

namespace sb::http {
namespace {

// The page's own inline script and style, and fetches to this origin; nothing else, so it
// works offline and cannot leak the key it is given.
constexpr const char* kContentSecurityPolicy =
    "default-src 'none'; connect-src 'self'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; "
    "img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

}  // namespace

void addApiDocsRoutes(Router& router) {
  auto document = std::make_shared<const std::string>(openapi::openApiJson());
  router.add("GET", "/api/v1/openapi.json", Access::Any, [document](const ApiRequest&) {
    return ApiResponse::text(200, *document, "application/json");
  });
  router.add("GET", "/docs", Access::Public,
             [](const ApiRequest&) { return staticPage(openapi::docsPageHtml(), kContentSecurityPolicy); });
}

std::string_view accessName(Access access) {
  switch (access) {
    case Access::Public: return "public";
    case Access::Any: return "any";
    case Access::Key: return "key";
    case Access::Admin: return "admin";
  }
  return "unknown";
}

}  // namespace sb::http
