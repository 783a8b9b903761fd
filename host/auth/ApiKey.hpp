// ApiKey: the stored form of an API key (never the secret) and the key-string format.
#pragma once

#include "auth/Principal.hpp"

#include <cstdint>
#include <optional>
#include <string>

namespace sb::auth {

struct ApiKeyRecord {
  std::string id;          // public part, shown in lists and logs
  std::string tenant_id;
  std::string name;
  Role role = Role::Service;
  std::string secret_hash; // hex SHA-256 of the secret part
  int64_t created_at = 0;
  std::optional<int64_t> revoked_at;
  std::optional<int64_t> last_used_at;
};

// A key as handed to its owner, once: "sbk_<id>_<secret>".
struct IssuedKey {
  ApiKeyRecord record;
  std::string plaintext;
};

struct ParsedKey {
  std::string id;
  std::string secret;
};

std::optional<ParsedKey> parseApiKey(const std::string& text);
std::string formatApiKey(const std::string& id, const std::string& secret);
// Keys carry 256 random bits, so a fast hash is the right tool (no need for a password
// KDF); the hash makes a leaked table useless for authentication.
std::string hashSecret(const std::string& secret);
bool constantTimeEquals(const std::string& a, const std::string& b);

std::optional<Role> parseRole(const std::string& name);

}  // namespace sb::auth
