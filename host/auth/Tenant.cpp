#include "auth/Tenant.hpp"

#include <algorithm>
#include <cctype>

namespace sb::auth {

bool validTenantId(const std::string& id) {
  if (id.empty() || id.size() > 63) return false;
  if (!std::isalnum(static_cast<unsigned char>(id[0]))) return false;
  return std::all_of(id.begin(), id.end(), [](unsigned char c) {
    return (std::islower(c) || std::isdigit(c) || c == '-' || c == '_');
  });
}

}  // namespace sb::auth
