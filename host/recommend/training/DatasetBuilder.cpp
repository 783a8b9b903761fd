#include "recommend/training/DatasetBuilder.hpp"

#include "recommend/serving/CatalogReader.hpp"

#include <unordered_map>

namespace sb::recommend {

plugin::Dataset buildDataset(CatalogReader& catalog, const std::string& tenant, int64_t now) {
  plugin::Dataset data;
  data.now = now;
  data.items = catalog.allItems(tenant);
  std::unordered_map<std::string, uint32_t> itemIndex;
  itemIndex.reserve(data.items.size());
  for (uint32_t i = 0; i < data.items.size(); ++i) itemIndex.emplace(data.items[i].id, i);
  std::unordered_map<std::string, uint32_t> userIndex;
  catalog.forEachEvent(tenant, [&](const std::string& user, const std::string& item, double weight, int64_t at) {
    if (weight == 0) return;  // e.g. watchlist_remove at its default weight
    auto [u, newUser] = userIndex.emplace(user, static_cast<uint32_t>(data.user_ids.size()));
    if (newUser) data.user_ids.push_back(user);
    auto [i, newItem] = itemIndex.emplace(item, static_cast<uint32_t>(data.items.size()));
    if (newItem) {
      plugin::CatalogItem bare;
      bare.id = item;
      data.items.push_back(std::move(bare));
    }
    data.interactions.push_back({u->second, i->second, static_cast<float>(weight), at});
  });
  return data;
}

}  // namespace sb::recommend
