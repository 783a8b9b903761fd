#include "recommend/catalog/EventRepository.hpp"

#include "store/Database.hpp"
#include "store/MultiRow.hpp"
#include "store/Transaction.hpp"

#include <Poco/Data/Statement.h>
#include <Poco/Nullable.h>

#include <algorithm>
#include <limits>

using namespace Poco::Data::Keywords;
using Poco::Int64;

namespace sb::recommend {

void EventRepository::insert(const std::string& tenant, const std::vector<Event>& events) {
  if (events.empty()) return;
  auto lease = db_.acquire();
  store::translateErrors([&] {
    store::Transaction tx(lease);
    std::string fullSql;  // every chunk but the last has the same shape: build it once
    for (size_t from = 0; from < events.size(); from += kRowsPerStatement) {
      const size_t count = std::min(kRowsPerStatement, events.size() - from);
      std::string sql = "INSERT INTO events (tenant_id, user_id, item_id, type, value, weight, occurred_at, "
                        "received_at) VALUES " + store::valuesPlaceholders(count, 8);
      if (count == kRowsPerStatement) {
        if (fullSql.empty()) fullSql = lease.sql(sql);
      }
      Poco::Data::Statement st(lease.session());
      st << (count == kRowsPerStatement ? fullSql : lease.sql(sql));
      for (size_t i = from; i < from + count; ++i) {
        const Event& e = events[i];
        st, bind(tenant), bind(e.user_id), bind(e.item_id), bind(std::string(eventTypeName(e.type))),
            bind(e.value ? Poco::Nullable<double>(*e.value) : Poco::Nullable<double>()), bind(e.weight),
            bind(static_cast<Int64>(e.occurred_at)), bind(static_cast<Int64>(e.received_at));
      }
      st.execute();
    }
    tx.commit();
  });
}

std::vector<HistoryEntry> EventRepository::history(const std::string& tenant, const std::string& userId, int limit) {
  std::vector<HistoryEntry> out;
  if (limit <= 0) return out;
  auto lease = db_.acquire();
  store::translateErrors([&] {
    std::vector<std::string> items;
    std::vector<double> weights;
    std::vector<Int64> times;
    Poco::Data::Statement st(lease.session());
    st << lease.sql("SELECT item_id, weight, occurred_at FROM events WHERE tenant_id = ? AND user_id = ? "
                    "ORDER BY occurred_at DESC, id DESC LIMIT ?"),
        bind(tenant), bind(userId), bind(limit), into(items), into(weights), into(times);
    st.execute();
    out.reserve(items.size());
    for (size_t i = 0; i < items.size(); ++i) out.push_back(HistoryEntry{std::move(items[i]), weights[i], times[i]});
  });
  return out;
}

int64_t EventRepository::forEach(const std::string& tenant, int64_t sinceMs,
                                 const std::function<void(std::vector<Interaction>&)>& consume, int chunk) {
  if (chunk <= 0) chunk = 10000;
  Int64 after = std::numeric_limits<Int64>::min();
  int64_t total = 0;
  while (true) {
    std::vector<Interaction> rows;
    {
      // A lease per chunk: the connection goes back to the pool while the consumer works.
      auto lease = db_.acquire();
      store::translateErrors([&] {
        std::vector<Int64> ids, times;
        std::vector<std::string> users, items;
        std::vector<double> weights;
        Poco::Data::Statement st(lease.session());
        st << lease.sql("SELECT id, user_id, item_id, weight, occurred_at FROM events "
                        "WHERE tenant_id = ? AND id > ? AND occurred_at >= ? ORDER BY id LIMIT ?"),
            bind(tenant), bind(after), bind(static_cast<Int64>(sinceMs)), bind(chunk), into(ids), into(users),
            into(items), into(weights), into(times);
        st.execute();
        rows.reserve(ids.size());
        for (size_t i = 0; i < ids.size(); ++i) {
          rows.push_back(Interaction{std::move(users[i]), std::move(items[i]), weights[i], times[i]});
        }
        if (!ids.empty()) after = ids.back();
      });
    }
    const bool last = static_cast<int>(rows.size()) < chunk;
    total += static_cast<int64_t>(rows.size());
    if (!rows.empty()) consume(rows);
    if (last) return total;
  }
}

std::vector<ItemActivity> EventRepository::countsSince(const std::string& tenant, int64_t sinceMs, int limit) {
  std::vector<ItemActivity> out;
  if (limit <= 0) return out;
  auto lease = db_.acquire();
  store::translateErrors([&] {
    std::vector<std::string> items;
    std::vector<Int64> counts;
    std::vector<double> weights;
    Poco::Data::Statement st(lease.session());
    st << lease.sql("SELECT item_id, COUNT(*), SUM(weight) FROM events WHERE tenant_id = ? AND occurred_at >= ? "
                    "GROUP BY item_id ORDER BY SUM(weight) DESC, COUNT(*) DESC, item_id LIMIT ?"),
        bind(tenant), bind(static_cast<Int64>(sinceMs)), bind(limit), into(items), into(counts), into(weights);
    st.execute();
    out.reserve(items.size());
    for (size_t i = 0; i < items.size(); ++i) out.push_back(ItemActivity{std::move(items[i]), counts[i], weights[i]});
  });
  return out;
}

int64_t EventRepository::count(const std::string& tenant, int64_t sinceMs) {
  auto lease = db_.acquire();
  return store::translateErrors([&] {
    Int64 n = 0;
    Poco::Data::Statement st(lease.session());
    st << lease.sql("SELECT COUNT(*) FROM events WHERE tenant_id = ? AND occurred_at >= ?"), bind(tenant),
        bind(static_cast<Int64>(sinceMs)), into(n);
    st.execute();
    return static_cast<int64_t>(n);
  });
}

}  // namespace sb::recommend
