// What the host sees of a C++ plugin class: descriptor, tables and library entry.
#include "sdk/fake_host.hpp"
#include "sdk/wrapper_plugins.hpp"

#include <gtest/gtest.h>

#include <cstring>
#include <string>

using namespace sbtest;

SWITCHBOARD_PLUGINS(Scripted, Bare, Replay, EveryOther);

TEST(SdkDescriptor, CarriesTheClassMetadataAndSchema) {
  const sb_plugin_descriptor& d = switchboard::descriptorOf<Scripted>();
  EXPECT_EQ(d.struct_size, sizeof(sb_plugin_descriptor));
  EXPECT_STREQ(d.id, "scripted");
  EXPECT_STREQ(d.version, "2.0.0");
  EXPECT_STREQ(d.kind, SB_KIND_CHANNEL);
  EXPECT_STREQ(d.description, "Outcome chosen by the recipient.");
  EXPECT_EQ(d.threading, SB_THREADING_REENTRANT);
  EXPECT_EQ(d.flags, SB_FLAG_BLOCKING);
  ASSERT_EQ(d.config_field_count, 3u);
  const sb_config_field& endpoint = d.config_schema[0];
  EXPECT_EQ(endpoint.struct_size, sizeof(sb_config_field));
  EXPECT_STREQ(endpoint.key, "endpoint");
  EXPECT_EQ(endpoint.type, SB_CONFIG_STRING);
  EXPECT_NE(endpoint.required, 0);
  EXPECT_EQ(endpoint.secret, 0);
  EXPECT_EQ(endpoint.default_value, nullptr);
  EXPECT_NE(d.config_schema[1].secret, 0);
  EXPECT_EQ(d.config_schema[2].type, SB_CONFIG_DURATION_MS);
  EXPECT_STREQ(d.config_schema[2].default_value, "2s");
  EXPECT_NE(d.health, nullptr);
}

TEST(SdkDescriptor, DefaultsToSerializedAndLeavesOptionalFunctionsNull) {
  const sb_plugin_descriptor& d = switchboard::descriptorOf<Bare>();
  EXPECT_EQ(d.threading, SB_THREADING_SERIALIZED);
  EXPECT_EQ(d.flags, 0u);
  EXPECT_EQ(d.config_schema, nullptr);
  EXPECT_EQ(d.config_field_count, 0u);
  EXPECT_EQ(d.health, nullptr);
  auto* channel = static_cast<const sb_channel_v1*>(d.get_interface(SB_INTERFACE_CHANNEL_V1));
  ASSERT_NE(channel, nullptr);
  EXPECT_NE(channel->send, nullptr);
  EXPECT_EQ(channel->handle_webhook, nullptr);
}

TEST(SdkDescriptor, OffersTheWebhookOnlyWhenTheClassOverridesIt) {
  auto* hooked = static_cast<const sb_channel_v1*>(
      switchboard::descriptorOf<Hooked>().get_interface(SB_INTERFACE_CHANNEL_V1));
  EXPECT_NE(hooked->handle_webhook, nullptr);
  auto* scripted = static_cast<const sb_channel_v1*>(
      switchboard::descriptorOf<Scripted>().get_interface(SB_INTERFACE_CHANNEL_V1));
  EXPECT_EQ(scripted->handle_webhook, nullptr);
}

TEST(SdkDescriptor, OffersSimilarOnlyWhenTheClassOverridesIt) {
  auto table = [](const sb_plugin_descriptor& d) {
    return static_cast<const sb_recommender_v1*>(d.get_interface(SB_INTERFACE_RECOMMENDER_V1));
  };
  EXPECT_EQ(table(switchboard::descriptorOf<Replay>())->similar, nullptr);
  EXPECT_NE(table(switchboard::descriptorOf<Neighbours>())->similar, nullptr);
  EXPECT_STREQ(switchboard::descriptorOf<Replay>().kind, SB_KIND_RECOMMENDER);
  EXPECT_STREQ(switchboard::descriptorOf<EveryOther>().kind, SB_KIND_RULE);
}

TEST(SdkDescriptor, AnswersOnlyItsOwnInterfaceId) {
  const sb_plugin_descriptor& channel = switchboard::descriptorOf<Scripted>();
  EXPECT_NE(channel.get_interface(SB_INTERFACE_CHANNEL_V1), nullptr);
  EXPECT_EQ(channel.get_interface(SB_INTERFACE_RULE_V1), nullptr);
  EXPECT_EQ(channel.get_interface("switchboard.channel/2"), nullptr);
  EXPECT_EQ(channel.get_interface(nullptr), nullptr);
  const sb_plugin_descriptor& rule = switchboard::descriptorOf<EveryOther>();
  EXPECT_NE(rule.get_interface(SB_INTERFACE_RULE_V1), nullptr);
  EXPECT_EQ(rule.get_interface(SB_INTERFACE_CHANNEL_V1), nullptr);
}

TEST(SdkDescriptor, EntryPointListsEveryPluginWithTheAbiVersion) {
  const sb_library* library = switchboard_plugin_library_v1(SB_ABI_MAJOR, SB_ABI_MINOR);
  ASSERT_NE(library, nullptr);
  EXPECT_EQ(library->struct_size, sizeof(sb_library));
  EXPECT_EQ(library->abi_major, SB_ABI_MAJOR);
  EXPECT_EQ(library->abi_minor, SB_ABI_MINOR);
  EXPECT_EQ(library->min_host_minor, 0);
  ASSERT_EQ(library->plugin_count, 4u);
  EXPECT_STREQ(library->plugins[0]->id, "scripted");
  EXPECT_STREQ(library->plugins[3]->id, "every_other");
  EXPECT_EQ(library->plugins[1], &switchboard::descriptorOf<Bare>());
}

TEST(SdkDescriptor, EveryFunctionTheHostCallsIsNoexcept) {
  using namespace switchboard::detail;
  static_assert(noexcept(create<Scripted>(nullptr, nullptr, nullptr, nullptr)));
  static_assert(noexcept(destroy<Scripted>(nullptr)));
  static_assert(noexcept(getInterface<Scripted>(nullptr)));
  static_assert(noexcept(health<Scripted>(nullptr, nullptr)));
  static_assert(noexcept(channelSend<Scripted>(nullptr, nullptr, nullptr, nullptr)));
  static_assert(noexcept(channelWebhook<Hooked>(nullptr, nullptr, nullptr, nullptr)));
  static_assert(noexcept(recommenderFit<Replay>(nullptr, nullptr, nullptr)));
  static_assert(noexcept(recommenderRecommend<Replay>(nullptr, nullptr, nullptr, nullptr)));
  static_assert(noexcept(recommenderSimilar<Neighbours>(nullptr, nullptr, sb_str{}, 0, nullptr)));
  static_assert(noexcept(recommenderSave<Replay>(nullptr, nullptr, nullptr)));
  static_assert(noexcept(recommenderLoad<Replay>(nullptr, nullptr, sb_bytes{})));
  static_assert(noexcept(ruleApply<EveryOther>(nullptr, nullptr, nullptr, nullptr)));
  static_assert(noexcept(switchboard_plugin_library_v1(1, 0)));
  SUCCEED();
}
