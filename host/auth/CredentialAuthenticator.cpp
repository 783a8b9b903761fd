#include "auth/CredentialAuthenticator.hpp"

#include "core/Clock.hpp"

namespace sb::auth {

Principal CredentialAuthenticator::authenticate(const Credential& credential) {
  if (credential.kind == Credential::Kind::Jwt) return jwt_.verify(credential.value, nowUnixMs() / 1000);
  return keys_.verify(credential.value);
}

}  // namespace sb::auth
