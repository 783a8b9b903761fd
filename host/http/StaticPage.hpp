// StaticPage: the response for a page compiled into the binary (/console, /docs, /demo/...):
// HTML with its Content-Security-Policy and the headers every such page needs (no sniffing,
// no framing, no referrer carrying a URL, revalidated on every load so upgrades show).
#pragma once

#include "http/ApiRequest.hpp"

#include <string_view>

namespace sb::http {

ApiResponse staticPage(std::string_view html, const char* contentSecurityPolicy);

}  // namespace sb::http
