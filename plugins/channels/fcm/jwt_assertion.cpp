#include "jwt_assertion.hpp"

#include <switchboard/plugin.hpp>

#include <Poco/Crypto/RSAKey.h>
#include <Poco/Exception.h>
#include <Poco/JWT/Signer.h>
#include <Poco/JWT/Token.h>

#include <sstream>

namespace fcm {

AssertionSigner::AssertionSigner(const std::string& private_key_pem) {
  // OpenSSL asks for a passphrase on the terminal when it meets an encrypted key and was
  // given none: refuse those up front (Google never issues them).
  if (private_key_pem.find("ENCRYPTED") != std::string::npos)
    throw switchboard::InvalidConfig("private_key is encrypted; a service-account key must be unencrypted PEM");
  if (private_key_pem.find("-----BEGIN") == std::string::npos)
    throw switchboard::InvalidConfig("private_key is not a PEM private key (no -----BEGIN line)");
  try {
    std::istringstream pem(private_key_pem);
    Poco::SharedPtr<Poco::Crypto::RSAKey> key(new Poco::Crypto::RSAKey(nullptr, &pem));
    signer_ = std::make_unique<Poco::JWT::Signer>(key);
    // Poco's Signer enables only HS256 by default.
    signer_->setAlgorithms({Poco::JWT::Signer::ALGO_RS256});
  } catch (const Poco::Exception& e) {
    // OpenSSL's reason ("bad base64 decode"...) helps; it never contains the key.
    throw switchboard::InvalidConfig("private_key is not a valid RSA private key: " + e.displayText());
  }
}

AssertionSigner::~AssertionSigner() = default;

std::string AssertionSigner::sign(const AssertionClaims& claims) const {
  Poco::JWT::Token token;
  token.setType("JWT");
  token.payload().set("iss", claims.issuer);
  token.payload().set("scope", claims.scope);
  token.payload().set("aud", claims.audience);
  // Whole seconds, set by hand: Token::setIssuedAt/setExpiration write fractional
  // seconds, which Google's token endpoint rejects.
  token.payload().set("iat", static_cast<Poco::Int64>(claims.issued_at_s));
  token.payload().set("exp", static_cast<Poco::Int64>(claims.issued_at_s + claims.lifetime_s));
  return signer_->sign(token, Poco::JWT::Signer::ALGO_RS256);
}

}  // namespace fcm
