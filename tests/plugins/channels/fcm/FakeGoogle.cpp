#include "FakeGoogle.hpp"

#include "support/Subprocess.hpp"
#include "support/TempDir.hpp"

#include <Poco/Crypto/RSAKey.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/JWT/Signer.h>
#include <Poco/JWT/Token.h>
#include <Poco/URI.h>

#include <chrono>
#include <fstream>
#include <map>
#include <sstream>
#include <stdexcept>

namespace sb::test::fcm {

namespace {

std::string readFile(const std::string& path) {
  std::ifstream in(path);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

void run(const std::vector<std::string>& argv) {
  ProcessResult r = runProcess(argv);
  if (r.exitCode != 0) throw std::runtime_error(argv[0] + " " + argv[1] + " failed: " + r.output);
}

RsaKeyPair generateKey() {
  TempDir dir("sb-fcm-key");
  run({"openssl", "genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", dir.file("key.pem")});
  run({"openssl", "pkey", "-in", dir.file("key.pem"), "-pubout", "-out", dir.file("pub.pem")});
  return {readFile(dir.file("key.pem")), readFile(dir.file("pub.pem"))};
}

std::string stringify(const Poco::JSON::Object& o) {
  std::ostringstream out;
  o.stringify(out);
  return out.str();
}

std::map<std::string, std::string> parseForm(const std::string& body) {
  std::map<std::string, std::string> form;
  std::istringstream in(body);
  std::string pair;
  while (std::getline(in, pair, '&')) {
    auto eq = pair.find('=');
    std::string key, value;
    Poco::URI::decode(pair.substr(0, eq), key);
    if (eq != std::string::npos) Poco::URI::decode(pair.substr(eq + 1), value);
    form[key] = value;
  }
  return form;
}

int64_t nowSeconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

// FCM's error envelope, with the FcmError detail when `fcm_code` is set.
PeerResponse fcmError(int http, const std::string& status, const std::string& message, const std::string& fcm_code) {
  std::string details;
  if (!fcm_code.empty())
    details = R"(,"details":[{"@type":"type.googleapis.com/google.firebase.fcm.v1.FcmError","errorCode":")" +
              fcm_code + R"("}])";
  PeerResponse r;
  r.status = http;
  r.body = R"({"error":{"code":)" + std::to_string(http) + R"(,"message":")" + message + R"(","status":")" + status +
           "\"" + details + "}}";
  return r;
}

PeerResponse withRetryAfter(PeerResponse r, const std::string& seconds) {
  r.headers.emplace_back("Retry-After", seconds);
  return r;
}

// Google's answer for a path it does not serve: an HTML page, not a JSON error.
PeerResponse htmlNotFound() {
  PeerResponse r;
  r.status = 404;
  r.content_type = "text/html; charset=UTF-8";
  r.body = "<!DOCTYPE html><html><title>Error 404 (Not Found)!!1</title><p>The requested URL was not found.</html>";
  return r;
}

}  // namespace

const RsaKeyPair& serviceAccountKey() {
  static const RsaKeyPair key = generateKey();
  return key;
}

const RsaKeyPair& strangerKey() {
  static const RsaKeyPair key = generateKey();
  return key;
}

FakeGoogle::FakeGoogle()
    : oauth([this](const RecordedRequest& r) { return grant(r); }),
      fcm([this](const RecordedRequest& r) { return deliver(r); }) {}

void FakeGoogle::resetHandlers() {
  oauth.setHandler([this](const RecordedRequest& r) { return grant(r); });
  fcm.setHandler([this](const RecordedRequest& r) { return deliver(r); });
}

std::string FakeGoogle::serviceAccountJson(const std::string& private_pem) const {
  Poco::JSON::Object o;
  o.set("type", "service_account");
  o.set("project_id", kProject);
  o.set("private_key_id", "0123456789abcdef0123456789abcdef01234567");
  o.set("private_key", private_pem);
  o.set("client_email", kClientEmail);
  o.set("client_id", "100000000000000000001");
  o.set("auth_uri", "https://accounts.google.com/o/oauth2/auth");
  o.set("token_uri", tokenUri());
  o.set("auth_provider_x509_cert_url", "https://www.googleapis.com/oauth2/v1/certs");
  o.set("client_x509_cert_url", "https://www.googleapis.com/robot/v1/metadata/x509/switchboard");
  o.set("universe_domain", "googleapis.com");
  return stringify(o);
}

void FakeGoogle::setTokenLifetime(int seconds) {
  std::lock_guard lock(mutex_);
  lifetime_s_ = seconds;
}

void FakeGoogle::revokeTokens() {
  std::lock_guard lock(mutex_);
  valid_tokens_.clear();
}

std::vector<std::string> FakeGoogle::grantedTokens() const {
  std::lock_guard lock(mutex_);
  return granted_;
}

std::vector<std::string> FakeGoogle::assertionProblems() const {
  std::lock_guard lock(mutex_);
  return problems_;
}

PeerResponse FakeGoogle::refuseAssertion(const std::string& why) {
  {
    std::lock_guard lock(mutex_);
    problems_.push_back(why);
  }
  PeerResponse r;
  r.status = 400;
  r.body = R"({"error":"invalid_grant","error_description":")" + why + "\"}";
  return r;
}

