// AuthRepository: the SQL for tenants and API keys (the only place that writes them).
#pragma once

#include "auth/ApiKey.hpp"
#include "auth/Tenant.hpp"

#include <optional>
#include <vector>

namespace sb::store { class Database; }

namespace sb::auth {

class AuthRepository {
 public:
  explicit AuthRepository(store::Database& db) : db_(db) {}

  // Throws store::StoreConflict when the id exists.
  void insertTenant(const Tenant& tenant);
  std::optional<Tenant> findTenant(const std::string& id);
  std::vector<Tenant> listTenants();

  void insertKey(const ApiKeyRecord& key);
  std::optional<ApiKeyRecord> findKey(const std::string& id);
  std::vector<ApiKeyRecord> listKeys(const std::string& tenantId);
  // Returns false when no such key in that tenant (or already revoked).
  bool revokeKey(const std::string& tenantId, const std::string& keyId, int64_t at);
  void touchKey(const std::string& keyId, int64_t at);
  int64_t countActiveAdminKeys();

  // Creates the tenant and its first key atomically (used at bootstrap and tenant creation).
  void insertTenantWithKey(const Tenant& tenant, const ApiKeyRecord& key);

 private:
  store::Database& db_;
};

}  // namespace sb::auth
