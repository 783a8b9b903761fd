#include "auth/JwtVerifier.hpp"

#include "core/Error.hpp"

#include <Poco/Crypto/RSAKey.h>
#include <Poco/JSON/Array.h>
#include <Poco/JWT/JWTException.h>
#include <Poco/JWT/Signer.h>
#include <Poco/JWT/Token.h>

#include <fstream>

namespace sb::auth {
namespace {

Error rejected(const std::string& why) {
  return Error(ErrorKind::Unauthenticated, "invalid_token", "token rejected: " + why);
}

int64_t numericClaim(const Poco::JSON::Object& payload, const std::string& name) {
  try {
    return static_cast<int64_t>(payload.get(name).convert<double>());
  } catch (const Poco::Exception&) {
    throw rejected("claim '" + name + "' is not a number");
  }
}

bool audienceMatches(const Poco::JSON::Object& payload, const std::string& audience) {
  auto aud = payload.get("aud");
  if (aud.isString()) return aud.extract<std::string>() == audience;
  if (auto arr = payload.getArray("aud")) {
    for (const auto& v : *arr)
      if (v.isString() && v.extract<std::string>() == audience) return true;
  }
  return false;
}

}  // namespace

JwtVerifier::JwtVerifier(const config::JwtSettings& settings) : settings_(settings) {
  if (!settings_.hs256_secret.empty()) {
    hs256_ = std::make_unique<Poco::JWT::Signer>(settings_.hs256_secret);
  }
  if (!settings_.rs256_public_key_file.empty()) {
    std::ifstream pem(settings_.rs256_public_key_file);
    if (!pem) throw std::runtime_error("cannot read auth.jwt.rs256_public_key_file " + settings_.rs256_public_key_file);
    auto key = Poco::SharedPtr<Poco::Crypto::RSAKey>(new Poco::Crypto::RSAKey(&pem));
    rs256_ = std::make_unique<Poco::JWT::Signer>(key);
    rs256_->setAlgorithms({Poco::JWT::Signer::ALGO_RS256});
  }
}

JwtVerifier::~JwtVerifier() = default;

bool JwtVerifier::enabled() const { return hs256_ || rs256_; }

Principal JwtVerifier::verify(const std::string& token, int64_t now) const {
  if (!enabled()) throw rejected("end-user tokens are not enabled on this server (auth.jwt)");
  Poco::JWT::Token parsed;
  bool ok = false;
  try {
    if (hs256_) ok = hs256_->tryVerify(token, parsed);
    if (!ok && rs256_) ok = rs256_->tryVerify(token, parsed);
  } catch (const Poco::Exception&) {
    throw rejected("malformed token");
  }
  if (!ok) throw rejected("bad signature or unsupported algorithm");

  const auto& payload = parsed.payload();
  auto leeway = settings_.leeway.count() / 1000;
  if (!payload.has("exp")) throw rejected("no 'exp' claim");
  if (numericClaim(payload, "exp") + leeway <= now) throw rejected("expired");
  if (payload.has("nbf") && numericClaim(payload, "nbf") - leeway > now) throw rejected("not valid yet (nbf)");
  if (!settings_.issuer.empty() && payload.optValue<std::string>("iss", "") != settings_.issuer)
    throw rejected("wrong issuer");
  if (!settings_.audience.empty() && !audienceMatches(payload, settings_.audience)) throw rejected("wrong audience");
  std::string sub = payload.optValue<std::string>("sub", "");
  if (sub.empty()) throw rejected("no 'sub' claim");
  std::string tenant = payload.optValue<std::string>(settings_.tenant_claim, "");
  if (tenant.empty()) throw rejected("no '" + settings_.tenant_claim + "' claim");

  Principal p;
  p.tenant_id = tenant;
  p.role = Role::User;
  p.subject = sub;
  return p;
}

JwtIssuer::JwtIssuer(const config::JwtSettings& settings) : settings_(settings) {}

std::string JwtIssuer::issue(const std::string& tenantId, const std::string& userId, int64_t ttlSeconds,
                             int64_t now) const {
  Poco::JWT::Token token;
  token.setType("JWT");
  token.setSubject(userId);
  if (!settings_.issuer.empty()) token.setIssuer(settings_.issuer);
  if (!settings_.audience.empty()) token.payload().set("aud", settings_.audience);
  token.payload().set(settings_.tenant_claim, tenantId);
  token.payload().set("iat", static_cast<Poco::Int64>(now));
  token.payload().set("exp", static_cast<Poco::Int64>(now + ttlSeconds));
  Poco::JWT::Signer signer(settings_.hs256_secret);
  return signer.sign(token, Poco::JWT::Signer::ALGO_HS256);
}

}  // namespace sb::auth
