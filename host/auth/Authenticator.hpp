// Authenticator: turns the credential a request carries (Authorization: Bearer, X-API-Key)
// into a Principal. The transport only knows this interface; CredentialAuthenticator implements it.
#pragma once

#include "auth/Principal.hpp"

#include <optional>
#include <string>

namespace sb::auth {

struct Credential {
  enum class Kind { None, ApiKey, Jwt } kind = Kind::None;
  std::string value;
};

class Authenticator {
 public:
  virtual ~Authenticator() = default;
  // Throws sb::Error(Unauthenticated) for a credential that is present but not valid.
  virtual Principal authenticate(const Credential& credential) = 0;
};

}  // namespace sb::auth
