// The test plugin libraries behave as tests/fixtures/plugins says: loaded with dlopen()
// and driven through their exported entry, without the host.
#include "sdk/dl_library.hpp"
#include "sdk/fake_host.hpp"

#include <gtest/gtest.h>

#include <cstring>
#include <string>
#include <utility>
#include <vector>

using namespace sbtest;

namespace {

Library fixture(const std::string& name) { return Library(std::string(SB_TEST_PLUGIN_DIR) + "/" + name + ".so"); }

}  // namespace

namespace {

// test_echo's config as the host would pass it: the operator's greeting plus defaults.
void echoConfig(FakeConfig& config, int64_t max = 3) {
  config.set("greeting", SB_CONFIG_STRING, "hi")
      .set("max", SB_CONFIG_INT, std::to_string(max), max, static_cast<double>(max))
      .set("timeout", SB_CONFIG_DURATION_MS, "5s", 5000)
      .set("verbose", SB_CONFIG_BOOL, "false", 0);
}

sb_status sendTo(const sb_plugin_descriptor& d, void* instance, const std::string& recipient, FakeCall& call,
                 SendSink& sink) {
  auto* channel = static_cast<const sb_channel_v1*>(d.get_interface(SB_INTERFACE_CHANNEL_V1));
  FakeMessage m;
  m.recipient = recipient;
  sb_message raw = m.get();
  return channel->send(instance, &call.raw, &raw, &sink.raw);
}

}  // namespace

TEST(SdkFixtures, EchoDescribesItselfAsSpecified) {
  Library lib = fixture("test_echo");
  const sb_plugin_descriptor& d = lib.plugin("test_echo");
  EXPECT_STREQ(d.version, "1.2.3");
  EXPECT_STREQ(d.kind, SB_KIND_CHANNEL);
  EXPECT_EQ(d.threading, SB_THREADING_REENTRANT);
  ASSERT_EQ(d.config_field_count, 5u);
  EXPECT_STREQ(d.config_schema[0].key, "greeting");
  EXPECT_NE(d.config_schema[0].required, 0);
  EXPECT_STREQ(d.config_schema[1].key, "token");
  EXPECT_NE(d.config_schema[1].secret, 0);
  EXPECT_EQ(d.config_schema[1].default_value, nullptr);
  EXPECT_STREQ(d.config_schema[2].default_value, "3");
  EXPECT_STREQ(d.config_schema[3].default_value, "5s");
  EXPECT_EQ(d.config_schema[3].type, SB_CONFIG_DURATION_MS);
  EXPECT_STREQ(d.config_schema[4].default_value, "false");
  EXPECT_NE(d.health, nullptr);
}

TEST(SdkFixtures, EchoAnswersAsItsRecipientAsks) {
  Library lib = fixture("test_echo");
  const sb_plugin_descriptor& d = lib.plugin("test_echo");
  FakeHost host;
  FakeConfig config;
  echoConfig(config);
  Created c(d, host, config);
  ASSERT_EQ(c.status, SB_OK);
  EXPECT_EQ(host.logs.at(0).second, "test_echo test-instance says hi");

  FakeCall ok_call, retry, permanent, thrown;
  SendSink sink;
  EXPECT_EQ(sendTo(d, c.instance, "someone", ok_call, sink), SB_OK);
  EXPECT_EQ(sink.provider_message_id, "echo-n-1");
  EXPECT_EQ(sendTo(d, c.instance, "retry", retry, sink), SB_RETRY);
  EXPECT_EQ(retry.retry_after_ms, 1500);
  EXPECT_EQ(sendTo(d, c.instance, "permanent", permanent, sink), SB_PERMANENT);
  EXPECT_EQ(sendTo(d, c.instance, "throw", thrown, sink), SB_INTERNAL);
  EXPECT_EQ(thrown.error, "boom");
  FakeCall health;
  EXPECT_EQ(d.health(c.instance, &health.raw), SB_OK);
}

TEST(SdkFixtures, EchoRefusesANegativeMax) {
  Library lib = fixture("test_echo");
  FakeHost host;
  FakeConfig config;
  echoConfig(config, -1);
  Created c(lib.plugin("test_echo"), host, config);
  EXPECT_EQ(c.status, SB_INVALID_CONFIG);
  EXPECT_EQ(c.create_call.error, "max must not be negative");
}

