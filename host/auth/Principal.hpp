// Principal: who is calling, after authentication — the only identity services see.
#pragma once

#include <string>

namespace sb::auth {

enum class Role { Admin, Service, User };

struct Principal {
  std::string tenant_id;
  Role role = Role::Service;
  std::string key_id;      // API keys: the key's public id (never the secret)
  std::string subject;     // end users (JWT): the user id
  bool operator_tenant = false;  // the bootstrap tenant, allowed to manage tenants

  bool isAdmin() const { return role == Role::Admin; }
  bool isKey() const { return role != Role::User; }
  // For logs: "key:ab12cd" or "user:tenant/42"; never a credential.
  std::string describe() const {
    return role == Role::User ? "user:" + tenant_id + "/" + subject : "key:" + key_id;
  }
};

inline const char* roleName(Role role) {
  switch (role) {
    case Role::Admin: return "admin";
    case Role::Service: return "service";
    case Role::User: return "user";
  }
  return "unknown";
}

}  // namespace sb::auth
