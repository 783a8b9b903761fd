// What the fcm plugin puts on the wire for a send, as FCM's HTTP v1 API received it.
#include "FakeGoogle.hpp"
#include "FcmInstance.hpp"

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <gtest/gtest.h>

namespace sb::test::fcm {
namespace {

Poco::JSON::Object::Ptr jsonOf(const std::string& body) {
  Poco::JSON::Parser parser;
  return parser.parse(body).extract<Poco::JSON::Object::Ptr>();
}

// The "message" object of the only send request FCM received.
Poco::JSON::Object::Ptr sentMessage(const FakeGoogle& google) {
  auto sends = google.sendRequests();
  if (sends.size() != 1) throw std::runtime_error("expected one send, got " + std::to_string(sends.size()));
  return jsonOf(sends[0].body)->getObject("message");
}

std::string androidPriority(const Poco::JSON::Object::Ptr& message) {
  return message->getObject("android")->getValue<std::string>("priority");
}
std::string apnsPriority(const Poco::JSON::Object::Ptr& message) {
  return message->getObject("apns")->getObject("headers")->getValue<std::string>("apns-priority");
}

TEST(FcmSend, PostsAV1MessageWithTheBearerTokenAndReturnsFcmsMessageName) {
  FakeGoogle google;
  FcmInstance fcm(configFor(google));
  ASSERT_TRUE(fcm.started()) << fcm.problems();

  auto result = fcm.send("device-abc");
  ASSERT_EQ(result.outcome.status, SB_OK) << result.outcome.error;
  EXPECT_EQ(result.provider_message_id, "projects/test-project/messages/0:1");

  auto sends = google.sendRequests();
  ASSERT_EQ(sends.size(), 1u);
  EXPECT_EQ(sends[0].method, "POST");
  EXPECT_EQ(sends[0].uri, "/v1/projects/test-project/messages:send");
  EXPECT_EQ(sends[0].headers.at("authorization"), "Bearer ya29.fake-1");
  EXPECT_EQ(sends[0].headers.at("content-type").rfind("application/json", 0), 0u);

  auto body = jsonOf(sends[0].body);
  EXPECT_FALSE(body->has("validate_only"));
  auto message = body->getObject("message");
  EXPECT_EQ(message->getValue<std::string>("token"), "device-abc");
  EXPECT_EQ(message->getObject("notification")->getValue<std::string>("title"), "Your order shipped");
  EXPECT_EQ(message->getObject("notification")->getValue<std::string>("body"), "It arrives on Tuesday.");
  EXPECT_EQ(message->getObject("data")->getValue<std::string>("order_id"), "A-17");
  EXPECT_EQ(androidPriority(message), "normal");
  EXPECT_EQ(apnsPriority(message), "5");
}

TEST(FcmSend, DataValuesTravelAsStringsBecauseFcmAcceptsNoOther) {
  FakeGoogle google;
  FcmInstance fcm(configFor(google));
  auto m = pushTo("device-abc");
  m.data_json = R"({"count":3,"ratio":1.5,"urgent":true,"none":null,"tags":["a","b"],"meta":{"k":"v"},"text":"plain"})";
  ASSERT_EQ(fcm.send(m).outcome.status, SB_OK);

  auto data = sentMessage(google)->getObject("data");
  for (const auto& [key, value] : *data) EXPECT_TRUE(value.isString()) << key;
  EXPECT_EQ(data->getValue<std::string>("count"), "3");
  EXPECT_EQ(data->getValue<std::string>("ratio"), "1.5");
  EXPECT_EQ(data->getValue<std::string>("urgent"), "true");
  EXPECT_EQ(data->getValue<std::string>("none"), "null");
  EXPECT_EQ(data->getValue<std::string>("tags"), R"(["a","b"])");
  EXPECT_EQ(data->getValue<std::string>("meta"), R"({"k":"v"})");
  EXPECT_EQ(data->getValue<std::string>("text"), "plain");
}

TEST(FcmSend, UrgentAndHighAskAndroidAndApnsForImmediateDelivery) {
  const std::vector<std::tuple<std::string, std::string, std::string>> cases = {
      {"urgent", "high", "10"}, {"high", "high", "10"}, {"normal", "normal", "5"}, {"low", "normal", "5"}};
  for (const auto& [priority, android, apns] : cases) {
    FakeGoogle google;
    FcmInstance fcm(configFor(google));
    auto m = pushTo("device-abc");
    m.priority = priority;
    ASSERT_EQ(fcm.send(m).outcome.status, SB_OK);
    auto message = sentMessage(google);
    EXPECT_EQ(androidPriority(message), android) << priority;
    EXPECT_EQ(apnsPriority(message), apns) << priority;
  }
}

TEST(FcmSend, DataOnlyMessageHasNoNotificationAndApnsPriorityFive) {
  FakeGoogle google;
  FcmInstance fcm(configFor(google));
  auto m = pushTo("device-abc");
  m.subject.clear();
  m.text.clear();
  m.priority = "urgent";
  ASSERT_EQ(fcm.send(m).outcome.status, SB_OK);
  auto message = sentMessage(google);
  EXPECT_FALSE(message->has("notification"));
  EXPECT_EQ(androidPriority(message), "high");
  EXPECT_EQ(apnsPriority(message), "5");  // Apple refuses 10 for a push without an alert
}

TEST(FcmSend, Utf8TextArrivesIntact) {
  FakeGoogle google;
  FcmInstance fcm(configFor(google));
  auto m = pushTo("device-abc");
  m.subject = "Grüße \"aus\" Köln 🎉";
  m.text = "line one\nline two\t\\";
  ASSERT_EQ(fcm.send(m).outcome.status, SB_OK);
  auto notification = sentMessage(google)->getObject("notification");
  EXPECT_EQ(notification->getValue<std::string>("title"), m.subject);
  EXPECT_EQ(notification->getValue<std::string>("body"), m.text);
}

TEST(FcmSend, DryRunAsksFcmToValidateOnly) {
  FakeGoogle google;
  auto config = configFor(google);
  config.emplace_back("dry_run", "true");
  FcmInstance fcm(config);
  auto result = fcm.send("device-abc");
  ASSERT_EQ(result.outcome.status, SB_OK) << result.outcome.error;
  EXPECT_EQ(result.provider_message_id, "projects/test-project/messages/fake_message_id");
  EXPECT_TRUE(jsonOf(google.sendRequests().at(0).body)->getValue<bool>("validate_only"));
}

TEST(FcmSend, ProjectIdInTheConfigOverridesTheKeyFiles) {
  FakeGoogle google;
  auto config = configFor(google);
  config.emplace_back("project_id", "other-project");
  FcmInstance fcm(config);
  ASSERT_TRUE(fcm.started()) << fcm.problems();
  fcm.send("device-abc");
  ASSERT_EQ(google.sendRequests().size(), 1u);
  EXPECT_EQ(google.sendRequests()[0].uri, "/v1/projects/other-project/messages:send");
}

TEST(FcmSend, DataThatIsNotAJsonObjectFailsTheDeliveryWithoutCallingFcm) {
  FakeGoogle google;
  FcmInstance fcm(configFor(google));
  auto m = pushTo("device-abc");
  m.data_json = "[1,2]";
  auto result = fcm.send(m);
  EXPECT_EQ(result.outcome.status, SB_PERMANENT);
  EXPECT_EQ(result.failure, SB_FAILURE_RECIPIENT);
  EXPECT_NE(result.outcome.error.find("not a JSON object"), std::string::npos) << result.outcome.error;
  EXPECT_TRUE(google.sendRequests().empty());
}

TEST(FcmSend, AMessageWithoutDeviceTokenIsARecipientError) {
  FakeGoogle google;
  FcmInstance fcm(configFor(google));
  auto result = fcm.send("");
  EXPECT_EQ(result.outcome.status, SB_PERMANENT);
  EXPECT_EQ(result.failure, SB_FAILURE_RECIPIENT);
  EXPECT_TRUE(google.sendRequests().empty());
}

}  // namespace
}  // namespace sb::test::fcm
