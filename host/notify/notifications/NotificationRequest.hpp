// NotificationRequest: a validated request to notify one user (what the transport parsed).
#pragma once

#include "notify/notifications/Notification.hpp"

#include <Poco/JSON/Object.h>

#include <optional>
#include <string>
#include <vector>

namespace sb::notify {

// Content given inline instead of a template; the same for every channel.
struct InlineContent {
  std::string subject;
  std::string text;
  std::string html;
  std::string data_json;
};

struct NotificationRequest {
  std::string user_id;
  std::string template_key;          // empty when `content` is given
  std::optional<int> template_version;
  Poco::JSON::Object::Ptr data;      // template variables (may be null)
  std::optional<InlineContent> content;
  std::vector<std::string> channels; // empty: every routed channel the user can be reached on
  std::string category;
  Priority priority = Priority::Normal;
  std::optional<int64_t> send_at;    // Unix ms; absent = now
  std::optional<int64_t> expires_at; // Unix ms
  std::string locale;                // overrides the user's locale
};

// What accepting one notification produced, for the 202 body.
struct DeliverySummary {
  std::string channel;
  DeliveryStatus status = DeliveryStatus::Queued;
  std::string reason;  // skipped: opted_out, no_address, no_provider, capped; queued: quiet_hours, capped
  int64_t due_at = 0;
};

struct AcceptResult {
  std::string id;
  bool duplicate = false;  // an Idempotency-Key replay: nothing new was created
  std::vector<DeliverySummary> deliveries;
};

}  // namespace sb::notify
