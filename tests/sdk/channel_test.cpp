// Channel calls through the C table: results reach the sinks, exceptions become statuses.
#include "sdk/fake_host.hpp"
#include "sdk/wrapper_plugins.hpp"

#include <gtest/gtest.h>

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

using namespace sbtest;

namespace {

// One Scripted instance and a helper that sends to a recipient.
class SdkChannel : public ::testing::Test {
 protected:
  SdkChannel() { config.set("endpoint", SB_CONFIG_STRING, "https://x"); }

  sb_status send(const std::string& recipient) {
    Created& c = instance();
    FakeMessage message;
    message.recipient = recipient;
    sb_message raw = message.get();
    return c.table<sb_channel_v1>(SB_INTERFACE_CHANNEL_V1).send(c.instance, &call.raw, &raw, &sent.raw);
  }
  Created& instance() {
    if (!created) created = std::make_unique<Created>(switchboard::descriptorOf<Scripted>(), host, config);
    return *created;
  }

  FakeHost host;
  FakeConfig config;
  FakeCall call;
  SendSink sent;
  std::unique_ptr<Created> created;
};

}  // namespace

TEST_F(SdkChannel, SendReportsTheProviderMessageId) {
  EXPECT_EQ(send("a@example.com"), SB_OK);
  EXPECT_EQ(sent.provider_message_id, "id-n-1");
  EXPECT_EQ(call.error, "");
  ASSERT_EQ(host.logs.size(), 1u);
  EXPECT_EQ(host.logs[0].second, "to=a@example.com subject=Hello");
}

TEST_F(SdkChannel, EmptyProviderIdIsNotReported) {
  sent.provider_message_id = "untouched";
  EXPECT_EQ(send("no-id"), SB_OK);
  EXPECT_EQ(sent.provider_message_id, "untouched");
}

TEST_F(SdkChannel, RetryReportsReasonAndRetryAfter) {
  EXPECT_EQ(send("retry"), SB_RETRY);
  EXPECT_EQ(call.error, "rate limited");
  EXPECT_EQ(call.retry_after_ms, 250);
}

TEST_F(SdkChannel, RetryWithoutDelayLeavesRetryAfterUnset) {
  EXPECT_EQ(send("retry-now"), SB_RETRY);
  EXPECT_EQ(call.retry_after_ms, -1);
}

TEST_F(SdkChannel, EachErrorClassMapsToItsStatus) {
  EXPECT_EQ(send("permanent"), SB_PERMANENT);
  EXPECT_EQ(call.error, "no such mailbox");
  EXPECT_EQ(send("invalid"), SB_INVALID_CONFIG);
  EXPECT_EQ(call.error, "bad credentials");
  EXPECT_EQ(send("unsupported"), SB_UNSUPPORTED);
  EXPECT_EQ(call.error, "no attachments");
}

TEST_F(SdkChannel, PermanentFailureSaysWhoseFaultItIs) {
  EXPECT_EQ(send("permanent"), SB_PERMANENT);
  EXPECT_EQ(sent.failure, SB_FAILURE_PROVIDER);
  EXPECT_EQ(send("gone"), SB_PERMANENT);
  EXPECT_EQ(sent.failure, SB_FAILURE_RECIPIENT_GONE);
}

TEST_F(SdkChannel, AnOlderSendSinkWithoutSetFailureIsTolerated) {
  sent.raw.struct_size = offsetof(sb_send_out, set_failure);
  EXPECT_EQ(send("gone"), SB_PERMANENT);
  EXPECT_EQ(sent.failure, -1);
}

TEST_F(SdkChannel, StdExceptionBecomesInternalWithWhat) {
  EXPECT_EQ(send("std"), SB_INTERNAL);
  EXPECT_EQ(call.error, "kaput");
}

TEST_F(SdkChannel, UnknownExceptionBecomesInternal) {
  EXPECT_EQ(send("int"), SB_INTERNAL);
  EXPECT_EQ(call.error, "unknown exception");
}

