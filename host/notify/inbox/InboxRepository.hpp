// InboxRepository: the SQL of the in-app inbox. Every query names the tenant and the user:
// one user's inbox is never reachable from another's.
#pragma once

#include "notify/inbox/InboxItem.hpp"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace sb::store {
class Database;
class Lease;
}  // namespace sb::store

namespace sb::notify {

struct InboxQuery {
  bool unread_only = false;
  bool archived = false;               // false: the inbox; true: the archive
  std::optional<int64_t> before_seq;   // keyset cursor: items older than this
  int limit = 50;
};

class InboxRepository {
 public:
  explicit InboxRepository(store::Database& db) : db_(db) {}

  // Inside the caller's transaction (accepting notifications): multi-row INSERTs.
  static void insert(store::Lease& lease, const std::vector<const InboxItem*>& items);
  // Its own transaction; an item already there (a redelivered queue row) is left alone.
  // Returns whether it was new.
  bool insertOnce(const InboxItem& item);

  // Newest first.
  std::vector<InboxItem> list(const std::string& tenant, const std::string& user, const InboxQuery& query);
  std::optional<InboxItem> find(const std::string& tenant, const std::string& user, const std::string& notificationId);
  int64_t unreadCount(const std::string& tenant, const std::string& user);
  // Users without unread items are present with 0.
  std::map<std::string, int64_t> unreadCounts(const std::string& tenant, const std::vector<std::string>& users);

  // Returns how many items went from unread to read.
  int markRead(const std::string& tenant, const std::string& user, const std::vector<std::string>& ids, int64_t now);
  int markAllRead(const std::string& tenant, const std::string& user, int64_t now);
  enum class ArchiveResult { Archived, AlreadyArchived, NotFound };
  ArchiveResult archive(const std::string& tenant, const std::string& user, const std::string& id, int64_t now);

  // First push to a live socket: the item's delivered_at and its in-app delivery row
  // (sent -> delivered), for many items in one transaction.
  void markDelivered(const std::vector<InboxRef>& refs, int64_t now);

  // What a (re)connecting socket has not seen: unread items after `sinceId`, plus unread
  // items never pushed anywhere (committed out of order while the client was away), oldest
  // first, at most `limit` (the newest ones when there are more). An unknown or empty
  // `sinceId` means every unread item.
  std::vector<InboxItem> replay(const std::string& tenant, const std::string& user, const std::string& sinceId,
                                int limit);

 private:
  store::Database& db_;
};

}  // namespace sb::notify
