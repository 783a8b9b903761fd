// ItemService: the rules for the item catalog — create-or-replace, batch upserts, reads.
#pragma once

#include "core/Error.hpp"
#include "recommend/catalog/Item.hpp"
#include "recommend/catalog/ItemRepository.hpp"

#include <cstddef>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace sb::recommend {

// Thread-safe. Every method is scoped to one tenant. Items arrive validated (itemFromJson).
class ItemService {
 public:
  static constexpr size_t kMaxBatch = 10000;

  explicit ItemService(ItemRepository& repository) : repository_(repository) {}

  struct PutResult {
    Item item;  // as stored
    bool created = false;
  };
  PutResult put(const ItemWrite& write);
  // Throws sb::Error NotFound.
  Item get(const std::string& tenant, const std::string& id);
  // Throws sb::Error NotFound. The item's events stay.
  void remove(const std::string& tenant, const std::string& id);
  // Upserts the items in one transaction; an id given twice is written once, the last one
  // winning. Throws sb::Error Unprocessable unless 1..kMaxBatch items.
  size_t upsert(const std::string& tenant, std::vector<ItemWrite> writes);
  // Keyset page by id; `limit` 1..500.
  ItemPage list(const std::string& tenant, const std::optional<std::string>& category,
                const std::optional<std::string>& cursor, int limit);

 private:
  ItemRepository& repository_;
};

}  // namespace sb::recommend
