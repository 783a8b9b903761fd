// HttpClientService: the host's HTTP(S) client offered to plugins (switchboard.http/1),
// with connect/io timeouts, an overall deadline that also bounds the TLS handshake (Poco's
// HTTPSClientSession ignores timeouts there), and certificate verification.
#pragma once

#include <switchboard/plugin.h>

#include <chrono>
#include <string>

namespace sb::plugin {

struct HttpClientDefaults {
  std::chrono::milliseconds connect_timeout{5000};
  std::chrono::milliseconds io_timeout{10000};
  std::chrono::milliseconds deadline{30000};
  // server.public_url; instances get "<public_url>/webhooks/<instance>" as their webhook URL.
  std::string public_url;
};

// Performs one request; the signature of sb_http_service::request minus the context.
sb_status performHttpRequest(const HttpClientDefaults& defaults, sb_call* call, const sb_http_request* request,
                             const sb_http_response_out* response);

// Called once at start: TLS client setup that rejects invalid certificates instead of
// prompting on stdin (Poco's default handler), trusting the system's CAs plus `caFile`.
void initializeTlsClient(const std::string& caFile = "");

}  // namespace sb::plugin
