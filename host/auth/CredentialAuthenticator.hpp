// CredentialAuthenticator: the auth layer's implementation of Authenticator —
// API keys through ApiKeyService, end-user tokens through JwtVerifier.
#pragma once

#include "auth/ApiKeyService.hpp"
#include "auth/JwtVerifier.hpp"
#include "auth/Authenticator.hpp"

namespace sb::auth {

class CredentialAuthenticator final : public Authenticator {
 public:
  CredentialAuthenticator(ApiKeyService& keys, const JwtVerifier& jwt) : keys_(keys), jwt_(jwt) {}
  Principal authenticate(const Credential& credential) override;

 private:
  ApiKeyService& keys_;
  const JwtVerifier& jwt_;
};

}  // namespace sb::auth
