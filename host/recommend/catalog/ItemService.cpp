#include "recommend/catalog/ItemService.hpp"

#include "core/Clock.hpp"

#include <unordered_map>

namespace sb::recommend {

ItemService::PutResult ItemService::put(const ItemWrite& write) {
  PutResult result;
  result.created = repository_.put(write, nowUnixMs(), &result.item);
  return result;
}

Item ItemService::get(const std::string& tenant, const std::string& id) {
  auto item = repository_.find(tenant, id);
  if (!item) throw notFound("item " + id);
  return std::move(*item);
}

void ItemService::remove(const std::string& tenant, const std::string& id) {
  if (!repository_.remove(tenant, id)) throw notFound("item " + id);
}

size_t ItemService::upsert(const std::string& tenant, std::vector<ItemWrite> writes) {
  if (writes.empty() || writes.size() > kMaxBatch) {
    throw unprocessable("a batch holds 1 to " + std::to_string(kMaxBatch) + " items");
  }
  // One statement may not touch a row twice (PostgreSQL refuses): keep the last of each id.
  std::unordered_map<std::string, size_t> last;
  for (size_t i = 0; i < writes.size(); ++i) {
    writes[i].item.tenant_id = tenant;
    last[writes[i].item.id] = i;
  }
  if (last.size() != writes.size()) {
    std::vector<ItemWrite> unique;
    unique.reserve(last.size());
    for (size_t i = 0; i < writes.size(); ++i) {
      if (last[writes[i].item.id] == i) unique.push_back(std::move(writes[i]));
    }
    writes = std::move(unique);
  }
  repository_.upsert(writes, nowUnixMs());
  return writes.size();
}

ItemPage ItemService::list(const std::string& tenant, const std::optional<std::string>& category,
                           const std::optional<std::string>& cursor, int limit) {
  if (limit < 1 || limit > 500) throw invalidInput("limit must be between 1 and 500");
  return repository_.list(tenant, category, cursor, limit);
}

}  // namespace sb::recommend
