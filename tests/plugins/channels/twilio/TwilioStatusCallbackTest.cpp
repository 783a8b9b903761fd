// handle_webhook(): Twilio's status callbacks, signed as Twilio signs them, through the
// host's call path into the twilio plugin's real .so.
#include "plugins/channels/SinglePluginHost.hpp"
#include "TwilioTestSupport.hpp"
#include "plugin/ChannelCalls.hpp"

#include <gtest/gtest.h>

namespace sb::test {
namespace {

using plugin::WebhookCall;
using plugin::WebhookResult;
using Params = std::map<std::string, std::string>;

constexpr const char* kPublicUrl = "https://notify.example.com";
const std::string kCallbackUrl = std::string(kPublicUrl) + "/webhooks/twilio-main";

// Twilio's published example (twilio.com/docs/usage/webhooks/webhooks-security, and
// TwilioDevEd/api-snippets security/signature_validation): auth token 12345, this URL
// and these parameters give GvWf1cFY/Q7PnoempGyD5oXAezc=.
const std::string kVectorUrl = "https://mycompany.com/myapp.php?foo=1&bar=2";
const Params kVectorParams{{"CallSid", "CA1234567890ABCDE"},
                           {"Caller", "+14158675310"},
                           {"Digits", "1234"},
                           {"From", "+14158675310"},
                           {"To", "+18005551212"}};
constexpr const char* kVectorSignature = "GvWf1cFY/Q7PnoempGyD5oXAezc=";

// What Twilio POSTs when a message's status changes.
Params statusCallback(const std::string& status, const std::string& error_code = "") {
  Params p{{"AccountSid", kAccountSid},
           {"ApiVersion", "2010-04-01"},
           {"From", "+15005550006"},
           {"MessageSid", "SM1f0e8ae6ade43cb3c0ce4525424e404f"},
           {"MessageStatus", status},
           {"SmsSid", "SM1f0e8ae6ade43cb3c0ce4525424e404f"},
           {"SmsStatus", status},
           {"To", "+14155552671"}};
  if (!error_code.empty()) p["ErrorCode"] = error_code;
  return p;
}

WebhookCall signedCall(const std::string& url, const Params& params, const std::string& token = kAuthToken) {
  WebhookCall call;
  call.method = "POST";
  call.url = url;
  call.headers = {{"Content-Type", "application/x-www-form-urlencoded"},
                  {"X-Twilio-Signature", twilioSignature(token, url, params)},
                  {"I-Twilio-Idempotency-Token", "6a2b5d3e-0c1f-4a8b-9d7e-2f3c4b5a6d7e"}};
  call.body = formBody(params);
  return call;
}

class TwilioStatusCallbackTest : public ::testing::Test {
 protected:
  plugin::PluginInstance& start(std::vector<ConfigValue> extra = {}, const std::string& token = kAuthToken) {
    std::vector<ConfigValue> config{{"account_sid", kAccountSid},
                                    {"auth_token", token},
                                    {"from", "+15005550006"},
                                    {"base_url", twilio.baseUrl()}};
    config.insert(config.end(), extra.begin(), extra.end());
    auto report = host.load({instanceSettings("twilio-main", "twilio", config)});
    EXPECT_TRUE(report.ok()) << report.problems[0].format();
    auto instance = host.instance("twilio-main");
    if (!instance) throw std::runtime_error("twilio-main did not start");
    return *instance;
  }

  static void expectRefused(const WebhookResult& result) {
    EXPECT_EQ(result.http_status, 403);
    EXPECT_EQ(result.outcome.status, SB_PERMANENT);
    EXPECT_NE(result.outcome.error.find("invalid signature"), std::string::npos) << result.outcome.error;
    EXPECT_TRUE(result.updates.empty());
  }

