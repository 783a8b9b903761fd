#include "recommend/serving/CatalogSnapshots.hpp"

namespace sb::recommend {

std::shared_ptr<const CatalogSnapshots::Items> CatalogSnapshots::current(const std::string& tenant) {
  std::shared_ptr<Snapshot> snapshot;
  {
    std::lock_guard lock(mutex_);
    auto& s = snapshots_[tenant];
    if (!s) s = std::make_shared<Snapshot>();
    snapshot = s;
  }
  std::unique_lock reload(snapshot->reload, std::try_to_lock);
  if (!reload.owns_lock()) {
    if (auto items = std::atomic_load(&snapshot->items)) return items;  // someone is reloading: use the old one
    reload.lock();
  }
  auto now = std::chrono::steady_clock::now();
  auto items = std::atomic_load(&snapshot->items);
  if (items && now - snapshot->loaded < max_age_) return items;
  auto fresh = std::make_shared<Items>();
  for (auto& item : store_.allItems(tenant)) {
    std::string id = item.id;
    fresh->emplace(std::move(id), std::move(item));
  }
  std::shared_ptr<const Items> published = std::move(fresh);
  std::atomic_store(&snapshot->items, published);
  snapshot->loaded = now;
  return published;
}

std::vector<plugin::CatalogItem> CatalogSnapshots::items(const std::string& tenant, const std::vector<std::string>& ids) {
  if (max_age_.count() <= 0) return store_.items(tenant, ids);
  auto snapshot = current(tenant);
  std::vector<plugin::CatalogItem> out;
  out.reserve(ids.size());
  for (const auto& id : ids)
    if (auto it = snapshot->find(id); it != snapshot->end()) out.push_back(it->second);
  return out;
}

}  // namespace sb::recommend
