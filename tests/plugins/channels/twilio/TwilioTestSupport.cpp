#include "TwilioTestSupport.hpp"

#include <Poco/JSON/Object.h>
#include <Poco/Net/HTMLForm.h>
#include <Poco/URI.h>

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <sstream>
#include <vector>

namespace sb::test {
namespace {

std::string base64(const unsigned char* data, std::size_t size) {
  std::vector<unsigned char> out(4 * ((size + 2) / 3) + 1);
  int n = EVP_EncodeBlock(out.data(), data, static_cast<int>(size));
  return std::string(reinterpret_cast<const char*>(out.data()), static_cast<std::size_t>(n));
}

std::string json(const Poco::JSON::Object& object) {
  std::ostringstream out;
  object.stringify(out);
  return out.str();
}

std::string messagesPath() { return std::string("/2010-04-01/Accounts/") + kAccountSid + "/Messages.json"; }

}  // namespace

PeerResponse twilioError(int status, int code, const std::string& message) {
  Poco::JSON::Object body;
  body.set("code", code);
  body.set("message", message);
  body.set("more_info", "https://www.twilio.com/docs/errors/" + std::to_string(code));
  body.set("status", status);
  PeerResponse r;
  r.status = status;
  r.body = json(body);
  return r;
}

PeerResponse messageCreated(const std::string& sid, const std::string& to, const std::string& text) {
  Poco::JSON::Object body(Poco::JSON_PRESERVE_KEY_ORDER);
  body.set("account_sid", kAccountSid);
  body.set("api_version", "2010-04-01");
  body.set("body", text);
  body.set("date_created", "Thu, 24 Aug 2023 05:01:45 +0000");
  body.set("direction", "outbound-api");
  body.set("error_code", Poco::Dynamic::Var());
  body.set("error_message", Poco::Dynamic::Var());
  body.set("from", "+15005550006");
  body.set("num_segments", "1");
  body.set("price", Poco::Dynamic::Var());
  body.set("sid", sid);
  body.set("status", "queued");
  body.set("to", to);
  body.set("uri", std::string("/2010-04-01/Accounts/") + kAccountSid + "/Messages/" + sid + ".json");
  PeerResponse r;
  r.status = 201;
  r.body = json(body);
  return r;
}

FakeTwilio::FakeTwilio()
    : scripted_(messageCreated("SM00000000000000000000000000000001", "+15005550006", "")),
      peer([this](const RecordedRequest& r) { return handle(r); }) {}

void FakeTwilio::answer(PeerResponse response) {
  std::lock_guard lock(mutex_);
  scripted_ = std::move(response);
}

RecordedRequest FakeTwilio::lastRequest() const {
  auto all = peer.requests();
  return all.empty() ? RecordedRequest{} : all.back();
}

PeerResponse FakeTwilio::handle(const RecordedRequest& request) {
  if (request.method != "POST" || request.uri != messagesPath())
    return twilioError(404, 20404, "The requested resource " + request.uri + " was not found");
  auto auth = request.headers.find("authorization");
  if (auth == request.headers.end() || auth->second != basicAuth(kAccountSid, kAuthToken)) {
    PeerResponse r = twilioError(401, 20003, "Authenticate");
    r.headers.emplace_back("WWW-Authenticate", "Basic realm=\"Twilio API\"");
    return r;
  }
  std::lock_guard lock(mutex_);
  return scripted_;
}

std::map<std::string, std::string> formFields(const std::string& body) {
  Poco::Net::HTMLForm form;
  form.read(body);
  std::map<std::string, std::string> out;
  for (const auto& [name, value] : form) out[name] = value;
  return out;
}

std::string formBody(const std::map<std::string, std::string>& fields) {
  // Reverse order: Twilio does not sort its fields, so the plugin's own sorting must matter.
  std::string out;
  for (auto it = fields.rbegin(); it != fields.rend(); ++it) {
    const auto& [name, value] = *it;
    if (!out.empty()) out += '&';
    Poco::URI::encode(name, "!#$&'()*+,/:;=?@[]", out);
    out += '=';
    Poco::URI::encode(value, "!#$&'()*+,/:;=?@[]", out);
  }
  return out;
}

std::string twilioSignature(const std::string& token, const std::string& url,
                            const std::map<std::string, std::string>& params) {
  std::string data = url;
  for (const auto& [name, value] : params) data += name + value;  // std::map: sorted by name
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  HMAC(EVP_sha1(), token.data(), static_cast<int>(token.size()), reinterpret_cast<const unsigned char*>(data.data()),
       data.size(), mac, &size);
  return base64(mac, size);
}

std::string basicAuth(const std::string& user, const std::string& password) {
  std::string credentials = user + ":" + password;
  return "Basic " + base64(reinterpret_cast<const unsigned char*>(credentials.data()), credentials.size());
}

}  // namespace sb::test
