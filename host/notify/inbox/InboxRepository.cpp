#include "notify/inbox/InboxRepository.hpp"

#include "store/Database.hpp"
#include "store/MultiRow.hpp"
#include "store/RowValues.hpp"
#include "store/StoreError.hpp"
#include "store/Transaction.hpp"

#include <Poco/Data/RecordSet.h>
#include <Poco/Data/Statement.h>
#include <Poco/Nullable.h>

#include <algorithm>

using namespace Poco::Data::Keywords;

namespace sb::notify {
namespace {

using Poco::Int64;
using store::integerOf;
using store::optionalIntegerOf;
using store::textOf;

constexpr const char* kColumns =
    "SELECT seq, tenant_id, user_id, notification_id, title, body, data, category, created_at, delivered_at, "
    "read_at, archived_at FROM inbox";
constexpr const char* kUnread = "read_at IS NULL AND archived_at IS NULL";

Poco::Nullable<std::string> nullableText(const std::string& v) {
  return v.empty() ? Poco::Nullable<std::string>() : Poco::Nullable<std::string>(v);
}

InboxItem itemFrom(Poco::Data::RecordSet& rs) {
  InboxItem i;
  i.seq = integerOf(rs, "seq");
  i.tenant_id = textOf(rs, "tenant_id");
  i.user_id = textOf(rs, "user_id");
  i.notification_id = textOf(rs, "notification_id");
  i.title = textOf(rs, "title");
  i.body = textOf(rs, "body");
  i.data_json = textOf(rs, "data");
  i.category = textOf(rs, "category");
  i.created_at = integerOf(rs, "created_at");
  i.delivered_at = optionalIntegerOf(rs, "delivered_at");
  i.read_at = optionalIntegerOf(rs, "read_at");
  i.archived_at = optionalIntegerOf(rs, "archived_at");
  return i;
}

std::vector<InboxItem> itemsFrom(Poco::Data::Statement& st) {
  Poco::Data::RecordSet rs(st);
  std::vector<InboxItem> out;
  for (bool more = rs.moveFirst(); more; more = rs.moveNext()) out.push_back(itemFrom(rs));
  return out;
}

constexpr const char* kInsert =
    "INSERT INTO inbox (tenant_id, user_id, notification_id, title, body, data, category, created_at) VALUES ";

}  // namespace

void InboxRepository::insert(store::Lease& lease, const std::vector<const InboxItem*>& items) {
  for (size_t at = 0; at < items.size(); at += store::kRowsPerStatement) {
    size_t count = std::min(store::kRowsPerStatement, items.size() - at);
    Poco::Data::Statement st(lease.session());
    st << lease.sql(kInsert + store::valuesPlaceholders(count, 8));
    for (size_t i = at; i < at + count; ++i) {
      const auto& item = *items[i];
      st, bind(item.tenant_id), bind(item.user_id), bind(item.notification_id), bind(item.title), bind(item.body),
          bind(nullableText(item.data_json)), bind(nullableText(item.category)), bind(static_cast<Int64>(item.created_at));
    }
    st.execute();
  }
}

bool InboxRepository::insertOnce(const InboxItem& item) {
  auto lease = db_.acquire();
  return store::translateErrors([&] {
    Poco::Data::Statement st(lease.session());
    st << lease.sql(kInsert + store::valuesPlaceholders(1, 8) + " ON CONFLICT DO NOTHING"), bind(item.tenant_id),
        bind(item.user_id), bind(item.notification_id), bind(item.title), bind(item.body),
        bind(nullableText(item.data_json)), bind(nullableText(item.category)), bind(static_cast<Int64>(item.created_at));
    return st.execute() > 0;
  });
}

std::vector<InboxItem> InboxRepository::list(const std::string& tenant, const std::string& user,
                                             const InboxQuery& query) {
  auto lease = db_.acquire();
  return store::translateErrors([&] {
    std::string sql = std::string(kColumns) + " WHERE tenant_id = ? AND user_id = ?";
    sql += query.archived ? " AND archived_at IS NOT NULL" : " AND archived_at IS NULL";
    if (query.unread_only) sql += " AND read_at IS NULL";
    if (query.before_seq) sql += " AND seq < ?";
    sql += " ORDER BY seq DESC LIMIT " + std::to_string(query.limit);
    Poco::Data::Statement st(lease.session());
    st << lease.sql(sql), bind(tenant), bind(user);
    if (query.before_seq) st, bind(static_cast<Int64>(*query.before_seq));
    st.execute();
    return itemsFrom(st);
  });
}

std::optional<InboxItem> InboxRepository::find(const std::string& tenant, const std::string& user,
                                               const std::string& notificationId) {
  auto lease = db_.acquire();
  return store::translateErrors([&]() -> std::optional<InboxItem> {
    Poco::Data::Statement st(lease.session());
    st << lease.sql(std::string(kColumns) + " WHERE tenant_id = ? AND user_id = ? AND notification_id = ?"),
        bind(tenant), bind(user), bind(notificationId);
    st.execute();
    auto items = itemsFrom(st);
    if (items.empty()) return std::nullopt;
    return items.front();
  });
}

int64_t InboxRepository::unreadCount(const std::string& tenant, const std::string& user) {
  auto lease = db_.acquire();
  return store::translateErrors([&] {
    Int64 count = 0;
    lease.session() << lease.sql(std::string("SELECT COUNT(*) FROM inbox WHERE tenant_id = ? AND user_id = ? AND ") +
                                 kUnread),
        bind(tenant), bind(user), into(count), now;
    return static_cast<int64_t>(count);
  });
}

std::map<std::string, int64_t> InboxRepository::unreadCounts(const std::string& tenant,
                                                             const std::vector<std::string>& users) {
  std::map<std::string, int64_t> counts;
  for (const auto& u : users) counts[u] = 0;
  if (users.empty()) return counts;
  auto lease = db_.acquire();
  store::translateErrors([&] {
    for (size_t at = 0; at < users.size(); at += store::kRowsPerStatement) {
      size_t n = std::min(store::kRowsPerStatement, users.size() - at);
      Poco::Data::Statement st(lease.session());
      st << lease.sql("SELECT user_id, COUNT(*) AS unread FROM inbox WHERE tenant_id = ? AND user_id IN (" +
                      store::listPlaceholders(n) + ") AND " + kUnread + " GROUP BY user_id"),
          bind(tenant);
      for (size_t i = at; i < at + n; ++i) st, bind(users[i]);
      st.execute();
      Poco::Data::RecordSet rs(st);
      for (bool more = rs.moveFirst(); more; more = rs.moveNext()) counts[textOf(rs, "user_id")] = integerOf(rs, "unread");
    }
  });
  return counts;
}

int InboxRepository::markRead(const std::string& tenant, const std::string& user, const std::vector<std::string>& ids,
                              int64_t atMs) {
  if (ids.empty()) return 0;
  auto lease = db_.acquire();
  return store::translateErrors([&] {
    Poco::Data::Statement st(lease.session());
    st << lease.sql("UPDATE inbox SET read_at = ? WHERE tenant_id = ? AND user_id = ? AND read_at IS NULL AND "
                    "notification_id IN (" + store::listPlaceholders(ids.size()) + ")"),
        bind(static_cast<Int64>(atMs)), bind(tenant), bind(user);
    for (const auto& id : ids) st, bind(id);
    return static_cast<int>(st.execute());
  });
}

int InboxRepository::markAllRead(const std::string& tenant, const std::string& user, int64_t atMs) {
  auto lease = db_.acquire();
  return store::translateErrors([&] {
    Poco::Data::Statement st(lease.session());
    st << lease.sql("UPDATE inbox SET read_at = ? WHERE tenant_id = ? AND user_id = ? AND read_at IS NULL "
                    "AND archived_at IS NULL"),
        bind(static_cast<Int64>(atMs)), bind(tenant), bind(user);
    return static_cast<int>(st.execute());
  });
}

InboxRepository::ArchiveResult InboxRepository::archive(const std::string& tenant, const std::string& user,
                                                        const std::string& id, int64_t atMs) {
  auto lease = db_.acquire();
  return store::translateErrors([&] {
    Poco::Data::Statement st(lease.session());
    st << lease.sql("UPDATE inbox SET archived_at = ? WHERE tenant_id = ? AND user_id = ? AND notification_id = ? "
                    "AND archived_at IS NULL"),
        bind(static_cast<Int64>(atMs)), bind(tenant), bind(user), bind(id);
    if (st.execute() > 0) return ArchiveResult::Archived;
    Int64 exists = 0;
    lease.session() << lease.sql("SELECT COUNT(*) FROM inbox WHERE tenant_id = ? AND user_id = ? AND notification_id = ?"),
        bind(tenant), bind(user), bind(id), into(exists), now;
    return exists > 0 ? ArchiveResult::AlreadyArchived : ArchiveResult::NotFound;
  });
}

void InboxRepository::markDelivered(const std::vector<InboxRef>& refs, int64_t atMs) {
  if (refs.empty()) return;
  // Grouped by tenant so each statement is one IN list.
  std::map<std::string, std::vector<std::string>> byTenant;
  for (const auto& r : refs) byTenant[r.tenant_id].push_back(r.notification_id);
  auto lease = db_.acquire();
  store::translateErrors([&] {
    store::Transaction tx(lease);
    for (const auto& [tenant, ids] : byTenant) {
      for (size_t at = 0; at < ids.size(); at += store::kRowsPerStatement) {
        size_t n = std::min(store::kRowsPerStatement, ids.size() - at);
        Poco::Data::Statement inbox(lease.session());
        inbox << lease.sql("UPDATE inbox SET delivered_at = ? WHERE tenant_id = ? AND delivered_at IS NULL AND "
                           "notification_id IN (" + store::listPlaceholders(n) + ")"),
            bind(static_cast<Int64>(atMs)), bind(tenant);
        for (size_t i = at; i < at + n; ++i) inbox, bind(ids[i]);
        inbox.execute();
        Poco::Data::Statement deliveries(lease.session());
        deliveries << lease.sql("UPDATE deliveries SET status = 'delivered', updated_at = ? WHERE tenant_id = ? AND "
                                "channel = 'inapp' AND status = 'sent' AND notification_id IN (" + store::listPlaceholders(n) + ")"),
            bind(static_cast<Int64>(atMs)), bind(tenant);
        for (size_t i = at; i < at + n; ++i) deliveries, bind(ids[i]);
        deliveries.execute();
      }
    }
    tx.commit();
  });
}

std::vector<InboxItem> InboxRepository::replay(const std::string& tenant, const std::string& user,
                                               const std::string& sinceId, int limit) {
  auto lease = db_.acquire();
  return store::translateErrors([&] {
    std::optional<Int64> sinceSeq;
    if (!sinceId.empty()) {
      Poco::Nullable<Int64> seq;
      lease.session() << lease.sql("SELECT MAX(seq) FROM inbox WHERE tenant_id = ? AND user_id = ? AND notification_id = ?"),
          bind(tenant), bind(user), bind(sinceId), into(seq), now;
      if (!seq.isNull()) sinceSeq = seq.value();
    }
    std::string sql = std::string(kColumns) + " WHERE tenant_id = ? AND user_id = ? AND " + kUnread;
    if (sinceSeq) sql += " AND (seq > ? OR (delivered_at IS NULL AND seq <> ?))";
    sql += " ORDER BY seq DESC LIMIT " + std::to_string(limit);
    Poco::Data::Statement st(lease.session());
    st << lease.sql(sql), bind(tenant), bind(user);
    if (sinceSeq) st, bind(*sinceSeq), bind(*sinceSeq);
    st.execute();
    auto items = itemsFrom(st);
    std::reverse(items.begin(), items.end());
    return items;
  });
}

}  // namespace sb::notify
