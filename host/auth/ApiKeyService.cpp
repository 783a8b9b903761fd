#include "auth/ApiKeyService.hpp"

#include "core/Clock.hpp"
#include "core/Error.hpp"
#include "core/Random.hpp"
#include "store/StoreError.hpp"

#include <spdlog/spdlog.h>

namespace sb::auth {
namespace {

Error badKey() {
  // One message for every failure, so a caller learns nothing about which part was wrong.
  return Error(ErrorKind::Unauthenticated, "unauthenticated", "invalid or revoked API key");
}

}  // namespace

ApiKeyService::ApiKeyService(AuthRepository& repository, std::chrono::milliseconds cacheTtl)
    : repository_(repository), cache_ttl_(cacheTtl) {}

Principal ApiKeyService::verify(const std::string& plaintextKey) {
  auto parsed = parseApiKey(plaintextKey);
  if (!parsed) throw badKey();
  auto now = std::chrono::steady_clock::now();
  std::string hash = hashSecret(parsed->secret);

  CachedKey entry;
  bool cached = false;
  {
    std::lock_guard lock(mutex_);
    auto it = cache_.find(parsed->id);
    if (it != cache_.end()) {
      auto& c = it->second;
      if (c.expires > now || (c.refreshing && now - c.expires < cache_ttl_)) {
        // Fresh, or another request is refreshing it: every request of a busy key expiring
        // at once must not each read the store and write last_used_at (a stall every TTL).
        entry = c;
        cached = true;
      } else {
        c.refreshing = true;  // this request refreshes; the others keep the entry in hand
      }
    }
  }
  if (!cached) {
    try {
      auto record = repository_.findKey(parsed->id);
      if (!record) {
        std::lock_guard lock(mutex_);
        cache_.erase(parsed->id);
        throw badKey();
      }
      auto tenant = repository_.findTenant(record->tenant_id);
      entry = CachedKey{*record, tenant && tenant->is_operator, now + cache_ttl_};
      if (!record->revoked_at) touch(record->id);
    } catch (const Error&) {
      throw;
    } catch (...) {
      std::lock_guard lock(mutex_);
      if (auto it = cache_.find(parsed->id); it != cache_.end()) it->second.refreshing = false;
      throw;
    }
    std::lock_guard lock(mutex_);
    if (cache_.size() > 10000) cache_.clear();  // bound memory against key-id spraying
    cache_[parsed->id] = entry;
  }
  if (entry.record.revoked_at || !constantTimeEquals(entry.record.secret_hash, hash)) throw badKey();
  Principal p;
  p.tenant_id = entry.record.tenant_id;
  p.role = entry.record.role;
  p.key_id = entry.record.id;
  p.operator_tenant = entry.operator_tenant;
  return p;
}

// last_used_at is for people auditing keys: a store too busy to take the write must not
// turn a valid key away.
void ApiKeyService::touch(const std::string& keyId) {
  try {
    repository_.touchKey(keyId, nowUnixMs());
  } catch (const std::exception& e) {
    spdlog::debug("api key {}: last_used_at not updated: {}", keyId, e.what());
  }
}

IssuedKey ApiKeyService::newKey(const std::string& tenantId, const std::string& name, Role role) {
  std::string id = randomHexId(12);
  std::string secret = randomToken(32);
  ApiKeyRecord record;
  record.id = id;
  record.tenant_id = tenantId;
  record.name = name;
  record.role = role;
  record.secret_hash = hashSecret(secret);
  record.created_at = nowUnixMs();
  return IssuedKey{record, formatApiKey(id, secret)};
}

IssuedKey ApiKeyService::createKey(const std::string& tenantId, const std::string& name, Role role) {
  if (role == Role::User) throw invalidInput("role must be 'admin' or 'service'");
  auto key = newKey(tenantId, name, role);
  repository_.insertKey(key.record);
  return key;
}

std::vector<ApiKeyRecord> ApiKeyService::listKeys(const std::string& tenantId) {
  return repository_.listKeys(tenantId);
}

void ApiKeyService::revokeKey(const std::string& tenantId, const std::string& keyId) {
  if (!repository_.revokeKey(tenantId, keyId, nowUnixMs())) throw notFound("API key " + keyId);
  std::lock_guard lock(mutex_);
  cache_.erase(keyId);
}

IssuedKey ApiKeyService::createTenant(const std::string& id, const std::string& name) {
  if (!validTenantId(id)) {
    throw invalidInput("tenant id must be 1-63 characters of a-z, 0-9, '-' and '_', starting with a letter or digit");
  }
  Tenant tenant{id, name.empty() ? id : name, false, nowUnixMs()};
  auto key = newKey(id, "initial admin key", Role::Admin);
  try {
    repository_.insertTenantWithKey(tenant, key.record);
  } catch (const store::StoreConflict&) {
    throw conflict("tenant " + id + " already exists");
  }
  return key;
}

std::vector<Tenant> ApiKeyService::listTenants() { return repository_.listTenants(); }

std::optional<IssuedKey> ApiKeyService::bootstrapAdminKey() {
  if (repository_.countActiveAdminKeys() > 0) return std::nullopt;
  const std::string kTenant = "default";
  auto key = newKey(kTenant, "bootstrap admin key", Role::Admin);
  if (repository_.findTenant(kTenant)) {
    repository_.insertKey(key.record);
  } else {
    try {
      repository_.insertTenantWithKey(Tenant{kTenant, "Default tenant", true, nowUnixMs()}, key.record);
    } catch (const store::StoreConflict&) {
      // Another instance bootstrapped at the same moment: its key is the one that counts.
      return std::nullopt;
    }
  }
  return key;
}

}  // namespace sb::auth
