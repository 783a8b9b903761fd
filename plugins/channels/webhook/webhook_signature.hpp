// The signature a receiver checks, Stripe-style:
//   X-Switchboard-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>
// Signing the timestamp with the body lets receivers refuse replays of an old request
// (compare t with their clock), which a signature of the body alone cannot.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace webhook {

// Lower-case hex of HMAC-SHA256(key, message).
std::string hmacSha256Hex(std::string_view key, std::string_view message);

// "t=<unix_seconds>,v1=<hmacSha256Hex(secret, "<unix_seconds>.<body>")>"
std::string signatureHeaderValue(std::string_view secret, int64_t unix_seconds, std::string_view body);

}  // namespace webhook