  FakeTwilio twilio;
  SinglePluginHost host{"twilio", kPublicUrl};
};

TEST_F(TwilioStatusCallbackTest, TheTestSignerReproducesTwiliosPublishedExample) {
  EXPECT_EQ(twilioSignature("12345", kVectorUrl, kVectorParams), kVectorSignature);
}

TEST_F(TwilioStatusCallbackTest, AcceptsTwiliosPublishedExampleSignature) {
  auto& instance = start({{"webhook_url", kVectorUrl}}, "12345");
  WebhookCall call;
  call.method = "POST";
  call.url = kCallbackUrl;  // what the host saw; the proxy-facing URL is the configured one
  call.headers = {{"X-Twilio-Signature", kVectorSignature}};
  call.body = formBody(kVectorParams);
  auto result = plugin::handleWebhook(instance, call);
  EXPECT_EQ(result.outcome.status, SB_OK) << result.outcome.error;
  EXPECT_EQ(result.http_status, 200);
  EXPECT_TRUE(result.updates.empty());  // a voice callback: nothing about a message
}

TEST_F(TwilioStatusCallbackTest, ADeliveredCallbackIsReportedAndAnsweredWithTwiml) {
  auto& instance = start();
  auto result = plugin::handleWebhook(instance, signedCall(kCallbackUrl, statusCallback("delivered")));
  ASSERT_EQ(result.outcome.status, SB_OK) << result.outcome.error;
  EXPECT_EQ(result.http_status, 200);
  EXPECT_EQ(result.content_type, "text/xml");
  EXPECT_EQ(result.body, "<Response/>");
  ASSERT_EQ(result.updates.size(), 1u);
  EXPECT_EQ(result.updates[0].provider_message_id, "SM1f0e8ae6ade43cb3c0ce4525424e404f");
  EXPECT_EQ(result.updates[0].status, "delivered");
  EXPECT_EQ(result.updates[0].error, "");
}

TEST_F(TwilioStatusCallbackTest, EachFinalStatusMapsToItsDeliveryStatus) {
  auto& instance = start();
  for (const std::string status : {"sent", "failed", "undelivered"}) {
    auto result = plugin::handleWebhook(instance, signedCall(kCallbackUrl, statusCallback(status)));
    ASSERT_EQ(result.updates.size(), 1u) << status;
    EXPECT_EQ(result.updates[0].status, status);
  }
}

TEST_F(TwilioStatusCallbackTest, TheErrorCodeAndMessageComeWithAFailure) {
  auto& instance = start();
  auto params = statusCallback("undelivered", "30003");
  params["ErrorMessage"] = "Unreachable destination handset";
  auto result = plugin::handleWebhook(instance, signedCall(kCallbackUrl, params));
  ASSERT_EQ(result.updates.size(), 1u);
  EXPECT_EQ(result.updates[0].status, "undelivered");
  EXPECT_EQ(result.updates[0].error, "30003: Unreachable destination handset");

  result = plugin::handleWebhook(instance, signedCall(kCallbackUrl, statusCallback("failed", "30008")));
  ASSERT_EQ(result.updates.size(), 1u);
  EXPECT_EQ(result.updates[0].error, "30008");
}

TEST_F(TwilioStatusCallbackTest, IntermediateStatusesAreAcknowledgedWithoutAnUpdate) {
  auto& instance = start();
  for (const std::string status : {"queued", "accepted", "sending", "scheduled"}) {
    auto result = plugin::handleWebhook(instance, signedCall(kCallbackUrl, statusCallback(status)));
    EXPECT_EQ(result.outcome.status, SB_OK) << status;
    EXPECT_EQ(result.http_status, 200) << status;
    EXPECT_TRUE(result.updates.empty()) << status;
  }
}

TEST_F(TwilioStatusCallbackTest, TheCallbackUrlGivenToTwilioIsTheOneThatIsVerified) {
  auto& instance = start();
  ASSERT_EQ(plugin::sendMessage(instance, plugin::OutboundMessage{"n1", "sms", "+14155552671", "", "hi", "", "", "", "", "normal"})
                .outcome.status,
            SB_OK);
  std::string callback = formFields(twilio.lastRequest().body)["StatusCallback"];
  ASSERT_FALSE(callback.empty());
  auto result = plugin::handleWebhook(instance, signedCall(callback, statusCallback("delivered")));
  EXPECT_EQ(result.outcome.status, SB_OK) << result.outcome.error;
  EXPECT_EQ(result.updates.size(), 1u);
}

TEST_F(TwilioStatusCallbackTest, AcceptsTheUrlWithItsDefaultPortSpelledOut) {
  auto& instance = start();
  // Twilio signed the URL without the port; the proxy handed the host ":443".
  auto call = signedCall(kCallbackUrl, statusCallback("delivered"));
  call.url = "https://notify.example.com:443/webhooks/twilio-main";
  EXPECT_EQ(plugin::handleWebhook(instance, call).outcome.status, SB_OK);
}

TEST_F(TwilioStatusCallbackTest, ATamperedParameterIsRefused) {
  auto& instance = start();
  auto call = signedCall(kCallbackUrl, statusCallback("failed"));
  call.body = formBody(statusCallback("delivered"));  // signed as failed, claims delivered
  expectRefused(plugin::handleWebhook(instance, call));
}

TEST_F(TwilioStatusCallbackTest, AnAddedParameterIsRefused) {
  auto& instance = start();
  auto call = signedCall(kCallbackUrl, statusCallback("delivered"));
  call.body += "&ErrorCode=30003";
  expectRefused(plugin::handleWebhook(instance, call));
}

TEST_F(TwilioStatusCallbackTest, ASignatureMadeWithAnotherTokenIsRefused) {
  auto& instance = start();
  expectRefused(plugin::handleWebhook(instance, signedCall(kCallbackUrl, statusCallback("delivered"), "other-token")));
}

TEST_F(TwilioStatusCallbackTest, ASignatureForAnotherUrlIsRefused) {
  auto& instance = start();
  auto call = signedCall("https://notify.example.com/webhooks/twilio-other", statusCallback("delivered"));
  call.url = kCallbackUrl;
  expectRefused(plugin::handleWebhook(instance, call));
}

TEST_F(TwilioStatusCallbackTest, AMissingSignatureIsRefused) {
  auto& instance = start();
  auto call = signedCall(kCallbackUrl, statusCallback("delivered"));
  call.headers.erase(call.headers.begin() + 1);
  auto result = plugin::handleWebhook(instance, call);
  expectRefused(result);
  EXPECT_NE(result.outcome.error.find("X-Twilio-Signature"), std::string::npos) << result.outcome.error;
}

TEST_F(TwilioStatusCallbackTest, OnlyPostIsAccepted) {
  auto& instance = start();
  auto call = signedCall(kCallbackUrl, statusCallback("delivered"));
  call.method = "GET";
  auto result = plugin::handleWebhook(instance, call);
  EXPECT_EQ(result.http_status, 405);
  EXPECT_EQ(result.outcome.status, SB_PERMANENT);
  EXPECT_TRUE(result.updates.empty());
}

TEST_F(TwilioStatusCallbackTest, RefusalsDoNotDisableTheInstance) {
  auto& instance = start();
  for (int i = 0; i < 10; ++i) plugin::handleWebhook(instance, signedCall(kCallbackUrl, statusCallback("sent"), "x"));
  EXPECT_TRUE(instance.usable());
  EXPECT_EQ(plugin::handleWebhook(instance, signedCall(kCallbackUrl, statusCallback("sent"))).outcome.status, SB_OK);
}

}  // namespace
}  // namespace sb::test
