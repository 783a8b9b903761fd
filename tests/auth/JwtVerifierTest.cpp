#include "auth/JwtVerifier.hpp"
#include "core/Error.hpp"

#include <Poco/JWT/Signer.h>
#include <Poco/JWT/Token.h>
#include <gtest/gtest.h>

namespace sb::auth {
namespace {

constexpr int64_t kNow = 1'800'000'000;

config::JwtSettings settings() {
  config::JwtSettings s;
  s.hs256_secret = "test-secret-of-sufficient-length-0123456789";
  s.issuer = "switchboard";
  s.audience = "switchboard";
  s.leeway = std::chrono::seconds(0);
  return s;
}

std::string sign(Poco::JWT::Token token, const std::string& secret = settings().hs256_secret) {
  Poco::JWT::Signer signer(secret);
  return signer.sign(token, Poco::JWT::Signer::ALGO_HS256);
}

Poco::JWT::Token validToken() {
  Poco::JWT::Token t;
  t.setSubject("user-1");
  t.setIssuer("switchboard");
  t.payload().set("aud", std::string("switchboard"));
  t.payload().set("tenant", std::string("acme"));
  t.payload().set("exp", static_cast<Poco::Int64>(kNow + 60));
  return t;
}

std::string rejectionOf(const JwtVerifier& v, const std::string& token) {
  try {
    v.verify(token, kNow);
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::Unauthenticated);
    return e.what();
  }
  return "accepted";
}

TEST(JwtVerifier, AcceptsAValidTokenAndReadsSubjectAndTenant) {
  JwtVerifier v(settings());
  auto who = v.verify(sign(validToken()), kNow);
  EXPECT_EQ(who.subject, "user-1");
  EXPECT_EQ(who.tenant_id, "acme");
  EXPECT_EQ(who.role, Role::User);
}

TEST(JwtVerifier, RejectsExpiredToken) {
  auto t = validToken();
  t.payload().set("exp", static_cast<Poco::Int64>(kNow - 1));
  EXPECT_NE(rejectionOf(JwtVerifier(settings()), sign(t)).find("expired"), std::string::npos);
}

TEST(JwtVerifier, RejectsTokenWithoutExpiry) {
  auto t = validToken();
  t.payload().remove("exp");
  EXPECT_NE(rejectionOf(JwtVerifier(settings()), sign(t)).find("exp"), std::string::npos);
}

TEST(JwtVerifier, RejectsTokenNotValidYet) {
  auto t = validToken();
  t.payload().set("nbf", static_cast<Poco::Int64>(kNow + 30));
  EXPECT_NE(rejectionOf(JwtVerifier(settings()), sign(t)).find("nbf"), std::string::npos);
}

TEST(JwtVerifier, RejectsWrongSignatureIssuerAudienceAndMissingClaims) {
  JwtVerifier v(settings());
  EXPECT_NE(rejectionOf(v, sign(validToken(), "another-secret-another-secret-xx")).find("signature"), std::string::npos);
  auto iss = validToken();
  iss.setIssuer("evil");
  EXPECT_NE(rejectionOf(v, sign(iss)).find("issuer"), std::string::npos);
  auto aud = validToken();
  aud.payload().set("aud", std::string("other-service"));
  EXPECT_NE(rejectionOf(v, sign(aud)).find("audience"), std::string::npos);
  auto noTenant = validToken();
  noTenant.payload().remove("tenant");
  EXPECT_NE(rejectionOf(v, sign(noTenant)).find("tenant"), std::string::npos);
  EXPECT_NE(rejectionOf(v, "garbage.not.jwt"), "accepted");
}

TEST(JwtVerifier, AcceptsAudienceListContainingOurs) {
  auto t = validToken();
  Poco::JSON::Array::Ptr aud = new Poco::JSON::Array;
  aud->add(std::string("x"));
  aud->add(std::string("switchboard"));
  t.payload().set("aud", aud);
  EXPECT_EQ(JwtVerifier(settings()).verify(sign(t), kNow).subject, "user-1");
}

TEST(JwtVerifier, RejectsUnsignedAlgNoneToken) {
  // header {"alg":"none","typ":"JWT"}, payload with valid claims, empty signature
  std::string none = "eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0.eyJzdWIiOiJ1c2VyLTEiLCJ0ZW5hbnQiOiJhY21lIiwiZXhwIjoxOTAwMDAwMDAwfQ.";
  EXPECT_NE(rejectionOf(JwtVerifier(settings()), none), "accepted");
}

TEST(JwtIssuer, IssuesWholeSecondClaimsThatTheVerifierAccepts) {
  JwtIssuer issuer(settings());
  auto token = issuer.issue("acme", "user-9", 120, kNow);
  Poco::JWT::Signer signer(settings().hs256_secret);
  auto parsed = signer.verify(token);
  EXPECT_EQ(parsed.payload().get("exp").toString(), std::to_string(kNow + 120));
  EXPECT_EQ(parsed.payload().get("iat").toString(), std::to_string(kNow));
  auto who = JwtVerifier(settings()).verify(token, kNow);
  EXPECT_EQ(who.tenant_id, "acme");
  EXPECT_EQ(who.subject, "user-9");
}

TEST(JwtVerifier, DisabledWithoutKeysRejectsEverything) {
  config::JwtSettings s;
  JwtVerifier v(s);
  EXPECT_FALSE(v.enabled());
  EXPECT_NE(rejectionOf(v, sign(validToken())).find("not enabled"), std::string::npos);
}

}  // namespace
}  // namespace sb::auth
