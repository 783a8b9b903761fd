#include "notify/delivery/QueueReportRepository.hpp"

#include "store/Database.hpp"
#include "store/RowValues.hpp"

#include <Poco/Data/RecordSet.h>
#include <Poco/Data/Statement.h>

using namespace Poco::Data::Keywords;

namespace sb::notify {

using store::integerOf;
using store::optionalIntegerOf;
using store::textOf;

namespace {

// The tenant filter, kept off the tenant indexes on SQLite: its planner would otherwise walk
// the tenant's whole delivery history instead of the status range (`+col` is SQLite's way
// to say "not through an index"; PostgreSQL's planner chooses by its statistics).
std::string tenantFilter(const store::Database& db) {
  return db.dialect() == store::Dialect::Sqlite ? " AND +tenant_id = ?" : " AND tenant_id = ?";
}

}  // namespace

std::vector<QueueCount> QueueReportRepository::depth(const std::optional<std::string>& tenant, int64_t asOf) {
  auto lease = db_.acquire();
  return store::translateErrors([&] {
    // COUNT(CASE ...) rather than SUM: COUNT is a bigint on both engines.
    std::string sql =
        "SELECT channel, status, COUNT(*) AS total, COUNT(CASE WHEN due_at <= ? THEN 1 END) AS due, "
        "MIN(CASE WHEN due_at <= ? THEN due_at END) AS oldest_due FROM deliveries "
        "WHERE status IN ('queued', 'sending', 'failed', 'dead')";
    if (tenant) sql += tenantFilter(db_);
    sql += " GROUP BY channel, status ORDER BY channel, status";
    Poco::Int64 dueBefore = asOf, oldestBefore = asOf;
    std::string t = tenant.value_or("");
    Poco::Data::Statement st(lease.session());
    st << db_.sql(sql), use(dueBefore), use(oldestBefore);
    if (tenant) st, use(t);
    st.execute();
    Poco::Data::RecordSet rs(st);
    std::vector<QueueCount> counts;
    for (bool more = rs.moveFirst(); more; more = rs.moveNext()) {
      QueueCount c;
      c.channel = textOf(rs, "channel");
      c.status = parseDeliveryStatus(textOf(rs, "status")).value_or(DeliveryStatus::Queued);
      c.count = integerOf(rs, "total");
      c.due = integerOf(rs, "due");
      c.oldest_due_at = optionalIntegerOf(rs, "oldest_due");
      counts.push_back(std::move(c));
    }
    return counts;
  });
}

std::vector<FailingDelivery> QueueReportRepository::recentFailures(const std::string& tenant, int limit) {
  auto lease = db_.acquire();
  return store::translateErrors([&] {
    // One IN on status (an index range), then the filter; an OR of two conditions would
    // make SQLite scan the table.
    std::string sql =
        "SELECT id, notification_id, user_id, channel, recipient, status, reason, attempts, provider_instance, "
        "last_error, due_at, updated_at FROM deliveries WHERE status IN ('failed', 'dead', 'queued') "
        "AND (status <> 'queued' OR last_error IS NOT NULL)" + tenantFilter(db_) +
        " ORDER BY updated_at DESC, id DESC LIMIT " + std::to_string(limit);
    std::string t = tenant;
    Poco::Data::Statement st(lease.session());
    st << db_.sql(sql), use(t);
    st.execute();
    Poco::Data::RecordSet rs(st);
    std::vector<FailingDelivery> out;
    for (bool more = rs.moveFirst(); more; more = rs.moveNext()) {
      FailingDelivery d;
      d.id = textOf(rs, "id");
      d.notification_id = textOf(rs, "notification_id");
      d.user_id = textOf(rs, "user_id");
      d.channel = textOf(rs, "channel");
      d.recipient = textOf(rs, "recipient");
      d.status = parseDeliveryStatus(textOf(rs, "status")).value_or(DeliveryStatus::Failed);
      d.reason = textOf(rs, "reason");
      d.attempts = static_cast<int>(integerOf(rs, "attempts"));
      d.provider = textOf(rs, "provider_instance");
      d.last_error = textOf(rs, "last_error");
      d.due_at = integerOf(rs, "due_at");
      d.updated_at = integerOf(rs, "updated_at");
      out.push_back(std::move(d));
    }
    return out;
  });
}

}  // namespace sb::notify
