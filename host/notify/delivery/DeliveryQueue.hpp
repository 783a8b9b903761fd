// DeliveryQueue: the deliveries table seen as a durable work queue. Workers claim due rows
// with a lease (locked_until): a worker that dies loses its claims when the lease runs out
// and another takes them. On PostgreSQL the claim uses FOR UPDATE SKIP LOCKED, so several
// instances share one queue; on SQLite one writer at a time makes it safe for one instance.
#pragma once

#include "notify/notifications/Notification.hpp"

#include <optional>
#include <string>
#include <vector>

namespace sb::store { class Database; }

namespace sb::notify {

struct ClaimedDelivery {
  std::string id;
  std::string tenant_id;
  std::string notification_id;
  std::string user_id;
  std::string channel;
  std::string recipient;
  DeliveryContent content;
  Priority priority = Priority::Normal;
  std::string category;
  int attempts = 0;  // rounds including this one
  std::optional<int64_t> expires_at;
};

struct AttemptRecord {
  std::string delivery_id;
  std::string tenant_id;
  int attempt = 0;
  std::string provider;
  int64_t started_at = 0;
  double latency_ms = 0;
  std::string result;
  std::string error;
};

// The result of one round of a delivery: attempts made, and where the delivery goes next.
struct DeliveryOutcome {
  enum class Kind { Sent, Final, Reschedule };
  std::string delivery_id;
  Kind kind = Kind::Sent;
  DeliveryStatus status = DeliveryStatus::Sent;  // Final: failed | dead | cancelled
  std::string reason;
  std::string error;
  std::string provider;
  std::string provider_message_id;
  int64_t due_at = 0;          // Reschedule
  bool count_attempt = true;   // Reschedule: false gives the round back (no provider was tried)
  std::vector<AttemptRecord> attempts;
};

class DeliveryQueue {
 public:
  explicit DeliveryQueue(store::Database& db) : db_(db) {}

  // Claims up to `limit` due deliveries (queued and due, or sending with an expired lease),
  // urgent first, and leases them to `worker` until `leaseUntil`. Increments attempts.
  std::vector<ClaimedDelivery> claim(const std::string& worker, int limit, int64_t now, int64_t leaseUntil);
  // The earliest due_at of queued deliveries, to sleep exactly until then.
  std::optional<int64_t> nextDueAt();

  // Writes what workers found out, many deliveries in ONE transaction (group commit: one
  // fsync for a batch instead of one per delivery). Each outcome clears its lease.
  void apply(const std::vector<DeliveryOutcome>& outcomes, int64_t now);

  // A provider's receipt (webhook): sets delivered / failed on the delivery that provider
  // sent with that message id. Returns false when none matches.
  bool applyReceipt(const std::string& provider, const std::string& providerMessageId, DeliveryStatus status,
                    const std::string& error, int64_t now);


 private:
  store::Database& db_;
};

}  // namespace sb::notify
