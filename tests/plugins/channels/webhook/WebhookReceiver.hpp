// A webhook receiver as an operator would write one: a real HTTP server that checks the
// Stripe-style signature (t=<unix s>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>) with
// OpenSSL, refuses stale timestamps, and answers 401 to anything it cannot verify.
#pragma once

#include "support/HttpPeer.hpp"

#include <mutex>
#include <string>

namespace sb::test {

// Lower-case hex of HMAC-SHA256(key, message), computed with OpenSSL.
std::string hmacSha256Hex(const std::string& key, const std::string& message);

// Why `header` is not a valid signature of `body` at `now_s` ("" when it is).
std::string signatureProblem(const std::string& header, const std::string& body, const std::string& secret,
                             long long now_s, long long tolerance_s = 300);

class WebhookReceiver {
  // Declared before `peer`, which serves from its first moment and stops first.
  std::mutex mutex_;
  PeerResponse scripted_;
  std::string secret_;
  std::string signature_header_;  // lower case, as HttpPeer records header names

 public:
  WebhookReceiver(std::string secret, std::string signature_header = "x-switchboard-signature");
  std::string url() const { return peer.baseUrl() + "/hooks/switchboard"; }
  // The answer to requests whose signature verifies (default 200 {"received":true}).
  void answer(PeerResponse response);
  RecordedRequest lastRequest() const;

  HttpPeer peer;

 private:
  PeerResponse handle(const RecordedRequest& request);
};

}  // namespace sb::test
