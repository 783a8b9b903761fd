// The webhook plugin's configuration (schema in webhook.cpp): the checks the types
// cannot express.
#pragma once

#include <switchboard/plugin.hpp>

#include <chrono>
#include <string>
#include <utility>
#include <vector>

namespace webhook {

struct Settings {
  std::string url;
  std::string secret;
  std::string signature_header;
  std::chrono::milliseconds timeout{0};
  std::vector<std::pair<std::string, std::string>> headers;  // extra headers, in config order
};

// The header naming the notification, so receivers can de-duplicate retries.
inline constexpr const char* kNotificationIdHeader = "X-Switchboard-Notification-Id";

// Reads and checks the config; throws switchboard::InvalidConfig saying what to fix.
Settings readSettings(const switchboard::Config& config);

}  // namespace webhook
