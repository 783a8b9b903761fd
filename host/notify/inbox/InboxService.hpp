// InboxService: the rules of the in-app inbox — listing, counting, reading, archiving —
// and the announcements that keep live sockets in step (through InboxEvents).
#pragma once

#include "notify/inbox/InboxEvents.hpp"
#include "notify/inbox/InboxItem.hpp"
#include "notify/notifications/Notification.hpp"

#include <atomic>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace sb::notify {

class InboxRepository;

struct InboxListRequest {
  bool unread_only = false;
  bool archived = false;
  std::string cursor;  // next_cursor of the previous page
  int limit = 50;      // 1..200
};

struct InboxPage {
  std::vector<InboxItem> items;
  std::optional<std::string> next_cursor;
};

struct ReadResult {
  int updated = 0;
  int64_t unread = 0;
};

class InboxService {
 public:
  explicit InboxService(InboxRepository& repository);

  // The transport that announces changes; set once at start-up (before traffic).
  void setEvents(InboxEvents* events) { events_.store(events); }

  InboxPage list(const std::string& tenant, const std::string& user, const InboxListRequest& request);
  int64_t unreadCount(const std::string& tenant, const std::string& user);
  std::map<std::string, int64_t> unreadCounts(const std::string& tenant, const std::vector<std::string>& users);
  ReadResult markRead(const std::string& tenant, const std::string& user, const std::vector<std::string>& ids);
  ReadResult markAllRead(const std::string& tenant, const std::string& user);
  // Throws NotFound for an item that is not in this user's inbox.
  void archive(const std::string& tenant, const std::string& user, const std::string& notificationId);

  // For live sockets: what a (re)connecting client missed, and the first push of items.
  std::vector<InboxItem> replay(const std::string& tenant, const std::string& user, const std::string& sinceId,
                                int limit);
  void markDelivered(const std::vector<InboxRef>& refs);

  // Items committed with their notification (the accept transaction): tell the sockets.
  void announce(const std::vector<InboxItem>& items);
  // The in-app channel of a queued delivery (scheduled, capped or retried): stores the
  // item unless it is there already, and announces it.
  void deliver(const InboxItem& item);

  // The inbox item an in-app delivery of `n` with `content` becomes.
  static InboxItem itemFor(const std::string& tenant, const std::string& user, const std::string& notificationId,
                           const DeliveryContent& content, const std::string& category, int64_t createdAt);

 private:
  InboxRepository& repository_;
  std::atomic<InboxEvents*> events_{nullptr};
};

}  // namespace sb::notify
