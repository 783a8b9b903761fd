#include "notify/delivery/DeliveryQueue.hpp"

#include "notify/notifications/DeliveryContentJson.hpp"
#include "store/Database.hpp"
#include "store/RowValues.hpp"
#include "store/MultiRow.hpp"
#include "store/Transaction.hpp"

#include <Poco/Data/RecordSet.h>
#include <Poco/Data/Statement.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Nullable.h>

#include <algorithm>

using namespace Poco::Data::Keywords;

namespace sb::notify {
namespace {

using Poco::Int64;

using store::textOf;

ClaimedDelivery claimedFrom(Poco::Data::RecordSet& rs) {
  ClaimedDelivery d;
  d.id = textOf(rs, "id");
  d.tenant_id = textOf(rs, "tenant_id");
  d.notification_id = textOf(rs, "notification_id");
  d.user_id = textOf(rs, "user_id");
  d.channel = textOf(rs, "channel");
  d.recipient = textOf(rs, "recipient");
  d.content = deliveryContentFromJson(textOf(rs, "content"));
  d.priority = static_cast<Priority>(rs["priority_rank"].convert<int>());
  d.category = textOf(rs, "category");
  d.attempts = rs["attempts"].convert<int>();
  d.expires_at = store::optionalIntegerOf(rs, "expires_at");
  return d;
}

constexpr const char* kClaimedColumns =
    "d.id, d.tenant_id, d.notification_id, d.user_id, d.channel, d.recipient, d.content, d.priority_rank, "
    "n.category, d.attempts, d.expires_at";

}  // namespace

std::vector<ClaimedDelivery> DeliveryQueue::claim(const std::string& worker, int limit, int64_t nowMs,
                                                  int64_t leaseUntil) {
  auto lease = db_.acquire();
  return store::translateErrors([&] {
    store::Transaction tx(lease);
    auto& s = lease.session();
    Int64 nowValue = nowMs, until = leaseUntil;
    std::string w = worker;
    std::vector<std::string> ids;
    // Two index range scans rather than one OR (which makes both engines scan the whole
    // table): due queued rows, urgent first; then rows whose lease ran out (dead worker).
    const std::string lock = db_.dialect() == store::Dialect::Postgres ? " FOR UPDATE SKIP LOCKED" : "";
    // SQLite: BEGIN IMMEDIATE (Transaction) already holds the one write lock.
    s << db_.sql("SELECT id FROM deliveries WHERE status = 'queued' AND due_at <= ? ORDER BY priority_rank, due_at "
                 "LIMIT " + std::to_string(limit) + lock),
        use(nowValue), into(ids), now;
    if (static_cast<int>(ids.size()) < limit) {
      std::vector<std::string> expired;
      s << db_.sql("SELECT id FROM deliveries WHERE status = 'sending' AND locked_until < ? LIMIT " +
                   std::to_string(limit - static_cast<int>(ids.size())) + lock),
          use(nowValue), into(expired), now;
      ids.insert(ids.end(), expired.begin(), expired.end());
    }
    if (ids.empty()) {
      tx.commit();
      return std::vector<ClaimedDelivery>{};
    }
    std::string in;
    for (size_t i = 0; i < ids.size(); ++i) in += i ? ", ?" : "?";
    Poco::Data::Statement update(s);
    update << db_.sql("UPDATE deliveries SET status = 'sending', locked_until = ?, locked_by = ?, "
                      "attempts = attempts + 1, updated_at = ? WHERE id IN (" + in + ")"),
        use(until), use(w), use(nowValue);
    for (auto& id : ids) update, use(id);
    update.execute();
    Poco::Data::Statement select(s);
    select << db_.sql(std::string("SELECT ") + kClaimedColumns +
                      " FROM deliveries d JOIN notifications n ON n.tenant_id = d.tenant_id AND n.id = d.notification_id"
                      " WHERE d.id IN (" + in + ") ORDER BY d.priority_rank, d.due_at");
    for (auto& id : ids) select, use(id);
    select.execute();
    Poco::Data::RecordSet rs(select);
    std::vector<ClaimedDelivery> claimed;
    for (bool more = rs.moveFirst(); more; more = rs.moveNext()) claimed.push_back(claimedFrom(rs));
    tx.commit();
    return claimed;
  });
}

std::optional<int64_t> DeliveryQueue::nextDueAt() {
  auto lease = db_.acquire();
  return store::translateErrors([&]() -> std::optional<int64_t> {
    Poco::Nullable<Int64> next;
    lease.session() << "SELECT MIN(due_at) FROM deliveries WHERE status = 'queued'", into(next), now;
    if (next.isNull()) return std::nullopt;
    return next.value();
  });
}

void DeliveryQueue::apply(const std::vector<DeliveryOutcome>& outcomes, int64_t nowMs) {
  if (outcomes.empty()) return;
  std::vector<const AttemptRecord*> attempts;
  std::vector<const DeliveryOutcome*> sent, others;
  for (const auto& o : outcomes) {
    for (const auto& a : o.attempts) attempts.push_back(&a);
    (o.kind == DeliveryOutcome::Kind::Sent ? sent : others).push_back(&o);
  }
  const Int64 at = nowMs;
  auto lease = db_.acquire();
  store::translateErrors([&] {
    store::Transaction tx(lease);
    auto& s = lease.session();
    for (size_t from = 0; from < attempts.size(); from += store::kRowsPerStatement) {
      size_t count = std::min(store::kRowsPerStatement, attempts.size() - from);
      Poco::Data::Statement st(s);
      st << db_.sql("INSERT INTO delivery_attempts (delivery_id, attempt, tenant_id, provider_instance, started_at, "
                    "latency_ms, result, error) VALUES " + store::valuesPlaceholders(count, 8));
      for (size_t i = from; i < from + count; ++i) {
        const auto& a = *attempts[i];
        st, bind(a.delivery_id), bind(a.attempt), bind(a.tenant_id), bind(a.provider),
            bind(static_cast<Int64>(a.started_at)), bind(a.latency_ms), bind(a.result),
            bind(a.error.empty() ? Poco::Nullable<std::string>() : Poco::Nullable<std::string>(a.error));
      }
      st.execute();
    }
    // The common outcome. PostgreSQL: many rows per statement (UPDATE ... FROM (VALUES ...)),
    // since every statement costs round trips there. SQLite: one cheap in-process statement
    // per row, because its planner would scan the whole table for the VALUES join.
    if (db_.dialect() == store::Dialect::Postgres) {
      for (size_t from = 0; from < sent.size(); from += store::kRowsPerStatement) {
        size_t count = std::min(store::kRowsPerStatement, sent.size() - from);
        Poco::Data::Statement st(s);
        st << db_.sql("UPDATE deliveries SET status = 'sent', provider_instance = v.p, provider_message_id = v.m, "
                      "locked_until = NULL, locked_by = NULL, last_error = NULL, updated_at = ? FROM (VALUES " +
                      store::valuesPlaceholders(count, 3) + ") AS v(id, p, m) WHERE deliveries.id = v.id"),
            bind(at);
        for (size_t i = from; i < from + count; ++i) {
          const auto& o = *sent[i];
          st, bind(o.delivery_id), bind(o.provider), bind(o.provider_message_id);
        }
        st.execute();
      }
    } else {
      const std::string one = db_.sql(
          "UPDATE deliveries SET status = 'sent', provider_instance = ?, provider_message_id = ?, locked_until = NULL, "
          "locked_by = NULL, last_error = NULL, updated_at = ? WHERE id = ?");
      for (const auto* o : sent) s << one, bind(o->provider), bind(o->provider_message_id), bind(at), bind(o->delivery_id), now;
    }
    const std::string finish = db_.sql(
        "UPDATE deliveries SET status = ?, reason = ?, last_error = ?, provider_instance = ?, locked_until = NULL, "
        "locked_by = NULL, updated_at = ? WHERE id = ?");
    const std::string again = db_.sql(
        "UPDATE deliveries SET status = 'queued', due_at = ?, last_error = ?, locked_until = NULL, locked_by = NULL, "
        "updated_at = ? WHERE id = ?");
    const std::string giveBack = db_.sql(
        "UPDATE deliveries SET status = 'queued', due_at = ?, last_error = ?, locked_until = NULL, locked_by = NULL, "
        "updated_at = ?, attempts = attempts - 1 WHERE id = ?");
    for (const auto* o : others) {
      if (o->kind == DeliveryOutcome::Kind::Final) {
        s << finish, bind(std::string(statusName(o->status))), bind(o->reason), bind(o->error), bind(o->provider),
            bind(at), bind(o->delivery_id), now;
      } else {
        s << (o->count_attempt ? again : giveBack), bind(static_cast<Int64>(o->due_at)), bind(o->error), bind(at),
            bind(o->delivery_id), now;
      }
    }
    tx.commit();
  });
}

bool DeliveryQueue::applyReceipt(const std::string& provider, const std::string& providerMessageId,
                                 DeliveryStatus status, const std::string& error, int64_t nowMs) {
  auto lease = db_.acquire();
  return store::translateErrors([&] {
    Poco::Data::Statement st(lease.session());
    // A late "sent" receipt must not undo "delivered"; terminal receipts win.
    st << db_.sql("UPDATE deliveries SET status = ?, reason = ?, last_error = ?, updated_at = ? "
                  "WHERE provider_instance = ? AND provider_message_id = ? AND status IN ('sending', 'sent', 'delivered')"),
        bind(std::string(statusName(status))),
        bind(status == DeliveryStatus::Failed ? std::string("provider_reported") : std::string()), bind(error),
        bind(static_cast<Int64>(nowMs)), bind(provider), bind(providerMessageId);
    return st.execute() > 0;
  });
}

}  // namespace sb::notify
