#include "notify/inbox/InboxService.hpp"

#include "core/Clock.hpp"
#include "core/Error.hpp"
#include "notify/inbox/InboxRepository.hpp"

#include <Poco/JSON/Object.h>

#include <charconv>

namespace sb::notify {
namespace {

constexpr int kMaxPage = 200;

std::optional<int64_t> parseCursor(const std::string& cursor) {
  if (cursor.empty()) return std::nullopt;
  int64_t seq = 0;
  auto [end, ec] = std::from_chars(cursor.data(), cursor.data() + cursor.size(), seq);
  if (ec != std::errc() || end != cursor.data() + cursor.size() || seq <= 0) {
    Poco::JSON::Object::Ptr details = new Poco::JSON::Object;
    details->set("field", "cursor");
    throw unprocessable("cursor is not one this server returned", details);
  }
  return seq;
}

}  // namespace

InboxService::InboxService(InboxRepository& repository) : repository_(repository) {}

InboxPage InboxService::list(const std::string& tenant, const std::string& user, const InboxListRequest& request) {
  if (request.limit < 1 || request.limit > kMaxPage) {
    Poco::JSON::Object::Ptr details = new Poco::JSON::Object;
    details->set("field", "limit");
    throw unprocessable("limit must be between 1 and " + std::to_string(kMaxPage), details);
  }
  InboxQuery query;
  query.unread_only = request.unread_only;
  query.archived = request.archived;
  query.before_seq = parseCursor(request.cursor);
  query.limit = request.limit + 1;  // one more tells whether there is a next page
  InboxPage page;
  page.items = repository_.list(tenant, user, query);
  if (static_cast<int>(page.items.size()) > request.limit) {
    page.items.pop_back();
    page.next_cursor = std::to_string(page.items.back().seq);
  }
  return page;
}

int64_t InboxService::unreadCount(const std::string& tenant, const std::string& user) {
  return repository_.unreadCount(tenant, user);
}

std::map<std::string, int64_t> InboxService::unreadCounts(const std::string& tenant,
                                                          const std::vector<std::string>& users) {
  return repository_.unreadCounts(tenant, users);
}

ReadResult InboxService::markRead(const std::string& tenant, const std::string& user,
                                  const std::vector<std::string>& ids) {
  ReadResult r;
  r.updated = repository_.markRead(tenant, user, ids, nowUnixMs());
  if (r.updated > 0)
    if (auto* events = events_.load()) events->changed(tenant, user);
  r.unread = repository_.unreadCount(tenant, user);
  return r;
}

ReadResult InboxService::markAllRead(const std::string& tenant, const std::string& user) {
  ReadResult r;
  r.updated = repository_.markAllRead(tenant, user, nowUnixMs());
  if (r.updated > 0)
    if (auto* events = events_.load()) events->changed(tenant, user);
  r.unread = repository_.unreadCount(tenant, user);
  return r;
}

void InboxService::archive(const std::string& tenant, const std::string& user, const std::string& notificationId) {
  auto result = repository_.archive(tenant, user, notificationId, nowUnixMs());
  if (result == InboxRepository::ArchiveResult::NotFound) throw notFound("inbox item " + notificationId);
  if (result == InboxRepository::ArchiveResult::Archived)
    if (auto* events = events_.load()) events->changed(tenant, user);
}

std::vector<InboxItem> InboxService::replay(const std::string& tenant, const std::string& user,
                                            const std::string& sinceId, int limit) {
  return repository_.replay(tenant, user, sinceId, limit);
}

void InboxService::markDelivered(const std::vector<InboxRef>& refs) { repository_.markDelivered(refs, nowUnixMs()); }

void InboxService::announce(const std::vector<InboxItem>& items) {
  if (items.empty()) return;
  if (auto* events = events_.load()) events->landed(items);
}

void InboxService::deliver(const InboxItem& item) {
  if (repository_.insertOnce(item)) announce({item});
}

InboxItem InboxService::itemFor(const std::string& tenant, const std::string& user, const std::string& notificationId,
                                const DeliveryContent& content, const std::string& category, int64_t createdAt) {
  InboxItem item;
  item.tenant_id = tenant;
  item.user_id = user;
  item.notification_id = notificationId;
  item.title = content.subject;
  item.body = content.text;
  item.data_json = content.data_json;
  item.category = category;
  item.created_at = createdAt;
  return item;
}

}  // namespace sb::notify
