// The console example (sdk/examples/console_channel), through the library built in tree.
#include "sdk/dl_library.hpp"
#include "sdk/fake_host.hpp"

#include <gtest/gtest.h>

#include <string>

using namespace sbtest;

namespace {

struct Console {
  Library library{std::string(SB_PLUGIN_DIR) + "/console.so"};
  const sb_plugin_descriptor& descriptor = library.plugin("console");
  FakeHost host;
  FakeConfig config;

  // The config the host builds from `config: {prefix: ..., fail_recipients: ...}` + defaults.
  explicit Console(const char* fail_recipients = "[]") {
    config.set("prefix", SB_CONFIG_STRING, "[dev]").set("fail_recipients", SB_CONFIG_JSON, fail_recipients);
  }
  sb_status send(Created& c, FakeMessage message, FakeCall& call, SendSink& sink) {
    sb_message raw = message.get();
    return c.table<sb_channel_v1>(SB_INTERFACE_CHANNEL_V1).send(c.instance, &call.raw, &raw, &sink.raw);
  }
};

}  // namespace

TEST(SdkConsoleExample, DeclaresItsSchemaWithDefaults) {
  Console console;
  const sb_plugin_descriptor& d = console.descriptor;
  EXPECT_STREQ(d.kind, SB_KIND_CHANNEL);
  ASSERT_EQ(d.config_field_count, 2u);
  EXPECT_STREQ(d.config_schema[0].key, "prefix");
  EXPECT_STREQ(d.config_schema[0].default_value, "[console]");
  EXPECT_STREQ(d.config_schema[1].key, "fail_recipients");
  EXPECT_EQ(d.config_schema[1].type, SB_CONFIG_JSON);
  EXPECT_STREQ(d.config_schema[1].default_value, "[]");
}

TEST(SdkConsoleExample, LogsOneLineAndAnswersWithAConsoleId) {
  Console console;
  Created c(console.descriptor, console.host, console.config);
  ASSERT_EQ(c.status, SB_OK);
  FakeMessage message;
  message.notification_id = "n-42";
  message.text = "line one\nline two " + std::string(300, 'x');
  FakeCall call;
  SendSink sink;
  ASSERT_EQ(console.send(c, message, call, sink), SB_OK);
  EXPECT_EQ(sink.provider_message_id, "console-n-42");
  ASSERT_EQ(console.host.logs.size(), 1u);
  EXPECT_EQ(console.host.logs[0].first, SB_LOG_INFO);
  std::string text = "line one line two " + std::string(200 - 18, 'x');
  EXPECT_EQ(console.host.logs[0].second, "[dev] to=someone@example.com subject=Hello text=" + text);
}

TEST(SdkConsoleExample, RejectsConfiguredRecipientsPermanently) {
  Console console(R"(["bad@example.com"])");
  Created c(console.descriptor, console.host, console.config);
  FakeMessage message;
  message.recipient = "bad@example.com";
  FakeCall call;
  SendSink sink;
  EXPECT_EQ(console.send(c, message, call, sink), SB_PERMANENT);
  EXPECT_EQ(call.error, "rejected by configuration");
  EXPECT_TRUE(console.host.logs.empty());
}

TEST(SdkConsoleExample, RefusesFailRecipientsThatAreNotAListOfStrings) {
  Console console(R"({"a": 1})");
  Created c(console.descriptor, console.host, console.config);
  EXPECT_EQ(c.status, SB_INVALID_CONFIG);
}
