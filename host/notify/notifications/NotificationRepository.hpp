// NotificationRepository: the SQL of accepting, reading, listing, cancelling and retrying
// notifications. Accepting is one transaction: notification, deliveries and idempotency
// record are durable together before the caller answers 202.
#pragma once

#include "notify/notifications/Notification.hpp"

#include <optional>
#include <string>
#include <vector>

namespace sb::store { class Database; }

namespace sb::notify {

struct IdempotencyRecord {
  std::string request_hash;
  std::string notification_id;
};

struct NotificationFilter {
  std::optional<std::string> user_id;
  std::optional<DeliveryStatus> status;  // notifications with at least one delivery in it
  std::optional<int64_t> since;          // created_at >= since (Unix ms)
  std::optional<std::string> cursor;     // the last id of the previous page
  int limit = 50;
};

class NotificationRepository {
 public:
  explicit NotificationRepository(store::Database& db) : db_(db) {}

  // Inserts every notification with its deliveries and idempotency record in ONE
  // transaction. Throws store::StoreConflict when an idempotency key was taken meanwhile.
  void insertAccepted(const std::vector<NewNotification>& notifications);

  std::optional<IdempotencyRecord> findIdempotency(const std::string& tenant, const std::string& key);
  std::optional<NotificationView> find(const std::string& tenant, const std::string& id, bool withAttempts);
  // Newest first; deliveries included (attempt logs not).
  std::vector<NotificationView> list(const std::string& tenant, const NotificationFilter& filter);

  // Queued deliveries -> cancelled. Returns how many; -1 when the notification is unknown.
  int cancel(const std::string& tenant, const std::string& id, int64_t now);
  // Failed or dead deliveries -> queued, due now, attempts reset. Returns how many; -1 unknown.
  int retry(const std::string& tenant, const std::string& id, int64_t now);

  // Deliveries of one user and channel (scope "user") or of the whole tenant (user empty)
  // created since `since`, excluding skipped and cancelled ones; and the oldest such
  // creation time (when the window frees a slot).
  struct WindowCount {
    int64_t count = 0;
    std::optional<int64_t> oldest;
  };
  WindowCount countInWindow(const std::string& tenant, const std::string& user, const std::string& channel,
                            int64_t since);

 private:
  store::Database& db_;
};

}  // namespace sb::notify
