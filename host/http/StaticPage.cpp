#include "http/StaticPage.hpp"

namespace sb::http {

ApiResponse staticPage(std::string_view html, const char* contentSecurityPolicy) {
  auto response = ApiResponse::text(200, std::string(html), "text/html; charset=utf-8");
  response.headers.emplace_back("Content-Security-Policy", contentSecurityPolicy);
  response.headers.emplace_back("X-Content-Type-Options", "nosniff");
  response.headers.emplace_back("X-Frame-Options", "DENY");
  response.headers.emplace_back("Referrer-Policy", "no-referrer");
  response.headers.emplace_back("Cache-Control", "no-cache");
  return response;
}

}  // namespace sb::http
