// jwt_assertion: the RS256-signed JWT a service account trades for an OAuth access token
// (RFC 7523, "JWT bearer" grant).
#pragma once

#include <cstdint>
#include <memory>
#include <string>

namespace Poco::JWT {
class Signer;
}

namespace fcm {

struct AssertionClaims {
  std::string issuer;    // the service account's client_email
  std::string scope;     // space-separated OAuth scopes
  std::string audience;  // the token endpoint URL
  int64_t issued_at_s = 0;
  int64_t lifetime_s = 3600;  // Google accepts at most one hour
};

class AssertionSigner {
 public:
  // Throws switchboard::InvalidConfig when the PEM is not an unencrypted RSA private key.
  explicit AssertionSigner(const std::string& private_key_pem);
  ~AssertionSigner();
  AssertionSigner(const AssertionSigner&) = delete;
  AssertionSigner& operator=(const AssertionSigner&) = delete;

  // header.payload.signature (the token cache calls it under its lock, one at a time).
  std::string sign(const AssertionClaims& claims) const;

 private:
  std::unique_ptr<Poco::JWT::Signer> signer_;
};

}  // namespace fcm
