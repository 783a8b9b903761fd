// ItemRepository: the SQL for the item catalog (table items).
#pragma once

#include "recommend/catalog/Item.hpp"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace sb::store { class Database; }

namespace sb::recommend {

// Thread-safe (each call leases its own connection). Every method names the tenant; no query
// reaches another tenant's rows. Writes are upserts (INSERT ... ON CONFLICT (tenant_id, id)
// DO UPDATE), so concurrent writers of one item never fail: the last one wins.
class ItemRepository {
 public:
  explicit ItemRepository(store::Database& db) : db_(db) {}

  // Creates or fully replaces the item; `at` is the time of this write (updated_at, and
  // created_at of a new item without one). Returns whether the item was new, and fills
  // `stored` with the row as written when given.
  bool put(const ItemWrite& write, int64_t at, Item* stored = nullptr);
  // Upserts many items (any tenants) in one transaction, with multi-row statements. Ids must
  // be unique per tenant within the call (a statement may not touch a row twice).
  void upsert(const std::vector<ItemWrite>& writes, int64_t at);
  // False when there was no such item. Its events stay.
  bool remove(const std::string& tenant, const std::string& id);

  std::optional<Item> find(const std::string& tenant, const std::string& id);
  // The items among `ids` that exist, in the order of `ids` (each once). Any number of ids:
  // queried in chunks.
  std::vector<Item> find(const std::string& tenant, const std::vector<std::string>& ids);
  // Ordered by id, after `cursor` (exclusive); only `category` when given.
  ItemPage list(const std::string& tenant, const std::optional<std::string>& category,
                const std::optional<std::string>& cursor, int limit);
  // The whole catalog ordered by id, read in keyset pages of `chunk` items.
  std::vector<Item> all(const std::string& tenant, int chunk = 5000);
  // The same, handing each page to `consume` instead of collecting them (large catalogs).
  void forEach(const std::string& tenant, const std::function<void(std::vector<Item>&)>& consume, int chunk = 5000);
  int64_t count(const std::string& tenant);

 private:
  store::Database& db_;
};

}  // namespace sb::recommend
