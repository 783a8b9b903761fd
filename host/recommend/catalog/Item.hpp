// Item: one entry of a tenant's catalog (table items), with the attributes the serving rules read typed.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace sb::recommend {

// The known keys of an item's `attributes`, read typed; every other key stays in the JSON only.
struct ItemAttributes {
  std::optional<bool> in_stock;                       // absent = unknown (treat as in stock)
  bool promoted = false;
  std::optional<double> age_rating;                   // minimum age, >= 0
  std::vector<std::string> regions_allowed;           // empty = everywhere
};

struct Item {
  std::string tenant_id;
  std::string id;
  std::string title;
  std::string category;
  std::vector<std::string> tags;
  std::string attributes_json = "{}";  // the object as sent (created_at included when given)
  ItemAttributes attributes;           // parsed from attributes_json
  int64_t created_at = 0;              // Unix ms
  int64_t updated_at = 0;
};

// What a write carries besides the item: whether `item.created_at` was given
// (attributes.created_at) and must be stored, or the stored one (or, for a new item, the
// time of this write) is kept.
struct ItemWrite {
  Item item;
  bool has_created_at = false;
};

// The typed known keys of an attributes object as stored (already validated on the way in;
// wrong types read as absent). "{}" for an empty or unparsable text.
ItemAttributes parseItemAttributes(const std::string& attributesJson);

// A keyset page of items ordered by id.
struct ItemPage {
  std::vector<Item> items;
  std::optional<std::string> next_cursor;  // the last id, when there may be more
};

}  // namespace sb::recommend
