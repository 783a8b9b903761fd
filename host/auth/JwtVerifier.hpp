// JwtVerifier: end-user tokens (HS256 and RS256). Poco::JWT only checks the signature, so
// exp, nbf, iss, aud, sub and the tenant claim are checked here.
#pragma once

#include "auth/Principal.hpp"
#include "config/Settings.hpp"

#include <memory>
#include <string>

namespace Poco::JWT { class Signer; }

namespace sb::auth {

class JwtVerifier {
 public:
  explicit JwtVerifier(const config::JwtSettings& settings);
  ~JwtVerifier();

  bool enabled() const;
  // Throws sb::Error(Unauthenticated) naming what is wrong (expired, wrong audience...).
  Principal verify(const std::string& token, int64_t nowUnixSeconds) const;

 private:
  config::JwtSettings settings_;
  std::unique_ptr<Poco::JWT::Signer> hs256_;
  std::unique_ptr<Poco::JWT::Signer> rs256_;
};

// Signs end-user tokens with the HS256 secret (POST /api/v1/tokens), so applications never
// hold the secret and one tenant can never mint tokens for another.
class JwtIssuer {
 public:
  explicit JwtIssuer(const config::JwtSettings& settings);
  bool enabled() const { return !settings_.hs256_secret.empty(); }
  // iat/exp written as whole seconds (other libraries reject fractions).
  std::string issue(const std::string& tenantId, const std::string& userId, int64_t ttlSeconds,
                    int64_t nowUnixSeconds) const;

 private:
  config::JwtSettings settings_;
};

}  // namespace sb::auth
