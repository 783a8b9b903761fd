// Retry-After (RFC 9110 §10.2.3): delay-seconds or an HTTP-date.
#pragma once

#include <chrono>
#include <cstdint>
#include <string_view>

namespace webhook {

// The wait the header asks for, measured from `now_unix_ms`; zero when the header is
// absent, unparsable or in the past (the host then applies its own backoff). Capped at
// one day so that a bogus value cannot park a message forever.
std::chrono::milliseconds parseRetryAfter(std::string_view header, int64_t now_unix_ms);

}  // namespace webhook
