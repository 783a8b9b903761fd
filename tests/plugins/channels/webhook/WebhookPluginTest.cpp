// send(): the webhook plugin's real .so, loaded by the host's registry, POSTing to a real
// receiver that verifies the signature the way operators are told to.
#include "WebhookTestSupport.hpp"

#include <Poco/DateTimeFormat.h>
#include <Poco/DateTimeFormatter.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Timestamp.h>

#include <chrono>

namespace sb::test {
namespace {

int64_t nowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

Poco::JSON::Object::Ptr parse(const std::string& body) {
  return Poco::JSON::Parser().parse(body).extract<Poco::JSON::Object::Ptr>();
}

TEST_F(WebhookTest, PostsTheNotificationAsSignedJsonTheReceiverVerifies) {
  auto& instance = start();
  int64_t before = nowMs();
  auto result = plugin::sendMessage(instance, notification());
  ASSERT_EQ(result.outcome.status, SB_OK) << result.outcome.error;  // the receiver answers 401 to a bad signature
  EXPECT_EQ(result.provider_message_id, "ntf_01HZX3K9Q2");

  auto request = receiver.lastRequest();
  EXPECT_EQ(request.method, "POST");
  EXPECT_EQ(request.uri, "/hooks/switchboard");
  EXPECT_EQ(request.headers["content-type"], "application/json");
  EXPECT_EQ(request.headers["x-switchboard-notification-id"], "ntf_01HZX3K9Q2");

  auto body = parse(request.body);
  EXPECT_EQ(body->getValue<std::string>("notification_id"), "ntf_01HZX3K9Q2");
  EXPECT_EQ(body->getValue<std::string>("channel"), "webhook");
  EXPECT_EQ(body->getValue<std::string>("recipient"), "user-42");
  EXPECT_EQ(body->getValue<std::string>("subject"), "Order shipped");
  EXPECT_EQ(body->getValue<std::string>("text"), "Your order #1001 is on its way.");
  EXPECT_EQ(body->getValue<std::string>("html"), "<p>Your order <b>#1001</b> is on its way.</p>");
  EXPECT_EQ(body->getValue<std::string>("locale"), "en-GB");
  EXPECT_EQ(body->getValue<std::string>("category"), "orders");
  EXPECT_EQ(body->getValue<std::string>("priority"), "high");
  auto data = body->getObject("data");
  ASSERT_FALSE(data.isNull());
  EXPECT_EQ(data->getValue<int>("order_id"), 1001);
  EXPECT_EQ(data->getValue<std::string>("carrier"), "DHL");
  EXPECT_EQ(data->getArray("items")->size(), 2u);
  auto sent_at = body->getValue<int64_t>("sent_at");
  EXPECT_GE(sent_at, before);
  EXPECT_LE(sent_at, nowMs());

  // The signed timestamp is the moment of sent_at, in seconds.
  std::string signature = request.headers["x-switchboard-signature"];
  EXPECT_EQ(signature.rfind("t=" + std::to_string(sent_at / 1000) + ",v1=", 0), 0u) << signature;
}

TEST_F(WebhookTest, TheSignatureCoversTheExactBodyAndTimestamp) {
  auto& instance = start();
  ASSERT_EQ(plugin::sendMessage(instance, notification()).outcome.status, SB_OK);
  auto request = receiver.lastRequest();
  std::string header = request.headers["x-switchboard-signature"];
  long long now_s = nowMs() / 1000;
  EXPECT_EQ(signatureProblem(header, request.body, kSecret, now_s), "");
  EXPECT_NE(signatureProblem(header, request.body + " ", kSecret, now_s), "");           // body changed
  EXPECT_NE(signatureProblem(header, request.body, "another-secret", now_s), "");        // other key
  EXPECT_NE(signatureProblem(header, request.body, kSecret, now_s + 3600), "");         // replayed an hour later
}

TEST_F(WebhookTest, AnEmptyDataIsSentAsNull) {
  auto& instance = start();
  auto message = notification();
  message.data_json.clear();
  ASSERT_EQ(plugin::sendMessage(instance, message).outcome.status, SB_OK);
  auto body = parse(receiver.lastRequest().body);
  EXPECT_TRUE(body->has("data"));
  EXPECT_TRUE(body->isNull("data"));
}

TEST_F(WebhookTest, UnicodeAndEscapesSurviveTheRoundTrip) {
  auto& instance = start();
  auto message = notification();
  message.text = "Grüße \"quoted\" \\ back\nslash ✓ 🚀";
  ASSERT_EQ(plugin::sendMessage(instance, message).outcome.status, SB_OK);
  EXPECT_EQ(parse(receiver.lastRequest().body)->getValue<std::string>("text"), message.text);
}

TEST_F(WebhookTest, InvalidDataFailsWithoutARequest) {
  auto& instance = start();
  auto message = notification();
  message.data_json = "{not json";
  auto result = plugin::sendMessage(instance, message);
  EXPECT_EQ(result.outcome.status, SB_PERMANENT);
  EXPECT_NE(result.outcome.error.find("not valid JSON"), std::string::npos) << result.outcome.error;
  EXPECT_EQ(receiver.peer.requestCount(), 0u);
}

TEST_F(WebhookTest, SendsTheExtraHeaders) {
  auto& instance = start({{"headers", R"({"Authorization":"Bearer rcv-token-123","X-Tenant":"acme"})", true}});
  ASSERT_EQ(plugin::sendMessage(instance, notification()).outcome.status, SB_OK);
  auto request = receiver.lastRequest();
  EXPECT_EQ(request.headers["authorization"], "Bearer rcv-token-123");
  EXPECT_EQ(request.headers["x-tenant"], "acme");
  EXPECT_EQ(request.headers["user-agent"], "Switchboard-Webhook/0.1.0");
}

TEST_F(WebhookTest, AnOperatorsUserAgentReplacesTheDefault) {
  auto& instance = start({{"headers", R"({"User-Agent":"acme-bridge/2"})", true}});
  ASSERT_EQ(plugin::sendMessage(instance, notification()).outcome.status, SB_OK);
  EXPECT_EQ(receiver.lastRequest().headers["user-agent"], "acme-bridge/2");
}

TEST_F(WebhookTest, TheSignatureHeaderNameIsConfigurable) {
  WebhookReceiver custom{kSecret, "x-hub-signature"};
  auto& instance = start({{"url", custom.url()}, {"signature_header", "X-Hub-Signature"}});
  ASSERT_EQ(plugin::sendMessage(instance, notification()).outcome.status, SB_OK);
  EXPECT_EQ(custom.lastRequest().headers.count("x-switchboard-signature"), 0u);
}

TEST_F(WebhookTest, ALongSecretStillVerifies) {
  std::string secret(150, 'k');  // longer than SHA-256's 64-byte block: HMAC hashes the key first
  WebhookReceiver longKey{secret};
  auto& instance = start({{"url", longKey.url()}, {"secret", secret}});
  EXPECT_EQ(plugin::sendMessage(instance, notification()).outcome.status, SB_OK);
}

TEST_F(WebhookTest, AnyTwoHundredIsSuccess) {
  auto& instance = start();
  for (int status : {201, 202, 204}) {
    receiver.answer(PeerResponse{status, "", "text/plain", {}, {}});
    auto result = plugin::sendMessage(instance, notification());
    EXPECT_EQ(result.outcome.status, SB_OK) << status;
    EXPECT_EQ(result.provider_message_id, "ntf_01HZX3K9Q2") << status;
  }
}

TEST_F(WebhookTest, TimeoutsRateLimitsAndServerErrorsAreRetried) {
  auto& instance = start();
  for (int status : {408, 429, 500, 502, 503}) {
    receiver.answer(PeerResponse{status, "busy", "text/plain", {}, {}});
    auto result = plugin::sendMessage(instance, notification());
    EXPECT_EQ(result.outcome.status, SB_RETRY) << status;
    EXPECT_FALSE(result.outcome.retry_after_ms.has_value()) << status;
    EXPECT_NE(result.outcome.error.find(std::to_string(status)), std::string::npos) << result.outcome.error;
  }
}

TEST_F(WebhookTest, RetryAfterInSecondsIsHonoured) {
  auto& instance = start();
  receiver.answer(PeerResponse{429, "", "text/plain", {{"Retry-After", "3"}}, {}});
  auto result = plugin::sendMessage(instance, notification());
  EXPECT_EQ(result.outcome.status, SB_RETRY);
  EXPECT_EQ(result.outcome.retry_after_ms.value_or(-1), 3000);
}

TEST_F(WebhookTest, RetryAfterAsAnHttpDateIsHonoured) {
  auto& instance = start();
  Poco::Timestamp in20s;
  in20s += 20 * Poco::Timestamp::resolution();
  std::string date = Poco::DateTimeFormatter::format(in20s, Poco::DateTimeFormat::HTTP_FORMAT);
  receiver.answer(PeerResponse{503, "", "text/plain", {{"Retry-After", date}}, {}});
  auto result = plugin::sendMessage(instance, notification());
  EXPECT_EQ(result.outcome.status, SB_RETRY);
  // Whole seconds on the wire: between 18 and 20 seconds from now.
  EXPECT_GE(result.outcome.retry_after_ms.value_or(-1), 18000);
  EXPECT_LE(result.outcome.retry_after_ms.value_or(-1), 20000);
}

TEST_F(WebhookTest, OtherClientErrorsArePermanentOnTheProviderSide) {
  auto& instance = start();
  for (int status : {400, 404, 410, 422, 301}) {
    receiver.answer(PeerResponse{status, "{\"error\":\"no such hook\"}", "application/json", {}, {}});
    auto result = plugin::sendMessage(instance, notification());
    EXPECT_EQ(result.outcome.status, SB_PERMANENT) << status;
    EXPECT_EQ(result.failure, SB_FAILURE_PROVIDER) << status;
    EXPECT_NE(result.outcome.error.find("no such hook"), std::string::npos) << result.outcome.error;
  }
}

TEST_F(WebhookTest, AWrongSecretIsRefusedByTheReceiver) {
  auto& instance = start({{"secret", "not-the-receivers-secret"}});
  auto result = plugin::sendMessage(instance, notification());
  EXPECT_EQ(result.outcome.status, SB_PERMANENT);  // the receiver's 401
  EXPECT_NE(result.outcome.error.find("v1 does not match"), std::string::npos) << result.outcome.error;
}

TEST_F(WebhookTest, AReceiverThatIsDownIsRetried) {
  auto& instance = start();
  receiver.peer.stop();
  auto result = plugin::sendMessage(instance, notification());
  EXPECT_EQ(result.outcome.status, SB_RETRY);
  EXPECT_FALSE(result.outcome.error.empty());
  receiver.peer.start();
  EXPECT_EQ(plugin::sendMessage(instance, notification()).outcome.status, SB_OK);
}

TEST_F(WebhookTest, TheTimeoutBoundsTheRequest) {
  auto& instance = start({{"timeout", "200ms"}});
  receiver.answer(PeerResponse{200, "", "text/plain", {}, std::chrono::milliseconds(1500)});
  auto began = std::chrono::steady_clock::now();
  auto result = plugin::sendMessage(instance, notification());
  EXPECT_EQ(result.outcome.status, SB_RETRY);
  EXPECT_LT(std::chrono::steady_clock::now() - began, std::chrono::milliseconds(1200));
}

TEST_F(WebhookTest, RetriesOfOneNotificationCarryTheSameId) {
  auto& instance = start();
  receiver.answer(PeerResponse{503, "", "text/plain", {}, {}});
  ASSERT_EQ(plugin::sendMessage(instance, notification()).outcome.status, SB_RETRY);
  receiver.answer(PeerResponse{200, "", "text/plain", {}, {}});
  ASSERT_EQ(plugin::sendMessage(instance, notification()).outcome.status, SB_OK);
  auto requests = receiver.peer.requests();
  ASSERT_EQ(requests.size(), 2u);
  EXPECT_EQ(requests[0].headers["x-switchboard-notification-id"], requests[1].headers["x-switchboard-notification-id"]);
}

}  // namespace
}  // namespace sb::test
