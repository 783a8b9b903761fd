#include "recommend/serving/StoreCatalogReader.hpp"

#include "recommend/catalog/EventRepository.hpp"
#include "recommend/catalog/ItemRepository.hpp"

namespace sb::recommend {
namespace {

plugin::CatalogItem toPlugin(Item&& item) {
  plugin::CatalogItem out;
  out.id = std::move(item.id);
  out.title = std::move(item.title);
  out.category = std::move(item.category);
  out.tags = std::move(item.tags);
  out.attributes_json = std::move(item.attributes_json);
  out.created_at = item.created_at;
  return out;
}

}  // namespace

std::vector<plugin::UserEvent> StoreCatalogReader::history(const std::string& tenant, const std::string& user,
                                                           int limit) {
  std::vector<plugin::UserEvent> out;
  if (limit <= 0) return out;
  for (auto& e : events_.history(tenant, user, limit))
    out.push_back({std::move(e.item_id), static_cast<float>(e.weight), e.occurred_at});
  return out;
}

std::vector<plugin::CatalogItem> StoreCatalogReader::items(const std::string& tenant, const std::vector<std::string>& ids) {
  std::vector<plugin::CatalogItem> out;
  if (ids.empty()) return out;
  for (auto& item : items_.find(tenant, ids)) out.push_back(toPlugin(std::move(item)));
  return out;
}

std::vector<plugin::CatalogItem> StoreCatalogReader::allItems(const std::string& tenant) {
  std::vector<plugin::CatalogItem> out;
  items_.forEach(tenant, [&](std::vector<Item>& page) {
    for (auto& item : page) out.push_back(toPlugin(std::move(item)));
  });
  return out;
}

void StoreCatalogReader::forEachEvent(
    const std::string& tenant, const std::function<void(const std::string&, const std::string&, double, int64_t)>& visit) {
  events_.forEach(tenant, 0, [&](std::vector<Interaction>& chunk) {
    for (const auto& e : chunk) visit(e.user_id, e.item_id, e.weight, e.occurred_at);
  });
}

std::vector<std::string> StoreCatalogReader::tenantsWithEvents() {
  std::vector<std::string> out;
  for (const auto& tenant : tenants_())
    if (events_.count(tenant) > 0) out.push_back(tenant);
  return out;
}

std::string StoreCatalogReader::userAttributes(const std::string& tenant, const std::string& user) {
  return user_attributes_ ? user_attributes_(tenant, user) : "{}";
}

}  // namespace sb::recommend