TEST(SdkFixtures, EchoWebhookAnswersOkAndReportsTheIdInTheBody) {
  Library lib = fixture("test_echo");
  const sb_plugin_descriptor& d = lib.plugin("test_echo");
  FakeHost host;
  FakeConfig config;
  echoConfig(config);
  Created c(d, host, config);
  std::string body = "echo-n-7";
  sb_webhook_request request{sizeof(sb_webhook_request), str("POST"), str("https://h/w"), nullptr, 0,
                             sb_bytes{reinterpret_cast<const uint8_t*>(body.data()), body.size()}};
  FakeCall call;
  WebhookSink sink;
  auto* channel = static_cast<const sb_channel_v1*>(d.get_interface(SB_INTERFACE_CHANNEL_V1));
  ASSERT_EQ(channel->handle_webhook(c.instance, &call.raw, &request, &sink.raw), SB_OK);
  EXPECT_EQ(sink.status, 200);
  EXPECT_EQ(sink.body, "ok");
  EXPECT_EQ(sink.updates, (std::vector<std::vector<std::string>>{{"echo-n-7", "delivered", ""}}));
}

TEST(SdkFixtures, DuplicateCarriesTheEchoIdWithAnotherVersion) {
  Library lib = fixture("test_duplicate");
  EXPECT_STREQ(lib.plugin("test_echo").version, "9.9.9-duplicate");
}

TEST(SdkFixtures, PureCRuleReversesTheCandidates) {
  Library lib = fixture("test_pure_c");
  const sb_plugin_descriptor& d = lib.plugin("test_reverse");
  EXPECT_STREQ(d.kind, SB_KIND_RULE);
  FakeHost host;
  FakeConfig config;
  Created c(d, host, config);
  sb_candidate a{sizeof(sb_candidate), str("a"), 3, str(""), nullptr, 0, str(""), 0};
  sb_candidate b{sizeof(sb_candidate), str("b"), 2, str(""), nullptr, 0, str(""), 0};
  sb_candidate z{sizeof(sb_candidate), str("z"), 1, str(""), nullptr, 0, str(""), 0};
  const sb_candidate* candidates[] = {&a, &b, &z};
  sb_rule_input input{};
  input.struct_size = sizeof input;
  input.candidates = candidates;
  input.candidate_count = 3;
  FakeCall call;
  RuleSink sink;
  ASSERT_EQ(c.table<sb_rule_v1>(SB_INTERFACE_RULE_V1).apply(c.instance, &call.raw, &input, &sink.raw), SB_OK);
  EXPECT_EQ(sink.kept, (std::vector<std::pair<size_t, double>>{{2, 1}, {1, 2}, {0, 3}}));
}

TEST(SdkFixtures, MultiPopularRanksByInteractionsAndRoundTripsItsModel) {
  Library lib = fixture("test_multi");
  ASSERT_EQ(lib.library().plugin_count, 2u);
  const sb_plugin_descriptor& d = lib.plugin("test_popular");
  FakeHost host;
  FakeConfig config;
  Created c(d, host, config);
  const auto& table = c.table<sb_recommender_v1>(SB_INTERFACE_RECOMMENDER_V1);
  sb_item items[3] = {{sizeof(sb_item), str("a"), {}, {}, nullptr, 0, {}, 0},
                      {sizeof(sb_item), str("b"), {}, {}, nullptr, 0, {}, 0},
                      {sizeof(sb_item), str("c"), {}, {}, nullptr, 0, {}, 0}};
  const sb_item* item_ptrs[] = {&items[0], &items[1], &items[2]};
  std::vector<sb_interaction> interactions;
  for (uint32_t item : {1u, 2u, 1u, 0u, 1u, 2u}) interactions.push_back({0, item, 1.0f, 0});
  sb_dataset data{sizeof(sb_dataset), nullptr, 0, item_ptrs, 3, interactions.data(), interactions.size(),
                  sizeof(sb_interaction), 0};
  FakeCall call;
  ASSERT_EQ(table.fit(c.instance, &call.raw, &data), SB_OK);

  sb_str exclude[] = {str("c")};
  sb_recommend_request request{};
  request.struct_size = sizeof request;
  request.limit = 10;
  request.exclude_item_ids = exclude;
  request.exclude_count = 1;
  CandidateSink first;
  ASSERT_EQ(table.recommend(c.instance, &call.raw, &request, &first.raw), SB_OK);
  EXPECT_EQ(first.items, (std::vector<std::pair<std::string, double>>{{"b", 3}, {"a", 1}}));

  BytesSink saved;
  ASSERT_EQ(table.save(c.instance, &call.raw, &saved.raw), SB_OK);
  EXPECT_EQ(saved.data, "test_popular/1\nb\t3\nc\t2\na\t1\n");
  Created fresh(d, host, config);
  ASSERT_EQ(table.load(fresh.instance, &call.raw,
                       sb_bytes{reinterpret_cast<const uint8_t*>(saved.data.data()), saved.data.size()}),
            SB_OK);
  CandidateSink second;
  ASSERT_EQ(table.recommend(fresh.instance, &call.raw, &request, &second.raw), SB_OK);
  EXPECT_EQ(second.items, first.items);
  EXPECT_EQ(table.load(fresh.instance, &call.raw, sb_bytes{reinterpret_cast<const uint8_t*>("junk"), 4}),
            SB_UNSUPPORTED);
}

