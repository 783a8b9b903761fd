// token_endpoint: trades a signed JWT assertion for an OAuth2 access token at Google's
// token endpoint (grant type urn:ietf:params:oauth:grant-type:jwt-bearer).
#pragma once

#include <switchboard/plugin.hpp>

#include <chrono>
#include <cstdint>
#include <string>

namespace fcm {

struct AccessToken {
  std::string value;
  std::chrono::seconds lifetime{0};  // expires_in as granted
};

// Throws Retry for 429/5xx and unreachable endpoints (honouring Retry-After), Permanent
// (provider side) for anything else, e.g. 400 invalid_grant: the key was revoked, the
// clock is off, or the assertion is malformed.
AccessToken exchangeAssertion(const switchboard::HttpClient& http, const std::string& token_uri,
                              const std::string& assertion, std::chrono::milliseconds timeout, int64_t now_ms);

}  // namespace fcm
