// QueueReport: what the admin console shows of the delivery queue — how many deliveries
// wait (by channel and status), how long the oldest due one has waited, and the deliveries
// that failed recently.
#pragma once

#include "notify/notifications/Notification.hpp"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace sb::notify {

// Deliveries of one channel in one unfinished status (queued, sending, failed, dead).
struct QueueCount {
  std::string channel;
  DeliveryStatus status = DeliveryStatus::Queued;
  int64_t count = 0;
  int64_t due = 0;                     // of those, due_at <= the report's time
  std::optional<int64_t> oldest_due_at;  // the earliest due_at among the due ones
};

struct QueueDepth {
  bool all_tenants = false;  // the operator's view; otherwise the caller's tenant only
  int64_t as_of = 0;         // Unix ms
  std::vector<QueueCount> counts;
  std::map<std::string, std::string> breakers;  // provider -> closed | open | half_open (this instance)

  // Deliveries waiting to be sent: queued (due or scheduled) plus sending.
  int64_t waiting() const;
  // Queued and due now: the backlog workers have not reached yet.
  int64_t dueNow() const;
  // How long the oldest queued-and-due delivery has waited (ms); none when nothing is due.
  std::optional<int64_t> oldestDueAgeMs() const;
};

// A delivery that failed: for good (failed, dead) or for now (queued again with an error).
struct FailingDelivery {
  std::string id;
  std::string notification_id;
  std::string user_id;
  std::string channel;
  std::string recipient;
  DeliveryStatus status = DeliveryStatus::Failed;
  std::string reason;
  int attempts = 0;
  std::string provider;
  std::string last_error;
  int64_t due_at = 0;
  int64_t updated_at = 0;
};

}  // namespace sb::notify
