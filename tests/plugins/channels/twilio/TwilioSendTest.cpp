// send(): the twilio plugin's real .so, loaded by the host's registry, against a fake
// Twilio Messages API on a real HTTP server.
#include "plugins/channels/SinglePluginHost.hpp"
#include "TwilioTestSupport.hpp"
#include "plugin/ChannelCalls.hpp"

#include <gtest/gtest.h>

#include <chrono>

namespace sb::test {
namespace {

using plugin::OutboundMessage;

constexpr const char* kPublicUrl = "https://notify.example.com";

class TwilioSendTest : public ::testing::Test {
 protected:
  // Config of a working instance pointed at the fake; `extra` adds or replaces keys.
  std::vector<ConfigValue> configWith(std::vector<ConfigValue> extra = {}) {
    return withOverrides({{"account_sid", kAccountSid},
                          {"auth_token", kAuthToken},
                          {"from", "+15005550006"},
                          {"base_url", twilio.baseUrl()}},
                         extra);
  }

  plugin::PluginInstance& start(std::vector<ConfigValue> extra = {}) {
    return host.start("twilio-main", "twilio", configWith(std::move(extra)));
  }

  static OutboundMessage sms(std::string text = "Your code is 123456") {
    OutboundMessage m;
    m.notification_id = "ntf_01HXYZ";
    m.channel = "sms";
    m.recipient = "+14155552671";
    m.text = std::move(text);
    return m;
  }

