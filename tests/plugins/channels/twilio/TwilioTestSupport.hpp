// A fake Twilio for the twilio plugin's tests: the Messages endpoint on a real HTTP server
// (Basic auth checked, Twilio's real response bodies), plus Twilio's side of the status
// callbacks (form bodies signed the way Twilio signs them).
#pragma once

#include "support/HttpPeer.hpp"

#include <map>
#include <mutex>
#include <string>

namespace sb::test {

inline constexpr const char* kAccountSid = "AC0123456789abcdef0123456789abcdef";
inline constexpr const char* kAuthToken = "b7f1c3d2e4a5968778695a4b3c2d1e0f";

// Twilio's error body: {"code", "message", "more_info", "status"}.
PeerResponse twilioError(int status, int code, const std::string& message);

// 201 with the message resource Twilio returns for a created message.
PeerResponse messageCreated(const std::string& sid, const std::string& to, const std::string& body);

// The Messages endpoint of account kAccountSid. Requests to another path get Twilio's 404,
// requests without the right Basic credentials Twilio's 401 / 20003; authenticated ones
// the scripted answer (by default 201 with sid SM00000000000000000000000000000001).
class FakeTwilio {
  // Declared before `peer`, which serves from its first moment and stops first.
  std::mutex mutex_;
  PeerResponse scripted_;

 public:
  FakeTwilio();
  std::string baseUrl() const { return peer.baseUrl(); }
  void answer(PeerResponse response);
  RecordedRequest lastRequest() const;

  HttpPeer peer;

 private:
  PeerResponse handle(const RecordedRequest& request);
};

// The decoded fields of an application/x-www-form-urlencoded body (decoded by Poco's
// HTMLForm, not by the plugin's code).
std::map<std::string, std::string> formFields(const std::string& body);

// An application/x-www-form-urlencoded body, as Twilio sends status callbacks: fields in
// reverse name order, never sorted.
std::string formBody(const std::map<std::string, std::string>& fields);

// base64(HMAC-SHA1(token, url + sorted name+value pairs)), computed with OpenSSL.
std::string twilioSignature(const std::string& token, const std::string& url,
                            const std::map<std::string, std::string>& params);

// "Basic base64(user:password)", computed with OpenSSL.
std::string basicAuth(const std::string& user, const std::string& password);

}  // namespace sb::test
