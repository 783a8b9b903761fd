#include "notify/notifications/NotificationRepository.hpp"

#include "notify/inbox/InboxRepository.hpp"
#include "notify/notifications/DeliveryContentJson.hpp"
#include "store/Database.hpp"
#include "store/RowValues.hpp"
#include "store/MultiRow.hpp"
#include "store/Transaction.hpp"

#include <Poco/Data/RecordSet.h>
#include <Poco/Data/Statement.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Nullable.h>

#include <algorithm>
#include <map>
#include <sstream>

using namespace Poco::Data::Keywords;

namespace sb::notify {
namespace {

using Poco::Int64;

Poco::Nullable<Int64> nullable(const std::optional<int64_t>& v) {
  return v ? Poco::Nullable<Int64>(static_cast<Int64>(*v)) : Poco::Nullable<Int64>();
}
Poco::Nullable<std::string> nullableText(const std::string& v) {
  return v.empty() ? Poco::Nullable<std::string>() : Poco::Nullable<std::string>(v);
}

using store::integerOf;
using store::optionalIntegerOf;
using store::textOf;

NotificationView notificationFrom(Poco::Data::RecordSet& rs) {
  NotificationView n;
  n.tenant_id = textOf(rs, "tenant_id");
  n.id = textOf(rs, "id");
  n.user_id = textOf(rs, "user_id");
  n.template_key = textOf(rs, "template_key");
  n.template_version = static_cast<int>(integerOf(rs, "template_version"));
  n.category = textOf(rs, "category");
  n.priority = parsePriority(textOf(rs, "priority")).value_or(Priority::Normal);
  n.send_at = integerOf(rs, "send_at");
  n.expires_at = optionalIntegerOf(rs, "expires_at");
  n.cancelled = integerOf(rs, "cancelled") != 0;
  n.created_at = integerOf(rs, "created_at");
  return n;
}

DeliveryView deliveryFrom(Poco::Data::RecordSet& rs) {
  DeliveryView d;
  d.id = textOf(rs, "id");
  d.channel = textOf(rs, "channel");
  d.recipient = textOf(rs, "recipient");
  d.status = parseDeliveryStatus(textOf(rs, "status")).value_or(DeliveryStatus::Queued);
  d.reason = textOf(rs, "reason");
  d.attempts = static_cast<int>(integerOf(rs, "attempts"));
  d.due_at = integerOf(rs, "due_at");
  d.provider = textOf(rs, "provider_instance");
  d.provider_message_id = textOf(rs, "provider_message_id");
  d.last_error = textOf(rs, "last_error");
  d.updated_at = integerOf(rs, "updated_at");
  return d;
}

constexpr const char* kNotificationColumns =
    "SELECT tenant_id, id, user_id, template_key, template_version, category, priority, send_at, expires_at, "
    "cancelled, created_at FROM notifications";
constexpr const char* kDeliveryColumns =
    "SELECT notification_id, id, channel, recipient, status, reason, attempts, due_at, provider_instance, "
    "provider_message_id, last_error, updated_at FROM deliveries";

// Attaches the deliveries of `views` (one query for the whole page).
void loadDeliveries(store::Database& db, store::Lease& lease, const std::string& tenant,
                    std::vector<NotificationView>& views) {
  if (views.empty()) return;
  std::vector<std::string> ids;
  for (const auto& v : views) ids.push_back(v.id);
  const std::string in = store::listPlaceholders(ids.size());
  Poco::Data::Statement st(lease.session());
  std::string t = tenant;
  st << db.sql(std::string(kDeliveryColumns) + " WHERE tenant_id = ? AND notification_id IN (" + in +
               ") ORDER BY created_at, id"),
      use(t);
  for (auto& id : ids) st, use(id);
  st.execute();
  Poco::Data::RecordSet rs(st);
  std::map<std::string, NotificationView*> byId;
  for (auto& v : views) byId[v.id] = &v;
  for (bool more = rs.moveFirst(); more; more = rs.moveNext()) {
    auto it = byId.find(textOf(rs, "notification_id"));
    if (it != byId.end()) it->second->deliveries.push_back(deliveryFrom(rs));
  }
}

void loadAttempts(store::Database& db, store::Lease& lease, const std::string& tenant, NotificationView& view) {
  for (auto& d : view.deliveries) {
    Poco::Data::Statement st(lease.session());
    std::string t = tenant, id = d.id;
    st << db.sql("SELECT attempt, provider_instance, started_at, latency_ms, result, error FROM delivery_attempts "
                 "WHERE tenant_id = ? AND delivery_id = ? ORDER BY id"),
        use(t), use(id), now;
    Poco::Data::RecordSet rs(st);
    for (bool more = rs.moveFirst(); more; more = rs.moveNext()) {
      AttemptView a;
      a.attempt = static_cast<int>(integerOf(rs, "attempt"));
      a.provider = textOf(rs, "provider_instance");
      a.started_at = integerOf(rs, "started_at");
      a.latency_ms = rs["latency_ms"].convert<double>();
      a.result = textOf(rs, "result");
      a.error = textOf(rs, "error");
      d.attempt_log.push_back(std::move(a));
    }
  }
}

}  // namespace

void NotificationRepository::insertAccepted(const std::vector<NewNotification>& notifications) {
  if (notifications.empty()) return;
  // Flatten, then write each table with multi-row INSERTs (see store/MultiRow.hpp).
  std::vector<const NewNotification*> rows;
  std::vector<std::pair<const NewNotification*, const NewDelivery*>> deliveries;
  std::vector<const NewNotification*> keys;
  std::vector<const InboxItem*> inbox;
  for (const auto& n : notifications) {
    rows.push_back(&n);
    if (n.inbox) inbox.push_back(&*n.inbox);
    for (const auto& d : n.deliveries) deliveries.emplace_back(&n, &d);
    if (!n.idempotency_key.empty()) keys.push_back(&n);
  }
  auto lease = db_.acquire();
  store::translateErrors([&] {
    store::Transaction tx(lease);
    auto& s = lease.session();
    for (size_t at = 0; at < rows.size(); at += store::kRowsPerStatement) {
      size_t count = std::min(store::kRowsPerStatement, rows.size() - at);
      Poco::Data::Statement st(s);
      st << db_.sql("INSERT INTO notifications (tenant_id, id, user_id, template_key, template_version, category, "
                    "priority, data, send_at, expires_at, idempotency_key, cancelled, created_at) VALUES " +
                    store::valuesPlaceholders(count, 13));
      for (size_t i = at; i < at + count; ++i) {
        const auto& n = *rows[i];
        st, bind(n.tenant_id), bind(n.id), bind(n.user_id), bind(nullableText(n.template_key)), bind(n.template_version),
            bind(nullableText(n.category)), bind(std::string(priorityName(n.priority))), bind(nullableText(n.data_json)),
            bind(static_cast<Int64>(n.send_at)), bind(nullable(n.expires_at)), bind(nullableText(n.idempotency_key)),
            bind(0), bind(static_cast<Int64>(n.created_at));
      }
      st.execute();
    }
    for (size_t at = 0; at < deliveries.size(); at += store::kRowsPerStatement) {
      size_t count = std::min(store::kRowsPerStatement, deliveries.size() - at);
      Poco::Data::Statement st(s);
      st << db_.sql("INSERT INTO deliveries (id, tenant_id, notification_id, user_id, channel, recipient, content, "
                    "status, priority_rank, due_at, expires_at, attempts, reason, provider_instance, created_at, updated_at) "
                    "VALUES " + store::valuesPlaceholders(count, 16));
      for (size_t i = at; i < at + count; ++i) {
        const auto& n = *deliveries[i].first;
        const auto& d = *deliveries[i].second;
        st, bind(d.id), bind(n.tenant_id), bind(n.id), bind(n.user_id), bind(d.channel), bind(d.recipient),
            bind(deliveryContentToJson(d.content)), bind(std::string(statusName(d.status))), bind(static_cast<int>(n.priority)),
            bind(static_cast<Int64>(d.due_at)), bind(nullable(n.expires_at)), bind(0), bind(nullableText(d.reason)),
            bind(nullableText(d.provider)), bind(static_cast<Int64>(n.created_at)), bind(static_cast<Int64>(n.created_at));
      }
      st.execute();
    }
    InboxRepository::insert(lease, inbox);
    for (const auto* n : keys) {
      s << db_.sql("INSERT INTO idempotency_keys (tenant_id, idem_key, request_hash, notification_id, created_at) "
                   "VALUES (?, ?, ?, ?, ?)"),
          bind(n->tenant_id), bind(n->idempotency_key), bind(n->request_hash), bind(n->id),
          bind(static_cast<Int64>(n->created_at)), now;
    }
    tx.commit();
  });
}

std::optional<IdempotencyRecord> NotificationRepository::findIdempotency(const std::string& tenant,
                                                                          const std::string& key) {
  auto lease = db_.acquire();
  return store::translateErrors([&]() -> std::optional<IdempotencyRecord> {
    std::string t = tenant, k = key;
    Poco::Data::Statement st(lease.session());
    st << db_.sql("SELECT request_hash, notification_id FROM idempotency_keys WHERE tenant_id = ? AND idem_key = ?"),
        use(t), use(k), now;
    Poco::Data::RecordSet rs(st);
    if (!rs.moveFirst()) return std::nullopt;
    return IdempotencyRecord{textOf(rs, "request_hash"), textOf(rs, "notification_id")};
  });
}

std::optional<NotificationView> NotificationRepository::find(const std::string& tenant, const std::string& id,
                                                             bool withAttempts) {
  auto lease = db_.acquire();
  return store::translateErrors([&]() -> std::optional<NotificationView> {
    std::string t = tenant, i = id;
    Poco::Data::Statement st(lease.session());
    st << db_.sql(std::string(kNotificationColumns) + " WHERE tenant_id = ? AND id = ?"), use(t), use(i), now;
    Poco::Data::RecordSet rs(st);
    if (!rs.moveFirst()) return std::nullopt;
    std::vector<NotificationView> views{notificationFrom(rs)};
    loadDeliveries(db_, lease, tenant, views);
    if (withAttempts) loadAttempts(db_, lease, tenant, views[0]);
    return views[0];
  });
}

std::vector<NotificationView> NotificationRepository::list(const std::string& tenant, const NotificationFilter& f) {
  auto lease = db_.acquire();
  return store::translateErrors([&] {
    std::string sql = std::string(kNotificationColumns) + " WHERE tenant_id = ?";
    std::vector<std::string> texts{tenant};
    std::vector<Int64> numbers;
    if (f.user_id) {
      sql += " AND user_id = ?";
      texts.push_back(*f.user_id);
    }
    if (f.cursor) {
      sql += " AND id < ?";
      texts.push_back(*f.cursor);
    }
    if (f.status) {
      sql += " AND EXISTS (SELECT 1 FROM deliveries d WHERE d.tenant_id = notifications.tenant_id AND "
             "d.notification_id = notifications.id AND d.status = ?)";
      texts.push_back(statusName(*f.status));
    }
    // Numbers after texts: placeholders are bound in order, so `since` goes last.
    if (f.since) {
      sql += " AND created_at >= ?";
      numbers.push_back(*f.since);
    }
    sql += " ORDER BY id DESC LIMIT " + std::to_string(f.limit);
    Poco::Data::Statement st(lease.session());
    st << db_.sql(sql);
    for (auto& v : texts) st, use(v);
    for (auto& v : numbers) st, use(v);
    st.execute();
    Poco::Data::RecordSet rs(st);
    std::vector<NotificationView> views;
    for (bool more = rs.moveFirst(); more; more = rs.moveNext()) views.push_back(notificationFrom(rs));
    loadDeliveries(db_, lease, tenant, views);
    return views;
  });
}

// Runs `change` (an UPDATE of the notification's deliveries) in a transaction when the
// notification exists in the tenant; -1 when it does not, else what `change` returns.
template <class Change>
static int changeDeliveries(store::Database& db, const std::string& tenant, const std::string& id, Change change) {
  auto lease = db.acquire();
  return store::translateErrors([&] {
    store::Transaction tx(lease);
    auto& s = lease.session();
    Int64 exists = 0;
    std::string t = tenant, i = id;
    s << db.sql("SELECT COUNT(*) FROM notifications WHERE tenant_id = ? AND id = ?"), use(t), use(i), into(exists), now;
    if (exists == 0) return -1;
    int changed = change(s, t, i);
    tx.commit();
    return changed;
  });
}

int NotificationRepository::cancel(const std::string& tenant, const std::string& id, int64_t nowMs) {
  return changeDeliveries(db_, tenant, id, [&](Poco::Data::Session& s, std::string& t, std::string& i) {
    Poco::Data::Statement update(s);
    update << db_.sql("UPDATE deliveries SET status = 'cancelled', reason = 'cancelled', updated_at = ? "
                      "WHERE tenant_id = ? AND notification_id = ? AND status = 'queued'"),
        bind(static_cast<Int64>(nowMs)), use(t), use(i);
    int changed = static_cast<int>(update.execute());
    if (changed > 0) {
      s << db_.sql("UPDATE notifications SET cancelled = 1 WHERE tenant_id = ? AND id = ?"), use(t), use(i), now;
    }
    return changed;
  });
}

int NotificationRepository::retry(const std::string& tenant, const std::string& id, int64_t nowMs) {
  return changeDeliveries(db_, tenant, id, [&](Poco::Data::Session& s, std::string& t, std::string& i) {
    Poco::Data::Statement update(s);
    update << db_.sql("UPDATE deliveries SET status = 'queued', attempts = 0, due_at = ?, reason = NULL, "
                      "locked_until = NULL, locked_by = NULL, updated_at = ? "
                      "WHERE tenant_id = ? AND notification_id = ? AND status IN ('failed', 'dead')"),
        bind(static_cast<Int64>(nowMs)), bind(static_cast<Int64>(nowMs)), use(t), use(i);
    return static_cast<int>(update.execute());
  });
}

NotificationRepository::WindowCount NotificationRepository::countInWindow(const std::string& tenant,
                                                                          const std::string& user,
                                                                          const std::string& channel, int64_t since) {
  auto lease = db_.acquire();
  return store::translateErrors([&] {
    std::string sql = "SELECT COUNT(*), MIN(created_at) FROM deliveries WHERE tenant_id = ? AND channel = ? "
                      "AND created_at >= ? AND status NOT IN ('skipped', 'cancelled')";
    if (!user.empty()) sql += " AND user_id = ?";
    std::string t = tenant, c = channel, u = user;
    Int64 from = since;
    Int64 count = 0;
    Poco::Nullable<Int64> oldest;
    Poco::Data::Statement st(lease.session());
    st << db_.sql(sql), use(t), use(c), use(from), into(count), into(oldest);
    if (!user.empty()) st, use(u);
    st.execute();
    WindowCount w;
    w.count = count;
    if (!oldest.isNull()) w.oldest = oldest.value();
    return w;
  });
}

}  // namespace sb::notify
