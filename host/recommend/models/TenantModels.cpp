#include "recommend/models/TenantModels.hpp"

#include "plugin/PluginRegistry.hpp"
#include "plugin/RecommenderCalls.hpp"
#include "recommend/models/ModelRepository.hpp"

#include <spdlog/spdlog.h>

#include <stdexcept>

namespace sb::recommend {

TenantModels::TenantModels(plugin::PluginRegistry& plugins, ModelRepository& models,
                           std::chrono::milliseconds storeCheckInterval)
    : plugins_(plugins), models_(models), check_interval_(storeCheckInterval) {}

std::shared_ptr<TenantModels::Entry> TenantModels::entry(const std::string& tenant, const std::string& recommender) {
  std::lock_guard lock(mutex_);
  auto& e = entries_[{tenant, recommender}];
  if (!e) e = std::make_shared<Entry>();
  return e;
}

TenantModels::Serving TenantModels::serving(const std::string& tenant, const std::string& recommender) {
  auto e = entry(tenant, recommender);
  std::unique_lock lock(e->mutex, std::try_to_lock);
  if (!lock.owns_lock()) {
    // Someone is loading: serve what is there (or wait, the very first time).
    if (e->current.instance) return e->current;
    lock.lock();
  }
  auto now = std::chrono::steady_clock::now();
  if (e->current.instance && !e->respawn && now - e->checked < check_interval_) return e->current;
  bool first = !e->current.instance;
  try {
    auto active = models_.active(tenant, recommender);
    int wanted = active ? active->version : 0;
    if (first || e->respawn || wanted != e->current.version) {
      if (wanted > 0 || first || e->respawn) e->current = load(tenant, recommender, wanted);
    }
    e->respawn = false;
    e->checked = now;
  } catch (const std::exception& ex) {
    if (first) throw;
    spdlog::warn("recommender {} for tenant {}: cannot check the active model: {}", recommender, tenant, ex.what());
    e->checked = now;
    e->respawn = false;  // the instance in hand keeps serving; not retried on every request
  }
  return e->current;
}

TenantModels::Serving TenantModels::load(const std::string& tenant, const std::string& recommender, int version) {
  Serving s;
  s.instance = fresh(tenant, recommender);
  if (version == 0) return s;
  auto bytes = models_.bytes(tenant, recommender, version);
  if (!bytes) return s;
  auto outcome = plugin::loadModel(*s.instance, *bytes);
  if (!outcome.ok()) {
    spdlog::warn("recommender {} for tenant {}: model version {} does not load ({}); serving without it until retrained",
                 recommender, tenant, version, outcome.error);
    return s;
  }
  s.version = version;
  return s;
}

std::shared_ptr<plugin::PluginInstance> TenantModels::fresh(const std::string& tenant, const std::string& recommender) {
  std::string why;
  auto instance = plugins_.spawn(recommender, recommender + "@" + tenant, &why);
  if (!instance) throw std::runtime_error("recommender " + recommender + ": " + why);
  return instance;
}

void TenantModels::install(const std::string& tenant, const std::string& recommender,
                           std::shared_ptr<plugin::PluginInstance> instance, int version) {
  auto e = entry(tenant, recommender);
  std::lock_guard lock(e->mutex);
  e->current = Serving{std::move(instance), version};
  e->checked = std::chrono::steady_clock::now();
}

bool TenantModels::activate(const std::string& tenant, const std::string& recommender, int version, std::string* why) {
  auto loaded = load(tenant, recommender, version);
  if (loaded.version != version) {
    if (why) *why = "model version " + std::to_string(version) + " cannot be loaded";
    return false;
  }
  if (!models_.activate(tenant, recommender, version)) {
    if (why) *why = "no model version " + std::to_string(version);
    return false;
  }
  install(tenant, recommender, loaded.instance, version);
  return true;
}

std::vector<TenantModels::Served> TenantModels::served() {
  std::vector<std::pair<std::pair<std::string, std::string>, std::shared_ptr<Entry>>> entries;
  {
    std::lock_guard lock(mutex_);
    entries.assign(entries_.begin(), entries_.end());
  }
  std::vector<Served> out;
  for (const auto& [key, e] : entries) {
    std::unique_lock lock(e->mutex, std::try_to_lock);  // a loading entry is skipped, not waited for
    if (lock.owns_lock() && e->current.instance) out.push_back({key.first, key.second, e->current.version});
  }
  return out;
}

void TenantModels::respawn(const std::string& recommender) {
  std::vector<std::shared_ptr<Entry>> affected;
  {
    std::lock_guard lock(mutex_);
    for (const auto& [key, e] : entries_)
      if (key.second == recommender) affected.push_back(e);
  }
  for (const auto& e : affected) {
    std::lock_guard lock(e->mutex);
    e->respawn = true;
  }
}

}  // namespace sb::recommend
