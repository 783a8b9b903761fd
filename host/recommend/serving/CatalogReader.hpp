// CatalogReader: what serving and training read of the catalog and the event log — an
// interface, so the engine does not depend on how catalog/ stores them.
#pragma once

#include "plugin/RecommenderCalls.hpp"

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace sb::recommend {

class CatalogReader {
 public:
  virtual ~CatalogReader() = default;
  // The user's newest interactions first (item id, weight, time), at most `limit`.
  virtual std::vector<plugin::UserEvent> history(const std::string& tenant, const std::string& user, int limit) = 0;
  // The items with these ids that exist (any order).
  virtual std::vector<plugin::CatalogItem> items(const std::string& tenant, const std::vector<std::string>& ids) = 0;
  // The whole catalog (training).
  virtual std::vector<plugin::CatalogItem> allItems(const std::string& tenant) = 0;
  // Every event of the tenant, oldest first, in chunks (training).
  virtual void forEachEvent(const std::string& tenant,
                            const std::function<void(const std::string& user, const std::string& item, double weight,
                                                     int64_t at)>& visit) = 0;
  // Tenants that have events (scheduled training).
  virtual std::vector<std::string> tenantsWithEvents() = 0;
  // The user's attributes from the user resource (JSON object text, "{}" when unknown).
  virtual std::string userAttributes(const std::string& tenant, const std::string& user) = 0;
};

}  // namespace sb::recommend
