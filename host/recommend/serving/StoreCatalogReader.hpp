// StoreCatalogReader: CatalogReader over the catalog's repositories (catalog/) and, for
// user attributes and the tenant list, functions the composition root supplies (they live
// in other layers: users in notify/, tenants in auth/).
#pragma once

#include "recommend/serving/CatalogReader.hpp"

#include <functional>

namespace sb::recommend {

class EventRepository;
class ItemRepository;

class StoreCatalogReader final : public CatalogReader {
 public:
  using UserAttributes = std::function<std::string(const std::string& tenant, const std::string& user)>;
  using Tenants = std::function<std::vector<std::string>()>;

  StoreCatalogReader(ItemRepository& items, EventRepository& events, UserAttributes userAttributes, Tenants tenants)
      : items_(items), events_(events), user_attributes_(std::move(userAttributes)), tenants_(std::move(tenants)) {}

  std::vector<plugin::UserEvent> history(const std::string& tenant, const std::string& user, int limit) override;
  std::vector<plugin::CatalogItem> items(const std::string& tenant, const std::vector<std::string>& ids) override;
  std::vector<plugin::CatalogItem> allItems(const std::string& tenant) override;
  void forEachEvent(const std::string& tenant,
                    const std::function<void(const std::string&, const std::string&, double, int64_t)>& visit) override;
  std::vector<std::string> tenantsWithEvents() override;
  std::string userAttributes(const std::string& tenant, const std::string& user) override;

 private:
  ItemRepository& items_;
  EventRepository& events_;
  UserAttributes user_attributes_;
  Tenants tenants_;
};

}  // namespace sb::recommend
