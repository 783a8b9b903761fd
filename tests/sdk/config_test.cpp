// switchboard::Config: typed reads of the validated values the host passes to create().
#include "sdk/fake_host.hpp"
#include "sdk/wrapper_plugins.hpp"

#include <switchboard/plugin.hpp>

#include <gtest/gtest.h>

#include <chrono>
#include <cstring>
#include <string>
#include <vector>

using sbtest::FakeConfig;
using switchboard::Config;
using switchboard::InvalidConfig;

namespace {

Config typical() {
  FakeConfig raw("smtp-primary");
  raw.set("host", SB_CONFIG_STRING, "mail.example.com")
      .set("port", SB_CONFIG_INT, "587", 587, 587.0)
      .set("ratio", SB_CONFIG_DOUBLE, "0.25", 0, 0.25)
      .set("tls", SB_CONFIG_BOOL, "true", 1)
      .set("timeout", SB_CONFIG_DURATION_MS, "5s", 5000)
      .set("hosts", SB_CONFIG_JSON, R"([ "a@x", "b\"q\u00e9\ud83d\ude00", "c\n" ])");
  return Config(raw.get());  // raw dies here: Config must have copied everything
}

}  // namespace

TEST(SdkConfig, TypedAccessorsReadTheirValues) {
  Config c = typical();
  EXPECT_EQ(c.instanceName(), "smtp-primary");
  EXPECT_EQ(c.string("host"), "mail.example.com");
  EXPECT_EQ(c.integer("port"), 587);
  EXPECT_DOUBLE_EQ(c.number("port"), 587.0);  // INT reads as a number too
  EXPECT_DOUBLE_EQ(c.number("ratio"), 0.25);
  EXPECT_TRUE(c.boolean("tls"));
  EXPECT_EQ(c.duration("timeout"), std::chrono::milliseconds(5000));
  EXPECT_EQ(c.string("timeout"), "5s");  // every value keeps its original text
  EXPECT_TRUE(c.has("host"));
  EXPECT_FALSE(c.has("password"));
}

TEST(SdkConfig, MissingKeyThrowsInvalidConfigUnlessAFallbackIsGiven) {
  Config c = typical();
  EXPECT_THROW(c.string("password"), InvalidConfig);
  EXPECT_EQ(c.string("password", "none"), "none");
  EXPECT_EQ(c.integer("retries", 3), 3);
  EXPECT_DOUBLE_EQ(c.number("factor", 2.0), 2.0);
  EXPECT_FALSE(c.boolean("verbose", false));
  EXPECT_EQ(c.duration("idle", std::chrono::milliseconds(7)), std::chrono::milliseconds(7));
  EXPECT_EQ(c.integer("port", 1), 587);  // the fallback only replaces an absent key
}

TEST(SdkConfig, ReadingWithAnIncompatibleTypeThrowsInvalidConfig) {
  Config c = typical();
  EXPECT_THROW(c.integer("host"), InvalidConfig);
  EXPECT_THROW(c.boolean("port"), InvalidConfig);
  EXPECT_THROW(c.duration("ratio"), InvalidConfig);
  EXPECT_THROW(c.json("host"), InvalidConfig);
  try {
    c.integer("ratio");
    FAIL();
  } catch (const InvalidConfig& e) {
    EXPECT_STREQ(e.what(), "config key 'ratio' is not declared as a integer");
    EXPECT_EQ(e.status(), SB_INVALID_CONFIG);
  }
}

TEST(SdkConfig, StringListDecodesAJsonListOfStrings) {
  Config c = typical();
  std::vector<std::string> expected{"a@x", "b\"q\xC3\xA9\xF0\x9F\x98\x80", "c\n"};
  EXPECT_EQ(c.stringList("hosts"), expected);
}

TEST(SdkConfig, StringListRejectsAnythingButAListOfStrings) {
  for (const char* bad : {"{}", "[1]", "[\"a\",]", "[\"a\"] x", "[\"a", "\"a\"", "[\"\\x\"]", "[\"\\ud800\"]"}) {
    Config c("i", {{"k", SB_CONFIG_JSON, bad, 0, 0}});
    EXPECT_THROW(c.stringList("k"), InvalidConfig) << bad;
  }
  Config empty("i", {{"k", SB_CONFIG_JSON, " [ ] ", 0, 0}});
  EXPECT_TRUE(empty.stringList("k").empty());
}

TEST(SdkConfig, ReadsValuesWithTheHostsStrideWhenItsStructIsLonger) {
  // A later 1.x host may pass longer sb_config_value elements; the wrapper must step by
  // their struct_size (SB_ARRAY_AT), not by its own sizeof.
  struct Longer {
    sb_config_value v;
    double added_in_a_later_minor;
  };
  Longer values[2] = {};
  values[0].v = {sizeof(Longer), sbtest::str("a"), SB_CONFIG_INT, sbtest::str("1"), 1, 1.0};
  values[1].v = {sizeof(Longer), sbtest::str("b"), SB_CONFIG_INT, sbtest::str("2"), 2, 2.0};
  sb_config raw{sizeof(sb_config), sbtest::str("x"), &values[0].v, 2};
  Config c(&raw);
  EXPECT_EQ(c.integer("a"), 1);
  EXPECT_EQ(c.integer("b"), 2);
}

TEST(SdkConfig, ABareHostAndAHandBuiltConfigDriveAPluginClassDirectly) {
  // The testing tip of docs/plugin-guide.md, verbatim.
  switchboard::Host host(nullptr);
  Config config("test", {{"endpoint", SB_CONFIG_STRING, "https://x"}});
  sbtest::Scripted plugin(host, config);
  switchboard::Message message;
  message.notification_id = "n-9";
  message.recipient = "a@example.com";
  EXPECT_EQ(plugin.send(message).provider_message_id, "id-n-9");
  message.recipient = "permanent";
  EXPECT_THROW(plugin.send(message), switchboard::Permanent);
}