TEST(SdkFixtures, MultiBoostMultipliesTheConfiguredCategory) {
  Library lib = fixture("test_multi");
  FakeHost host;
  FakeConfig config;
  config.set("category", SB_CONFIG_STRING, "films").set("factor", SB_CONFIG_DOUBLE, "2.0", 0, 2.0);
  Created c(lib.plugin("test_boost"), host, config);
  ASSERT_EQ(c.status, SB_OK);
  sb_candidate book{sizeof(sb_candidate), str("book"), 3, str("books"), nullptr, 0, str(""), 0};
  sb_candidate film{sizeof(sb_candidate), str("film"), 2, str("films"), nullptr, 0, str(""), 0};
  const sb_candidate* candidates[] = {&book, &film};
  sb_rule_input input{};
  input.struct_size = sizeof input;
  input.candidates = candidates;
  input.candidate_count = 2;
  FakeCall call;
  RuleSink sink;
  ASSERT_EQ(c.table<sb_rule_v1>(SB_INTERFACE_RULE_V1).apply(c.instance, &call.raw, &input, &sink.raw), SB_OK);
  EXPECT_EQ(sink.kept, (std::vector<std::pair<size_t, double>>{{1, 4}, {0, 3}}));
}

TEST(SdkFixtures, ThrowingReportsInternalFromEveryCall) {
  Library lib = fixture("test_throwing");
  const sb_plugin_descriptor& d = lib.plugin("test_throwing");
  FakeHost host;
  FakeConfig config;
  Created c(d, host, config);
  ASSERT_EQ(c.status, SB_OK);
  FakeCall send_call, hook_call, health_call;
  SendSink sink;
  EXPECT_EQ(sendTo(d, c.instance, "anyone", send_call, sink), SB_INTERNAL);
  EXPECT_EQ(send_call.error, "send exploded");
  sb_webhook_request request{sizeof(sb_webhook_request), {}, {}, nullptr, 0, {}};
  WebhookSink hook;
  auto* channel = static_cast<const sb_channel_v1*>(d.get_interface(SB_INTERFACE_CHANNEL_V1));
  EXPECT_EQ(channel->handle_webhook(c.instance, &hook_call.raw, &request, &hook.raw), SB_INTERNAL);
  EXPECT_EQ(hook_call.error, "unknown exception");
  EXPECT_EQ(d.health(c.instance, &health_call.raw), SB_INTERNAL);
  EXPECT_EQ(health_call.error, "health exploded");
}

TEST(SdkFixtures, VersionMisfitsClaimWhatTheirNamesSay) {
  Library major_lib = fixture("test_newer_major");
  EXPECT_EQ(major_lib.library().abi_major, 2);
  Library minor_lib = fixture("test_newer_minor");
  const sb_library& minor = minor_lib.library();
  EXPECT_EQ(minor.abi_major, 1);
  EXPECT_EQ(minor.min_host_minor, 99);
}

TEST(SdkFixtures, NoEntryLoadsButHasNoEntrySymbol) {
  Library lib = fixture("test_no_entry");
  EXPECT_EQ(lib.entry(), nullptr);
}

TEST(SdkFixtures, BadDescriptorIsTooShortThenNamesNoId) {
  Library lib = fixture("test_bad_descriptor");
  const sb_library& l = lib.library();
  ASSERT_EQ(l.plugin_count, 2u);
  EXPECT_STREQ(l.plugins[0]->id, "test_bad_short");
  EXPECT_FALSE(SB_HAS_FIELD(l.plugins[0], sb_plugin_descriptor, create));
  EXPECT_EQ(l.plugins[1]->id, nullptr);
}
