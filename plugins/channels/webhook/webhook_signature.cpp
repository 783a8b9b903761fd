#include "webhook_signature.hpp"

#include <Poco/DigestEngine.h>
#include <Poco/HMACEngine.h>
#include <Poco/SHA2Engine.h>

namespace webhook {
namespace {

// Poco 1.11's HMACEngine wants BLOCK_SIZE and DIGEST_SIZE on its engine, which
// SHA2Engine does not declare; this names them for SHA-256 (FIPS 180-4: 64-byte blocks,
// 32-byte digest).
class Sha256Engine : public Poco::SHA2Engine {
 public:
  enum { BLOCK_SIZE = 64, DIGEST_SIZE = 32 };
  Sha256Engine() : Poco::SHA2Engine(Poco::SHA2Engine::SHA_256) {}
};

}  // namespace

std::string hmacSha256Hex(std::string_view key, std::string_view message) {
  Poco::HMACEngine<Sha256Engine> hmac{std::string(key)};
  hmac.update(message.data(), message.size());
  return Poco::DigestEngine::digestToHex(hmac.digest());
}

std::string signatureHeaderValue(std::string_view secret, int64_t unix_seconds, std::string_view body) {
  std::string t = std::to_string(unix_seconds);
  std::string signed_payload = t;
  signed_payload.append(".").append(body);
  return "t=" + t + ",v1=" + hmacSha256Hex(secret, signed_payload);
}

}  // namespace webhook
