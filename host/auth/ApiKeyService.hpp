// ApiKeyService: issue, list, revoke and verify API keys and tenants. Verified keys are
// cached for a short TTL so the hot path does not hit the store on every request.
#pragma once

#include "auth/ApiKey.hpp"
#include "auth/AuthRepository.hpp"
#include "auth/Principal.hpp"
#include "auth/Tenant.hpp"

#include <chrono>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

namespace sb::auth {

class ApiKeyService {
 public:
  ApiKeyService(AuthRepository& repository, std::chrono::milliseconds cacheTtl);

  // Throws sb::Error(Unauthenticated) for an unknown, malformed or revoked key.
  Principal verify(const std::string& plaintextKey);

  IssuedKey createKey(const std::string& tenantId, const std::string& name, Role role);
  std::vector<ApiKeyRecord> listKeys(const std::string& tenantId);
  // Throws sb::Error(NotFound) when the tenant has no such active key.
  void revokeKey(const std::string& tenantId, const std::string& keyId);

  // A new tenant and its first admin key. Throws Conflict when the id is taken.
  IssuedKey createTenant(const std::string& id, const std::string& name);
  std::vector<Tenant> listTenants();

  // First start: when no admin key exists, creates the operator tenant "default" (if
  // missing) and an admin key for it. Returns the key, or nullopt when one existed.
  std::optional<IssuedKey> bootstrapAdminKey();

 private:
  void touch(const std::string& keyId);
  IssuedKey newKey(const std::string& tenantId, const std::string& name, Role role);

  struct CachedKey {
    ApiKeyRecord record;
    bool operator_tenant = false;
    std::chrono::steady_clock::time_point expires;
    bool refreshing = false;  // one request re-reads an expired entry; others use it meanwhile
  };
  AuthRepository& repository_;
  std::chrono::milliseconds cache_ttl_;
  std::mutex mutex_;
  std::unordered_map<std::string, CachedKey> cache_;  // by key id
};

}  // namespace sb::auth
