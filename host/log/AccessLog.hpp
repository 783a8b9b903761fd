// AccessLog: the one line written per HTTP request (method, path, status, duration, request id).
#pragma once

#include <string>
#include <string_view>

namespace sb::log {

struct AccessRecord {
  std::string_view method;
  std::string_view path;   // already stripped of secrets (see redactQuery)
  int status = 0;
  double duration_ms = 0;
  std::string_view request_id;
  std::string_view remote;
  std::string_view principal;  // key id or user, never the credential itself
};

void logAccess(const AccessRecord& record);

// Path plus query with the values of credential-bearing parameters (token, access_token,
// api_key, key, jwt, password, secret, signature) replaced by "***".
std::string redactQuery(std::string_view pathAndQuery);

}  // namespace sb::log
