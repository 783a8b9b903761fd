// CatalogSnapshots: a CatalogReader that answers item lookups on the serving path from an
// in-memory snapshot of each tenant's catalog, reloaded when older than `max_age` (by the
// request that finds it stale, while the others keep using the old one). Everything else is
// passed through. Serving then costs one store query (the user's history) instead of two
// plus a JSON parse per candidate; catalog changes reach serving within `max_age`.
#pragma once

#include "recommend/serving/CatalogReader.hpp"

#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <unordered_map>

namespace sb::recommend {

class CatalogSnapshots final : public CatalogReader {
 public:
  CatalogSnapshots(CatalogReader& store, std::chrono::milliseconds maxAge) : store_(store), max_age_(maxAge) {}

  std::vector<plugin::UserEvent> history(const std::string& tenant, const std::string& user, int limit) override {
    return store_.history(tenant, user, limit);
  }
  std::vector<plugin::CatalogItem> items(const std::string& tenant, const std::vector<std::string>& ids) override;
  std::vector<plugin::CatalogItem> allItems(const std::string& tenant) override { return store_.allItems(tenant); }
  void forEachEvent(const std::string& tenant,
                    const std::function<void(const std::string&, const std::string&, double, int64_t)>& visit) override {
    store_.forEachEvent(tenant, visit);
  }
  std::vector<std::string> tenantsWithEvents() override { return store_.tenantsWithEvents(); }
  std::string userAttributes(const std::string& tenant, const std::string& user) override {
    return store_.userAttributes(tenant, user);
  }

 private:
  using Items = std::unordered_map<std::string, plugin::CatalogItem>;
  struct Snapshot {
    std::mutex reload;  // one reloader per tenant
    std::shared_ptr<const Items> items;
    std::chrono::steady_clock::time_point loaded{};
  };
  std::shared_ptr<const Items> current(const std::string& tenant);

  CatalogReader& store_;
  std::chrono::milliseconds max_age_;
  std::mutex mutex_;
  std::map<std::string, std::shared_ptr<Snapshot>> snapshots_;
};

}  // namespace sb::recommend
