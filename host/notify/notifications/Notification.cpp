#include "notify/notifications/Notification.hpp"

#include "core/Random.hpp"

#include <algorithm>
#include <cstdio>

namespace sb::notify {

std::optional<Priority> parsePriority(const std::string& text) {
  if (text == "urgent") return Priority::Urgent;
  if (text == "high") return Priority::High;
  if (text == "normal") return Priority::Normal;
  if (text == "low") return Priority::Low;
  return std::nullopt;
}

const char* priorityName(Priority p) {
  switch (p) {
    case Priority::Urgent: return "urgent";
    case Priority::High: return "high";
    case Priority::Normal: return "normal";
    case Priority::Low: return "low";
  }
  return "normal";
}

const char* statusName(DeliveryStatus s) {
  switch (s) {
    case DeliveryStatus::Queued: return "queued";
    case DeliveryStatus::Sending: return "sending";
    case DeliveryStatus::Sent: return "sent";
    case DeliveryStatus::Delivered: return "delivered";
    case DeliveryStatus::Failed: return "failed";
    case DeliveryStatus::Dead: return "dead";
    case DeliveryStatus::Skipped: return "skipped";
    case DeliveryStatus::Cancelled: return "cancelled";
  }
  return "queued";
}

std::optional<DeliveryStatus> parseDeliveryStatus(const std::string& text) {
  for (auto s : {DeliveryStatus::Queued, DeliveryStatus::Sending, DeliveryStatus::Sent, DeliveryStatus::Delivered,
                 DeliveryStatus::Failed, DeliveryStatus::Dead, DeliveryStatus::Skipped, DeliveryStatus::Cancelled})
    if (text == statusName(s)) return s;
  return std::nullopt;
}

std::string NotificationView::overallStatus() const {
  auto any = [&](DeliveryStatus s) {
    return std::any_of(deliveries.begin(), deliveries.end(), [&](const DeliveryView& d) { return d.status == s; });
  };
  auto all = [&](DeliveryStatus s) {
    return !deliveries.empty() &&
           std::all_of(deliveries.begin(), deliveries.end(), [&](const DeliveryView& d) { return d.status == s; });
  };
  if (any(DeliveryStatus::Queued) || any(DeliveryStatus::Sending)) return "pending";
  if (cancelled && any(DeliveryStatus::Cancelled)) return "cancelled";
  if (deliveries.empty() || all(DeliveryStatus::Skipped)) return "skipped";
  if (all(DeliveryStatus::Delivered)) return "delivered";
  if (any(DeliveryStatus::Sent) || any(DeliveryStatus::Delivered)) return "sent";
  if (any(DeliveryStatus::Dead)) return "dead";
  return "failed";
}

std::string newNotificationId(int64_t nowMs) {
  char time[16];
  std::snprintf(time, sizeof time, "%012llx", static_cast<unsigned long long>(nowMs));
  return "ntf_" + std::string(time) + randomHexId(12);
}

std::string newDeliveryId() { return "dlv_" + randomHexId(24); }

}  // namespace sb::notify
