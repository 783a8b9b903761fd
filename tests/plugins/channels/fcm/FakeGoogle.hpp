// FakeGoogle: Google's OAuth token endpoint and the FCM HTTP v1 send endpoint, played by two
// real HTTP servers. The token endpoint verifies each RS256 assertion with the service
// account's public key and checks its claims; the send endpoint accepts only tokens it
// granted and answers FCM's real error bodies for scripted device tokens.
#pragma once

#include "support/HttpPeer.hpp"

#include <cstddef>
#include <mutex>
#include <set>
#include <string>
#include <vector>

namespace sb::test::fcm {

struct RsaKeyPair {
  std::string private_pem;  // PKCS#8, as in Google's key files
  std::string public_pem;
};

// Throw-away keys, made by openssl once per test process.
const RsaKeyPair& serviceAccountKey();
const RsaKeyPair& strangerKey();  // a valid key that is not the service account's

// Device tokens the fake FCM answers with an error (anything else is delivered).
namespace device {
inline constexpr const char* kUnregistered = "device-unregistered";  // 404 UNREGISTERED
inline constexpr const char* kMalformed = "device-malformed";        // 400 INVALID_ARGUMENT
inline constexpr const char* kOtherSender = "device-other-sender";   // 403 SENDER_ID_MISMATCH
inline constexpr const char* kApnsAuth = "device-apns-auth";         // 401 THIRD_PARTY_AUTH_ERROR
inline constexpr const char* kQuota = "device-quota";                // 429 QUOTA_EXCEEDED, Retry-After: 17
inline constexpr const char* kUnavailable = "device-unavailable";    // 503 UNAVAILABLE, Retry-After: 5
inline constexpr const char* kInternal = "device-internal";          // 500 INTERNAL, no Retry-After
}  // namespace device

class FakeGoogle {
 public:
  static constexpr const char* kClientEmail = "switchboard@test-project.iam.gserviceaccount.com";
  static constexpr const char* kProject = "test-project";
  static constexpr const char* kScope = "https://www.googleapis.com/auth/firebase.messaging";

  FakeGoogle();

  std::string tokenUri() const { return oauth.baseUrl() + "/token"; }
  std::string fcmBaseUrl() const { return fcm.baseUrl(); }
  std::string sendPath() const { return std::string("/v1/projects/") + kProject + "/messages:send"; }

  // A key file as Google issues it, whose token_uri points at this fake.
  std::string serviceAccountJson(const std::string& private_pem = serviceAccountKey().private_pem) const;

  // Tokens granted from now on expire after this many seconds (Google: 3599).
  void setTokenLifetime(int seconds);
  // Every token granted so far is answered 401 from now on.
  void revokeTokens();
  std::vector<std::string> grantedTokens() const;
  // Why the token endpoint refused assertions (empty when every one was good).
  std::vector<std::string> assertionProblems() const;

  size_t tokenRequests() const { return oauth.requestCount(); }
  std::vector<RecordedRequest> sendRequests() const { return fcm.requests(); }

  // Restore the default handlers after a test replaced one with setHandler().
  void resetHandlers();

 private:
  PeerResponse grant(const RecordedRequest& request);
  PeerResponse deliver(const RecordedRequest& request);
  PeerResponse refuseAssertion(const std::string& why);

  mutable std::mutex mutex_;
  int lifetime_s_ = 3599;
  std::set<std::string> valid_tokens_;
  std::vector<std::string> granted_;
  std::vector<std::string> problems_;
  int messages_ = 0;

 public:
  // Declared last: they answer from other threads as soon as they exist.
  HttpPeer oauth;
  HttpPeer fcm;
};

}  // namespace sb::test::fcm