  FakeTwilio twilio;
  SinglePluginHost host{"twilio", kPublicUrl};
};

TEST_F(TwilioSendTest, PostsTheFormWithBasicAuthAndReturnsTheMessageSid) {
  auto& instance = start();
  twilio.answer(messageCreated("SM1f0e8ae6ade43cb3c0ce4525424e404f", "+14155552671", "x"));

  auto result = plugin::sendMessage(instance, sms("Café & co = 100% ✓"));

  ASSERT_EQ(result.outcome.status, SB_OK) << result.outcome.error;
  EXPECT_EQ(result.provider_message_id, "SM1f0e8ae6ade43cb3c0ce4525424e404f");
  ASSERT_EQ(twilio.peer.requestCount(), 1u);
  auto request = twilio.lastRequest();
  EXPECT_EQ(request.method, "POST");
  EXPECT_EQ(request.uri, std::string("/2010-04-01/Accounts/") + kAccountSid + "/Messages.json");
  EXPECT_EQ(request.headers["authorization"], basicAuth(kAccountSid, kAuthToken));
  EXPECT_EQ(request.headers["content-type"], "application/x-www-form-urlencoded");
  auto form = formFields(request.body);
  EXPECT_EQ(form["To"], "+14155552671");  // the '+' survives the encoding
  EXPECT_EQ(form["Body"], "Café & co = 100% ✓");
  EXPECT_EQ(form["From"], "+15005550006");
  EXPECT_EQ(form.count("MessagingServiceSid"), 0u);
  EXPECT_EQ(form["StatusCallback"], std::string(kPublicUrl) + "/webhooks/twilio-main");
}

TEST_F(TwilioSendTest, SendsTheMessagingServiceSidInsteadOfFrom) {
  auto& instance = start({{"from", ""}, {"messaging_service_sid", "MG9752274e9e519418a7406176694466fa"}});
  ASSERT_EQ(plugin::sendMessage(instance, sms()).outcome.status, SB_OK);
  auto form = formFields(twilio.lastRequest().body);
  EXPECT_EQ(form["MessagingServiceSid"], "MG9752274e9e519418a7406176694466fa");
  EXPECT_EQ(form.count("From"), 0u);
}

TEST_F(TwilioSendTest, UsesTheSubjectWhenTheMessageHasNoText) {
  auto& instance = start();
  auto message = sms("");
  message.subject = "Your parcel has shipped";
  ASSERT_EQ(plugin::sendMessage(instance, message).outcome.status, SB_OK);
  EXPECT_EQ(formFields(twilio.lastRequest().body)["Body"], "Your parcel has shipped");
}

TEST_F(TwilioSendTest, AsksForNoStatusCallbackWithoutAPublicUrl) {
  SinglePluginHost noPublicUrl{"twilio", ""};
  auto report = noPublicUrl.load({instanceSettings("twilio-main", "twilio", configWith())});
  ASSERT_TRUE(report.ok()) << report.problems[0].format();
  ASSERT_EQ(plugin::sendMessage(*noPublicUrl.instance("twilio-main"), sms()).outcome.status, SB_OK);
  EXPECT_EQ(formFields(twilio.lastRequest().body).count("StatusCallback"), 0u);
}

TEST_F(TwilioSendTest, TheWebhookUrlSettingReplacesTheStatusCallback) {
  auto& instance = start({{"webhook_url", "https://edge.example.com/hooks/twilio?tenant=7"}});
  ASSERT_EQ(plugin::sendMessage(instance, sms()).outcome.status, SB_OK);
  EXPECT_EQ(formFields(twilio.lastRequest().body)["StatusCallback"], "https://edge.example.com/hooks/twilio?tenant=7");
}

TEST_F(TwilioSendTest, TooManyRequestsIsRetriedAfterRetryAfter) {
  auto& instance = start();
  auto busy = twilioError(429, 20429, "Too Many Requests");
  busy.headers.emplace_back("Retry-After", "7");
  twilio.answer(busy);
  auto result = plugin::sendMessage(instance, sms());
  EXPECT_EQ(result.outcome.status, SB_RETRY);
  EXPECT_EQ(result.outcome.retry_after_ms.value_or(-1), 7000);
  EXPECT_NE(result.outcome.error.find("20429"), std::string::npos) << result.outcome.error;
}

TEST_F(TwilioSendTest, ServerErrorsAreRetried) {
  auto& instance = start();
  twilio.answer(twilioError(500, 20500, "Internal Server Error"));
  auto result = plugin::sendMessage(instance, sms());
  EXPECT_EQ(result.outcome.status, SB_RETRY);
  EXPECT_FALSE(result.outcome.retry_after_ms.has_value());

  auto unavailable = twilioError(503, 20503, "Service Unavailable");
  unavailable.headers.emplace_back("Retry-After", "30");
  twilio.answer(unavailable);
  result = plugin::sendMessage(instance, sms());
  EXPECT_EQ(result.outcome.status, SB_RETRY);
  EXPECT_EQ(result.outcome.retry_after_ms.value_or(-1), 30000);
}

TEST_F(TwilioSendTest, AnInvalidToNumberFailsForTheRecipient) {
  auto& instance = start();
  twilio.answer(twilioError(400, 21211, "Invalid 'To' Phone Number: +1415555267"));
  auto result = plugin::sendMessage(instance, sms());
  EXPECT_EQ(result.outcome.status, SB_PERMANENT);
  EXPECT_EQ(result.failure, SB_FAILURE_RECIPIENT);
  EXPECT_NE(result.outcome.error.find("21211"), std::string::npos) << result.outcome.error;
  EXPECT_NE(result.outcome.error.find("Invalid 'To' Phone Number"), std::string::npos) << result.outcome.error;
}

TEST_F(TwilioSendTest, UnreachableAndNonMobileNumbersFailForTheRecipient) {
  auto& instance = start();
  for (int code : {21612, 21614}) {
    twilio.answer(twilioError(400, code, "The 'To' phone number is not reachable"));
    auto result = plugin::sendMessage(instance, sms());
    EXPECT_EQ(result.outcome.status, SB_PERMANENT) << code;
    EXPECT_EQ(result.failure, SB_FAILURE_RECIPIENT) << code;
  }
}

TEST_F(TwilioSendTest, AnUnsubscribedRecipientIsReportedAsOptedOut) {
  auto& instance = start();
  twilio.answer(twilioError(400, 21610, "Attempt to send to unsubscribed recipient"));
  auto result = plugin::sendMessage(instance, sms());
  EXPECT_EQ(result.outcome.status, SB_PERMANENT);
  EXPECT_EQ(result.failure, SB_FAILURE_RECIPIENT_OPTED_OUT);
}

TEST_F(TwilioSendTest, RejectedCredentialsFailOnTheProviderSide) {
  auto& instance = start({{"auth_token", "not-the-token"}});  // the fake answers 401 / 20003
  auto result = plugin::sendMessage(instance, sms());
  EXPECT_EQ(result.outcome.status, SB_PERMANENT);
  EXPECT_EQ(result.failure, SB_FAILURE_PROVIDER);
  EXPECT_NE(result.outcome.error.find("20003"), std::string::npos) << result.outcome.error;
  EXPECT_EQ(result.outcome.error.find("not-the-token"), std::string::npos) << "the token must not leak";
}

TEST_F(TwilioSendTest, OtherClientErrorsFailOnTheProviderSide) {
  auto& instance = start();
  twilio.answer(twilioError(400, 21606, "The 'From' phone number provided is not a valid message-capable number"));
  auto result = plugin::sendMessage(instance, sms());
  EXPECT_EQ(result.outcome.status, SB_PERMANENT);
  EXPECT_EQ(result.failure, SB_FAILURE_PROVIDER);

  PeerResponse html{403, "<html>Forbidden</html>", "text/html", {}, {}};
  twilio.answer(html);
  result = plugin::sendMessage(instance, sms());
  EXPECT_EQ(result.outcome.status, SB_PERMANENT);
  EXPECT_EQ(result.failure, SB_FAILURE_PROVIDER);
  EXPECT_NE(result.outcome.error.find("Forbidden"), std::string::npos) << result.outcome.error;
}

TEST_F(TwilioSendTest, AnEmptyRecipientFailsWithoutCallingTwilio) {
  auto& instance = start();
  auto message = sms();
  message.recipient.clear();
  auto result = plugin::sendMessage(instance, message);
  EXPECT_EQ(result.outcome.status, SB_PERMANENT);
  EXPECT_EQ(result.failure, SB_FAILURE_RECIPIENT);
  EXPECT_EQ(twilio.peer.requestCount(), 0u);
}

TEST_F(TwilioSendTest, TwilioDownIsRetriedAndRecoveryWorks) {
  auto& instance = start();
  twilio.peer.stop();
  auto result = plugin::sendMessage(instance, sms());
  EXPECT_EQ(result.outcome.status, SB_RETRY);
  EXPECT_FALSE(result.outcome.error.empty());

  twilio.peer.start();
  EXPECT_EQ(plugin::sendMessage(instance, sms()).outcome.status, SB_OK);
}

TEST_F(TwilioSendTest, TheTimeoutBoundsTheRequest) {
  auto& instance = start({{"timeout", "200ms"}});
  auto slow = messageCreated("SM1", "+14155552671", "x");
  slow.delay = std::chrono::milliseconds(1500);
  twilio.answer(slow);
  auto began = std::chrono::steady_clock::now();
  auto result = plugin::sendMessage(instance, sms());
  auto took = std::chrono::steady_clock::now() - began;
  EXPECT_EQ(result.outcome.status, SB_RETRY);
  EXPECT_LT(took, std::chrono::milliseconds(1200));
}

// ---- configuration errors: the instance does not start, and the report says why

std::string refusal(SinglePluginHost& host, const std::vector<ConfigValue>& config) {
  auto report = host.load({instanceSettings("twilio-main", "twilio", config)});
  EXPECT_EQ(host.instance("twilio-main"), nullptr);
  return report.problems.empty() ? std::string() : report.problems[0].format();
}

TEST_F(TwilioSendTest, BothFromAndMessagingServiceSidIsRefused) {
  auto why = refusal(host, configWith({{"messaging_service_sid", "MG9752274e9e519418a7406176694466fa"}}));
  EXPECT_NE(why.find("exactly one of 'from' and 'messaging_service_sid'"), std::string::npos) << why;
  EXPECT_NE(why.find("test.yaml:3:7"), std::string::npos) << why;
}

TEST_F(TwilioSendTest, NeitherFromNorMessagingServiceSidIsRefused) {
  auto why = refusal(host, configWith({{"from", ""}}));
  EXPECT_NE(why.find("set one of 'from'"), std::string::npos) << why;
}

TEST_F(TwilioSendTest, MissingCredentialsAndBadUrlsAreRefused) {
  auto why = refusal(host, {{"account_sid", kAccountSid}, {"from", "+15005550006"}});
  EXPECT_NE(why.find("missing required key 'auth_token'"), std::string::npos) << why;
  why = refusal(host, configWith({{"base_url", "ftp://api.twilio.com"}}));
  EXPECT_NE(why.find("base_url must be an http:// or https:// URL"), std::string::npos) << why;
  why = refusal(host, configWith({{"account_sid", "AC123/../../Other"}}));
  EXPECT_NE(why.find("account_sid"), std::string::npos) << why;
}

TEST_F(TwilioSendTest, TheAuthTokenIsRedactedInTheInstanceConfig) {
  auto& instance = start();
  auto config = instance.config().redacted();
  EXPECT_EQ(config->getValue<std::string>("auth_token"), "***");
  EXPECT_EQ(config->getValue<std::string>("account_sid"), kAccountSid);
}

}  // namespace
}  // namespace sb::test
