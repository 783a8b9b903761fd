// Tenant: the unit of isolation; every domain row is keyed by tenant_id.
#pragma once

#include <cstdint>
#include <string>

namespace sb::auth {

struct Tenant {
  std::string id;    // [a-z0-9][a-z0-9_-]{0,62}
  std::string name;
  bool is_operator = false;  // the bootstrap tenant: may manage other tenants
  int64_t created_at = 0;
};

bool validTenantId(const std::string& id);

}  // namespace sb::auth
