// EventRepository: the SQL for the interaction log (table events): batched inserts, a user's
// history, the training stream and item activity.
#pragma once

#include "recommend/catalog/Event.hpp"
#include "store/MultiRow.hpp"

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace sb::store { class Database; }

namespace sb::recommend {

// Thread-safe (each call leases its own connection). Every query names the tenant.
class EventRepository {
 public:
  explicit EventRepository(store::Database& db) : db_(db) {}

  // Rows per multi-row INSERT (8 columns: 16,000 parameters, under SQLite's 32,766 and
  // PostgreSQL's 65,535).
  static constexpr size_t kRowsPerStatement = store::rowsPerStatement(8);

  // Appends the events in one transaction, kRowsPerStatement rows per statement.
  void insert(const std::string& tenant, const std::vector<Event>& events);

  // The user's latest `limit` events, newest first (ties: the later-stored first). Served by
  // the index events_by_user (tenant_id, user_id, occurred_at).
  std::vector<HistoryEntry> history(const std::string& tenant, const std::string& userId, int limit);

  // Streams every event of the tenant with occurred_at >= sinceMs, in storage (id) order, in
  // chunks of at most `chunk` rows: keyset pagination on the id column, so memory stays at
  // one chunk whatever the table size and each chunk is one short query (no long-running
  // cursor holding a connection's snapshot). Events stored while it runs may or may not be
  // seen. `consume` may move the rows out. Returns how many rows were streamed.
  int64_t forEach(const std::string& tenant, int64_t sinceMs,
                  const std::function<void(std::vector<Interaction>&)>& consume, int chunk = 10000);

  // Per item: how many events and their summed weight since `sinceMs`, heaviest first, at
  // most `limit` items (popularity for cold starts and trending lists). Served by the index
  // events_by_time (tenant_id, occurred_at).
  std::vector<ItemActivity> countsSince(const std::string& tenant, int64_t sinceMs, int limit);

  // Events of the tenant (all of them, or since `sinceMs`).
  int64_t count(const std::string& tenant, int64_t sinceMs = 0);

 private:
  store::Database& db_;
};

}  // namespace sb::recommend
