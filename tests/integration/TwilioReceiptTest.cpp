// Twilio end to end through the real binary: an SMS goes out through the twilio plugin to a
// local server speaking Twilio's Messages API, and the status callback comes back through
// POST /webhooks/{instance} with an X-Twilio-Signature over the public URL the host rebuilds.
#include "integration/SwitchboardServer.hpp"
#include "support/HttpPeer.hpp"

#include <Poco/Base64Encoder.h>
#include <Poco/HMACEngine.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Parser.h>
#include <Poco/SHA1Engine.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <sstream>
#include <thread>

namespace sb::test {
namespace {

namespace fs = std::filesystem;

std::string signature(const std::string& token, const std::string& url, const std::map<std::string, std::string>& form) {
  std::string data = url;
  for (const auto& [k, v] : form) data += k + v;  // sorted by name (std::map)
  Poco::HMACEngine<Poco::SHA1Engine> hmac(token);
  hmac.update(data);
  std::ostringstream out;
  Poco::Base64Encoder b64(out);
  const auto& digest = hmac.digest();
  b64.write(reinterpret_cast<const char*>(digest.data()), static_cast<std::streamsize>(digest.size()));
  b64.close();
  return out.str();
}

std::string formBody(const std::map<std::string, std::string>& form) {
  std::string out;
  for (const auto& [k, v] : form) out += (out.empty() ? "" : "&") + k + "=" + v;  // values are URL-safe here
  return out;
}

std::string deliveryStatus(SwitchboardServer& s, const std::string& key, const std::string& id) {
  Poco::JSON::Parser parser;
  auto body = parser.parse(s.get("/api/v1/notifications/" + id, key).body).extract<Poco::JSON::Object::Ptr>();
  return body->getArray("deliveries")->getObject(0)->getValue<std::string>("status");
}

TEST(TwilioReceipts, SignedStatusCallbackMarksDeliveredAndABadSignatureChangesNothing) {
  HttpPeer twilio([](const RecordedRequest& r) {
    PeerResponse response;
    response.status = r.uri.find("/Messages.json") == std::string::npos ? 404 : 201;
    response.body = R"({"sid":"SM0123456789abcdef0123456789abcdef","status":"queued"})";
    return response;
  });
  TempDir plugins("sb-twilio-plugins");
  fs::copy_file(std::string(SB_BINARY_DIR) + "/plugins/twilio.so", plugins.file("twilio.so"));
  const std::string token = "twilio-auth-token-for-tests";
  ServerOptions o;
  o.plugin_paths = {plugins.path()};
  o.server_yaml = "  public_url: https://notify.example.com\n";
  o.plugins_yaml = "  instances:\n    - name: twilio-main\n      plugin: twilio\n      config:\n"
                   "        account_sid: AC00000000000000000000000000000000\n        auth_token: " + token +
                   "\n        from: \"+15005550006\"\n        base_url: " + twilio.baseUrl() + "\n";
  o.extra_yaml = "notifications:\n  routes:\n    - {channel: sms, providers: [twilio-main]}\n";
  SwitchboardServer server(o);
  std::string key = server.adminKey();
  ASSERT_EQ(httpRequest(server.port(), "PUT", "/api/v1/users/sam", {{"Authorization", "Bearer " + key}},
                        R"({"phone":"+14155550123"})").status, 201);
  auto accepted = server.post("/api/v1/notifications", R"({"user_id":"sam","channels":["sms"],"content":{"text":"hi"}})", key);
  ASSERT_EQ(accepted.status, 202) << accepted.body;
  Poco::JSON::Parser parser;
  std::string id = parser.parse(accepted.body).extract<Poco::JSON::Object::Ptr>()->getValue<std::string>("id");
  for (int i = 0; i < 100 && deliveryStatus(server, key, id) != "sent"; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  ASSERT_EQ(deliveryStatus(server, key, id), "sent");
  // The plugin asked Twilio to call back at the public URL of this instance.
  ASSERT_EQ(twilio.requestCount(), 1u);
  EXPECT_NE(twilio.requests()[0].body.find("StatusCallback=https%3A%2F%2Fnotify.example.com%2Fwebhooks%2Ftwilio-main"),
            std::string::npos)
      << twilio.requests()[0].body;

  std::map<std::string, std::string> form{{"MessageSid", "SM0123456789abcdef0123456789abcdef"},
                                          {"MessageStatus", "delivered"},
                                          {"AccountSid", "AC00000000000000000000000000000000"}};
  const std::string url = "https://notify.example.com/webhooks/twilio-main";
  auto forged = httpRequest(server.port(), "POST", "/webhooks/twilio-main",
                            {{"Content-Type", "application/x-www-form-urlencoded"},
                             {"X-Twilio-Signature", signature("wrong-token", url, form)}},
                            formBody(form));
  EXPECT_EQ(forged.status, 403);
  EXPECT_EQ(deliveryStatus(server, key, id), "sent");

  auto genuine = httpRequest(server.port(), "POST", "/webhooks/twilio-main",
                             {{"Content-Type", "application/x-www-form-urlencoded"},
                              {"X-Twilio-Signature", signature(token, url, form)}},
                             formBody(form));
  EXPECT_EQ(genuine.status, 200) << genuine.body;
  EXPECT_EQ(deliveryStatus(server, key, id), "delivered");
}

}  // namespace
}  // namespace sb::test