TEST_F(SdkChannel, AnErrorClaimingSuccessBecomesInternal) {
  EXPECT_EQ(send("error-ok"), SB_INTERNAL);
}

TEST_F(SdkChannel, ToleratesACallContextWithoutCallbacks) {
  call.raw.struct_size = offsetof(sb_call, set_error);  // an older, shorter sb_call
  EXPECT_EQ(send("permanent"), SB_PERMANENT);
  EXPECT_EQ(call.error, "");
}

TEST_F(SdkChannel, HealthReportsTheOverridesException) {
  config.set("unhealthy", SB_CONFIG_BOOL, "true", 1);
  Created& c = instance();
  ASSERT_EQ(c.status, SB_OK);
  EXPECT_EQ(switchboard::descriptorOf<Scripted>().health(c.instance, &call.raw), SB_RETRY);
  EXPECT_EQ(call.error, "peer down");
  EXPECT_EQ(call.retry_after_ms, 1000);
}

TEST(SdkCreate, ConstructorInvalidConfigFailsCreateWithNoInstance) {
  FakeHost host;
  FakeConfig config;  // no endpoint
  Created c(switchboard::descriptorOf<Scripted>(), host, config);
  EXPECT_EQ(c.status, SB_INVALID_CONFIG);
  EXPECT_EQ(c.instance, nullptr);
  EXPECT_EQ(c.create_call.error, "endpoint is required");
}

TEST(SdkCreate, ConstructorStdExceptionIsInternal) {
  FakeHost host;
  FakeConfig config;
  config.set("endpoint", SB_CONFIG_STRING, "x").set("explode", SB_CONFIG_BOOL, "true", 1);
  Created c(switchboard::descriptorOf<Scripted>(), host, config);
  EXPECT_EQ(c.status, SB_INTERNAL);
  EXPECT_EQ(c.instance, nullptr);
  EXPECT_EQ(c.create_call.error, "constructor exploded");
}

namespace {

struct WebhookCall {
  std::string body = "prov-1";
  std::string signature;
  sb_status status;
  WebhookSink sink;
  FakeCall call;

  void run() {
    FakeHost host;
    FakeConfig config;
    Created c(switchboard::descriptorOf<Hooked>(), host, config);
    sb_header header{str("X-Signature"), str(signature)};
    sb_webhook_request request{sizeof(sb_webhook_request), str("POST"), str("https://h/webhooks/hooked"), &header, 1,
                               sb_bytes{reinterpret_cast<const uint8_t*>(body.data()), body.size()}};
    status = c.table<sb_channel_v1>(SB_INTERFACE_CHANNEL_V1).handle_webhook(c.instance, &call.raw, &request, &sink.raw);
  }
};

}  // namespace

TEST(SdkWebhook, ResponseAndDeliveryUpdatesReachTheHost) {
  WebhookCall w;
  w.signature = "good";
  w.run();
  EXPECT_EQ(w.status, SB_OK);
  EXPECT_EQ(w.sink.status, 202);
  EXPECT_EQ(w.sink.content_type, "application/json");
  EXPECT_EQ(w.sink.body, "{\"ok\":true}");
  ASSERT_EQ(w.sink.updates.size(), 1u);
  EXPECT_EQ(w.sink.updates[0], (std::vector<std::string>{"prov-1", "delivered", ""}));
}

TEST(SdkWebhook, ResponseIsSentEvenWhenTheHandlerFailsButUpdatesAreNot) {
  WebhookCall w;
  w.signature = "forged";
  w.run();
  EXPECT_EQ(w.status, SB_PERMANENT);
  EXPECT_EQ(w.call.error, "bad signature");
  EXPECT_EQ(w.sink.status, 403);
  EXPECT_EQ(w.sink.body, "bad signature");
  EXPECT_TRUE(w.sink.updates.empty());
}
