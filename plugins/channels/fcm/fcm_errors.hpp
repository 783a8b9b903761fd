// fcm_errors: what an FCM HTTP v1 error response means for the host (retry, fail over,
// fail the delivery, remove the device token), and Retry-After.
#pragma once

#include <switchboard/plugin.hpp>

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

namespace fcm {

// A Google API error body: {"error":{"code","message","status","details":[...]}}.
struct GoogleError {
  bool parsed = false;     // the body was such a JSON error
  std::string status;      // "NOT_FOUND", "INVALID_ARGUMENT", ...
  std::string message;
  std::string error_code;  // FCM's own code from the FcmError detail: "UNREGISTERED", ...
};

GoogleError parseGoogleError(std::string_view body);

// zero when absent or unreadable.
std::chrono::milliseconds retryAfter(std::string_view header, int64_t now_ms);

// Throws the exception the host should see for a non-200 answer of messages:send.
[[noreturn]] void throwSendFailure(const switchboard::HttpResponse& response, int64_t now_ms);

}  // namespace fcm
