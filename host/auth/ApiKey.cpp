#include "auth/ApiKey.hpp"

#include <Poco/DigestEngine.h>
#include <Poco/SHA2Engine.h>

namespace sb::auth {
namespace {
constexpr std::string_view kPrefix = "sbk_";
}

std::optional<ParsedKey> parseApiKey(const std::string& text) {
  if (text.size() < kPrefix.size() + 3 || text.compare(0, kPrefix.size(), kPrefix) != 0) return std::nullopt;
  auto rest = text.substr(kPrefix.size());
  auto sep = rest.find('_');
  if (sep == std::string::npos || sep == 0 || sep + 1 >= rest.size()) return std::nullopt;
  return ParsedKey{rest.substr(0, sep), rest.substr(sep + 1)};
}

std::string formatApiKey(const std::string& id, const std::string& secret) {
  return std::string(kPrefix) + id + "_" + secret;
}

std::string hashSecret(const std::string& secret) {
  Poco::SHA2Engine sha(Poco::SHA2Engine::SHA_256);
  sha.update(secret);
  return Poco::DigestEngine::digestToHex(sha.digest());
}

bool constantTimeEquals(const std::string& a, const std::string& b) {
  if (a.size() != b.size()) return false;
  unsigned char diff = 0;
  for (size_t i = 0; i < a.size(); ++i) diff |= static_cast<unsigned char>(a[i] ^ b[i]);
  return diff == 0;
}

std::optional<Role> parseRole(const std::string& name) {
  if (name == "admin") return Role::Admin;
  if (name == "service") return Role::Service;
  return std::nullopt;
}

}  // namespace sb::auth