// The JWT-bearer grant (RFC 7523) as Google checks it.
PeerResponse FakeGoogle::grant(const RecordedRequest& request) {
  if (request.method != "POST" || request.uri != "/token") return htmlNotFound();
  if (request.headers.count("content-type") == 0 ||
      request.headers.at("content-type").find("application/x-www-form-urlencoded") != 0)
    return refuseAssertion("not a form post");
  auto form = parseForm(request.body);
  if (form["grant_type"] != "urn:ietf:params:oauth:grant-type:jwt-bearer") return refuseAssertion("bad grant_type");

  std::istringstream pem(serviceAccountKey().public_pem);
  Poco::SharedPtr<Poco::Crypto::RSAKey> key(new Poco::Crypto::RSAKey(&pem));
  Poco::JWT::Signer verifier(key);
  verifier.setAlgorithms({Poco::JWT::Signer::ALGO_RS256});
  Poco::JWT::Token jwt;
  bool verified = false;
  try {
    verified = verifier.tryVerify(form["assertion"], jwt);
  } catch (const Poco::Exception&) {  // not even a JWT
  }
  if (!verified) return refuseAssertion("Invalid JWT Signature.");

  const auto& header = jwt.header();
  if (header.optValue<std::string>("alg", "") != "RS256" || header.optValue<std::string>("typ", "") != "JWT")
    return refuseAssertion("header must be {alg: RS256, typ: JWT}");
  const auto& claims = jwt.payload();
  if (claims.optValue<std::string>("iss", "") != kClientEmail) return refuseAssertion("iss is not the client_email");
  if (claims.optValue<std::string>("scope", "") != kScope) return refuseAssertion("scope is not firebase.messaging");
  if (claims.optValue<std::string>("aud", "") != tokenUri()) return refuseAssertion("aud is not the token_uri");
  // Whole seconds: a fractional iat/exp parses as a double.
  if (!claims.has("iat") || !claims.get("iat").isInteger() || !claims.has("exp") || !claims.get("exp").isInteger())
    return refuseAssertion("iat and exp must be integers");
  const int64_t iat = claims.getValue<Poco::Int64>("iat");
  const int64_t exp = claims.getValue<Poco::Int64>("exp");
  if (exp - iat != 3600) return refuseAssertion("exp must be iat + 3600");
  if (iat > nowSeconds() + 60 || iat < nowSeconds() - 60) return refuseAssertion("iat is not now");

  std::string token;
  int lifetime = 0;
  {
    std::lock_guard lock(mutex_);
    token = "ya29.fake-" + std::to_string(granted_.size() + 1);
    granted_.push_back(token);
    valid_tokens_.insert(token);
    lifetime = lifetime_s_;
  }
  PeerResponse r;
  r.body = R"({"access_token":")" + token + R"(","expires_in":)" + std::to_string(lifetime) +
           R"(,"token_type":"Bearer"})";
  return r;
}

PeerResponse FakeGoogle::deliver(const RecordedRequest& request) {
  if (request.method != "POST" || request.uri != sendPath()) return htmlNotFound();
  const std::string auth = request.headers.count("authorization") ? request.headers.at("authorization") : "";
  {
    std::lock_guard lock(mutex_);
    if (auth.rfind("Bearer ", 0) != 0 || valid_tokens_.count(auth.substr(7)) == 0)
      return fcmError(401, "UNAUTHENTICATED",
                      "Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie "
                      "or other valid authentication credential.",
                      "");
  }
  Poco::JSON::Object::Ptr body;
  try {
    Poco::JSON::Parser parser;
    body = parser.parse(request.body).extract<Poco::JSON::Object::Ptr>();
  } catch (const Poco::Exception&) {
    return fcmError(400, "INVALID_ARGUMENT", "Invalid JSON payload received.", "");
  }
  auto message = body->getObject("message");
  const std::string token = message.isNull() ? "" : message->optValue<std::string>("token", "");

  if (token == device::kUnregistered) return fcmError(404, "NOT_FOUND", "Requested entity was not found.", "UNREGISTERED");
  if (token == device::kMalformed)
    return fcmError(400, "INVALID_ARGUMENT", "The registration token is not a valid FCM registration token",
                    "INVALID_ARGUMENT");
  if (token == device::kOtherSender) return fcmError(403, "PERMISSION_DENIED", "SenderId mismatch", "SENDER_ID_MISMATCH");
  if (token == device::kApnsAuth)
    return fcmError(401, "UNAUTHENTICATED", "Auth error from APNS or Web Push Service", "THIRD_PARTY_AUTH_ERROR");
  if (token == device::kQuota)
    return withRetryAfter(fcmError(429, "RESOURCE_EXHAUSTED", "Quota exceeded for quota metric 'Send requests'",
                                   "QUOTA_EXCEEDED"),
                          "17");
  if (token == device::kUnavailable)
    return withRetryAfter(fcmError(503, "UNAVAILABLE", "The service is currently unavailable.", "UNAVAILABLE"), "5");
  if (token == device::kInternal) return fcmError(500, "INTERNAL", "Internal error encountered.", "INTERNAL");

  PeerResponse r;
  if (body->optValue<bool>("validate_only", false)) {
    r.body = std::string(R"({"name":"projects/)") + kProject + R"(/messages/fake_message_id"})";
  } else {
    std::lock_guard lock(mutex_);
    r.body = std::string(R"({"name":"projects/)") + kProject + "/messages/0:" + std::to_string(++messages_) + "\"}";
  }
  return r;
}

}  // namespace sb::test::fcm
