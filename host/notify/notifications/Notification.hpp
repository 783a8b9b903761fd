// Notification: the domain types of an accepted notification and its deliveries (one per
// channel and address) — what the service, the queue and the API share.
#pragma once

#include "notify/inbox/InboxItem.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace sb::notify {

enum class Priority { Urgent = 0, High = 1, Normal = 2, Low = 3 };
std::optional<Priority> parsePriority(const std::string& text);
const char* priorityName(Priority priority);

// queued -> sending -> sent -> delivered (provider receipt), or failed / dead; skipped and
// cancelled never reach a provider.
// In-app deliveries are sent once stored in the inbox and delivered once pushed to a live socket.
enum class DeliveryStatus { Queued, Sending, Sent, Delivered, Failed, Dead, Skipped, Cancelled };
const char* statusName(DeliveryStatus status);
std::optional<DeliveryStatus> parseDeliveryStatus(const std::string& text);

// What a delivery sends: the rendered message for its channel.
struct DeliveryContent {
  std::string subject;    // email subject, push / in-app title
  std::string text;       // email text, SMS body, push / in-app body
  std::string html;       // email HTML
  std::string data_json;  // push data, webhook payload extras
  std::string locale;
};

struct NewDelivery {
  std::string id;
  std::string channel;
  std::string recipient;  // address: email, phone, device token, user id
  DeliveryContent content;
  DeliveryStatus status = DeliveryStatus::Queued;  // Queued or Skipped
  std::string reason;                               // why skipped or delayed
  int64_t due_at = 0;
  std::string provider;                             // set when accepted already sent (in-app)
};

struct NewNotification {
  std::string tenant_id;
  std::string id;
  std::string user_id;
  std::string template_key;  // empty for inline content
  int template_version = 0;
  std::string category;
  Priority priority = Priority::Normal;
  std::string data_json;
  int64_t send_at = 0;
  std::optional<int64_t> expires_at;
  std::string idempotency_key;
  std::string request_hash;
  int64_t created_at = 0;
  std::vector<NewDelivery> deliveries;
  // The in-app delivery that is due at once lands in the inbox in the accept transaction.
  std::optional<InboxItem> inbox;
};

struct AttemptView {
  int attempt = 0;
  std::string provider;
  int64_t started_at = 0;
  double latency_ms = 0;
  std::string result;  // ok | retry | permanent | internal | unsupported
  std::string error;
};

struct DeliveryView {
  std::string id;
  std::string channel;
  std::string recipient;
  DeliveryStatus status = DeliveryStatus::Queued;
  std::string reason;
  int attempts = 0;
  int64_t due_at = 0;
  std::string provider;
  std::string provider_message_id;
  std::string last_error;
  int64_t updated_at = 0;
  std::vector<AttemptView> attempt_log;
};

struct NotificationView {
  std::string tenant_id;
  std::string id;
  std::string user_id;
  std::string template_key;
  int template_version = 0;
  std::string category;
  Priority priority = Priority::Normal;
  int64_t send_at = 0;
  std::optional<int64_t> expires_at;
  bool cancelled = false;
  int64_t created_at = 0;
  std::vector<DeliveryView> deliveries;

  // One word for the whole: pending, sent, delivered, failed, dead, skipped, cancelled.
  std::string overallStatus() const;
};

// Time-ordered ids ("ntf_" + 12 hex ms + 12 random hex): newest-first keyset pagination
// needs nothing but the id.
std::string newNotificationId(int64_t nowMs);
std::string newDeliveryId();

}  // namespace sb::notify
