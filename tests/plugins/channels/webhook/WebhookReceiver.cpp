#include "WebhookReceiver.hpp"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <chrono>
#include <cstdio>

namespace sb::test {

std::string hmacSha256Hex(const std::string& key, const std::string& message) {
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()), reinterpret_cast<const unsigned char*>(message.data()),
       message.size(), mac, &size);
  std::string hex;
  char byte[3];
  for (unsigned int i = 0; i < size; ++i) {
    std::snprintf(byte, sizeof byte, "%02x", mac[i]);
    hex += byte;
  }
  return hex;
}

std::string signatureProblem(const std::string& header, const std::string& body, const std::string& secret,
                             long long now_s, long long tolerance_s) {
  std::string t, v1;
  std::size_t start = 0;
  while (start <= header.size()) {
    std::size_t comma = header.find(',', start);
    std::string part = header.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    if (part.rfind("t=", 0) == 0) t = part.substr(2);
    else if (part.rfind("v1=", 0) == 0) v1 = part.substr(3);
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  if (t.empty() || v1.empty()) return "no t= or v1= in '" + header + "'";
  long long when = std::stoll(t);
  if (when < now_s - tolerance_s || when > now_s + tolerance_s) return "timestamp " + t + " is stale";
  if (hmacSha256Hex(secret, t + "." + body) != v1) return "v1 does not match";
  return "";
}

WebhookReceiver::WebhookReceiver(std::string secret, std::string signature_header)
    : scripted_{200, "{\"received\":true}", "application/json", {}, {}},
      secret_(std::move(secret)),
      signature_header_(std::move(signature_header)),
      peer([this](const RecordedRequest& r) { return handle(r); }) {}

void WebhookReceiver::answer(PeerResponse response) {
  std::lock_guard lock(mutex_);
  scripted_ = std::move(response);
}

RecordedRequest WebhookReceiver::lastRequest() const {
  auto all = peer.requests();
  return all.empty() ? RecordedRequest{} : all.back();
}

PeerResponse WebhookReceiver::handle(const RecordedRequest& request) {
  auto header = request.headers.find(signature_header_);
  long long now_s = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
  std::string problem = header == request.headers.end()
                            ? "no " + signature_header_ + " header"
                            : signatureProblem(header->second, request.body, secret_, now_s);
  if (!problem.empty()) return PeerResponse{401, "{\"error\":\"" + problem + "\"}", "application/json", {}, {}};
  std::lock_guard lock(mutex_);
  return scripted_;
}

}  // namespace sb::test
