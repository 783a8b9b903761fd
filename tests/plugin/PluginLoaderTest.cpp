// The host side of the ABI, exercised with real libraries from tests/fixtures/plugins.
#include "metrics/MetricsRegistry.hpp"
#include "plugin/ChannelCalls.hpp"
#include "plugin/PluginRegistry.hpp"
#include "support/TempDir.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <set>

namespace sb::plugin {
namespace {

namespace fs = std::filesystem;

// A plugin folder holding copies of the named fixture libraries.
class PluginFolder {
 public:
  explicit PluginFolder(std::initializer_list<std::string> names) {
    for (const auto& n : names) fs::copy_file(std::string(SB_TEST_PLUGIN_DIR) + "/" + n + ".so", dir_.file(n + ".so"));
  }
  const std::string& path() const { return dir_.path(); }

 private:
  test::TempDir dir_{"sb-plugins"};
};

config::PluginConfigEntry entry(const std::string& key, const std::string& value, int line = 10) {
  config::PluginConfigEntry e;
  e.key = key;
  e.scalar = value;
  e.mark = {"test.yaml", line, 7};
  return e;
}

config::PluginInstanceSettings echoInstance(const std::string& name, std::vector<config::PluginConfigEntry> cfg) {
  config::PluginInstanceSettings s;
  s.name = name;
  s.plugin = "test_echo";
  s.config = std::move(cfg);
  s.mark = {"test.yaml", 8, 7};
  return s;
}

class PluginLoaderTest : public ::testing::Test {
 protected:
  LoadReport load(const PluginFolder& folder, std::vector<config::PluginInstanceSettings> instances = {}) {
    config::PluginSettings s;
    s.paths = {folder.path()};
    s.instances = std::move(instances);
    return registry.load(s);
  }
  std::string rejectionFor(const LoadReport& report, const std::string& fileName) {
    for (const auto& r : report.rejected)
      if (fs::path(r.file).filename() == fileName) return r.reason;
    return "";
  }

  metrics::MetricsRegistry metrics;
  PluginRegistry registry{metrics, HttpClientDefaults{}, 3};
};

TEST_F(PluginLoaderTest, LoadsAPluginBuiltAgainstTheHeaderAndReportsItsIdentity) {
  PluginFolder folder{"test_echo"};
  auto report = load(folder);
  EXPECT_TRUE(report.rejected.empty());
  auto plugins = registry.plugins();
  ASSERT_EQ(plugins.size(), 1u);
  EXPECT_EQ(plugins[0]->id(), "test_echo");
  EXPECT_EQ(plugins[0]->version(), "1.2.3");
  EXPECT_EQ(plugins[0]->kind(), "channel");
  EXPECT_EQ(plugins[0]->abiVersion(), "1.0");
  EXPECT_TRUE(plugins[0]->reentrant());
  EXPECT_EQ(plugins[0]->schema().size(), 5u);
}

TEST_F(PluginLoaderTest, LoadsAPluginWrittenInPlainC) {
  PluginFolder folder{"test_pure_c"};
  load(folder);
  ASSERT_EQ(registry.plugins().size(), 1u);
  EXPECT_EQ(registry.plugins()[0]->kind(), "rule");
}

TEST_F(PluginLoaderTest, OneLibraryMayExportSeveralPlugins) {
  PluginFolder folder{"test_multi"};
  load(folder);
  std::set<std::string> ids;
  for (const auto& p : registry.plugins()) ids.insert(p->id());
  EXPECT_EQ(ids, (std::set<std::string>{"test_popular", "test_boost"}));
}

TEST_F(PluginLoaderTest, RefusesNewerAbiMajorNamingFileAndBothVersions) {
  PluginFolder folder{"test_newer_major", "test_echo"};
  auto report = load(folder);
  auto reason = rejectionFor(report, "test_newer_major.so");
  EXPECT_NE(reason.find("plugin ABI 2."), std::string::npos) << reason;
  EXPECT_NE(reason.find("host ABI 1.0"), std::string::npos) << reason;
  EXPECT_EQ(report.rejected[0].file, folder.path() + "/test_newer_major.so");
  EXPECT_EQ(registry.plugins().size(), 1u);  // the good one still loads
}

TEST_F(PluginLoaderTest, RefusesALibraryThatNeedsANewerHostMinor) {
  PluginFolder folder{"test_newer_minor"};
  auto reason = rejectionFor(load(folder), "test_newer_minor.so");
  EXPECT_NE(reason.find("needs host ABI 1.99 or later, this host is 1.0"), std::string::npos) << reason;
}

TEST_F(PluginLoaderTest, LoadsAPluginBuiltByALaterMinorWithLargerStructs) {
  PluginFolder folder{"test_future_minor"};
  config::PluginInstanceSettings s;
  s.name = "future";
  s.plugin = "test_future_minor";
  s.config = {entry("retries", "9")};
  auto report = load(folder, {s});
  ASSERT_TRUE(report.rejected.empty()) << report.rejected[0].reason;
  ASSERT_TRUE(report.ok()) << report.problems[0].format();
  auto plugin = registry.plugins().at(0);
  EXPECT_EQ(plugin->abiVersion(), "1.7");
  ASSERT_EQ(plugin->schema().size(), 2u);  // read with the plugin's stride, not sizeof
  EXPECT_EQ(plugin->schema()[1].key, "retries");
  EXPECT_EQ(plugin->schema()[1].default_value, "3");
  auto config = registry.instance("future")->config().redacted();
  EXPECT_EQ(config->getValue<int>("retries"), 9);
  EXPECT_EQ(config->getValue<std::string>("endpoint"), "http://localhost");
  OutboundMessage m;
  m.recipient = "x";
  EXPECT_EQ(sendMessage(*registry.instance("future"), m).outcome.status, SB_OK);
}

TEST_F(PluginLoaderTest, RefusesALibraryWithoutTheEntrySymbol) {
  PluginFolder folder{"test_no_entry"};
  auto reason = rejectionFor(load(folder), "test_no_entry.so");
  EXPECT_NE(reason.find("missing entry symbol switchboard_plugin_library_v1"), std::string::npos) << reason;
}

TEST_F(PluginLoaderTest, RefusesAMalformedDescriptor) {
  PluginFolder folder{"test_bad_descriptor"};
  auto report = load(folder);
  EXPECT_FALSE(rejectionFor(report, "test_bad_descriptor.so").empty());
  EXPECT_TRUE(registry.plugins().empty());
}

TEST_F(PluginLoaderTest, RefusesADuplicatePluginIdNamingTheFirstFile) {
  PluginFolder folder{"test_echo", "test_duplicate"};
  auto reason = rejectionFor(load(folder), "test_echo.so") + rejectionFor(load(folder), "test_duplicate.so");
  EXPECT_NE(reason.find("duplicate plugin id 'test_echo'"), std::string::npos) << reason;
  EXPECT_NE(reason.find("already provided by"), std::string::npos) << reason;
  ASSERT_EQ(registry.plugins().size(), 1u);
}

TEST_F(PluginLoaderTest, CreatesSeveralInstancesOfOnePluginWithDefaultsFilled) {
  PluginFolder folder{"test_echo"};
  auto report = load(folder, {echoInstance("echo-a", {entry("greeting", "hi"), entry("token", "s3cret")}),
                              echoInstance("echo-b", {entry("greeting", "hello"), entry("max", "7")})});
  ASSERT_TRUE(report.ok()) << report.problems[0].format();
  ASSERT_EQ(registry.instances().size(), 2u);
  auto a = registry.instance("echo-a")->config().redacted();
  EXPECT_EQ(a->getValue<std::string>("token"), "***");  // secret redacted
  EXPECT_EQ(a->getValue<int>("max"), 3);                 // default
  EXPECT_EQ(a->getValue<std::string>("timeout"), "5s");
  EXPECT_EQ(registry.instance("echo-b")->config().redacted()->getValue<int>("max"), 7);
}

TEST_F(PluginLoaderTest, InstanceConfigErrorsNameFileLineColumnAndKey) {
  PluginFolder folder{"test_echo"};
  auto report = load(folder, {echoInstance("echo", {entry("max", "lots", 12), entry("colour", "blue", 13)})});
  ASSERT_EQ(report.problems.size(), 3u);  // wrong type, unknown key, missing required greeting
  auto all = report.problems[0].format() + "\n" + report.problems[1].format() + "\n" + report.problems[2].format();
  EXPECT_NE(all.find("test.yaml:12:7: plugins.instances[0].config.max: expected an integer"), std::string::npos) << all;
  EXPECT_NE(all.find("test.yaml:13:7: plugins.instances[0].config.colour: unknown key"), std::string::npos) << all;
  EXPECT_NE(all.find("missing required key 'greeting'"), std::string::npos) << all;
  EXPECT_TRUE(registry.instances().empty());
}

TEST_F(PluginLoaderTest, UnknownPluginIdIsAConfigProblem) {
  PluginFolder folder{"test_echo"};
  auto s = echoInstance("x", {});
  s.plugin = "smtp";
  auto report = load(folder, {s});
  ASSERT_EQ(report.problems.size(), 1u);
  EXPECT_NE(report.problems[0].format().find("no loaded plugin has id 'smtp'"), std::string::npos);
}

TEST_F(PluginLoaderTest, PluginRefusingItsConfigAtCreateIsReported) {
  PluginFolder folder{"test_echo"};
  auto report = load(folder, {echoInstance("neg", {entry("greeting", "hi"), entry("max", "-1")})});
  ASSERT_EQ(report.problems.size(), 1u);
  EXPECT_NE(report.problems[0].message.find("max must not be negative"), std::string::npos) << report.problems[0].message;
  EXPECT_NE(report.problems[0].message.find("invalid_config"), std::string::npos);
}

TEST_F(PluginLoaderTest, SendMapsEveryStatusWithErrorAndRetryAfter) {
  PluginFolder folder{"test_echo"};
  ASSERT_TRUE(load(folder, {echoInstance("echo", {entry("greeting", "hi")})}).ok());
  auto& echo = *registry.instance("echo");
  OutboundMessage m;
  m.notification_id = "n-1";
  m.recipient = "alice@example.com";
  auto ok = sendMessage(echo, m);
  EXPECT_EQ(ok.outcome.status, SB_OK);
  EXPECT_EQ(ok.provider_message_id, "echo-n-1");
  m.recipient = "retry";
  auto retry = sendMessage(echo, m);
  EXPECT_EQ(retry.outcome.status, SB_RETRY);
  EXPECT_EQ(retry.outcome.retry_after_ms, 1500);
  EXPECT_EQ(retry.outcome.error, "asked to retry");
  m.recipient = "permanent";
  auto provider = sendMessage(echo, m);
  EXPECT_EQ(provider.outcome.status, SB_PERMANENT);
  EXPECT_EQ(provider.failure, SB_FAILURE_PROVIDER);
  m.recipient = "invalid";
  EXPECT_EQ(sendMessage(echo, m).failure, SB_FAILURE_RECIPIENT);
  m.recipient = "gone";
  EXPECT_EQ(sendMessage(echo, m).failure, SB_FAILURE_RECIPIENT_GONE);
  m.recipient = "stopped";
  EXPECT_EQ(sendMessage(echo, m).failure, SB_FAILURE_RECIPIENT_OPTED_OUT);
  m.recipient = "throw";
  auto fault = sendMessage(echo, m);
  EXPECT_EQ(fault.outcome.status, SB_INTERNAL);
  EXPECT_NE(fault.outcome.error.find("boom"), std::string::npos);
}

TEST_F(PluginLoaderTest, WebhookHandlerReturnsResponseAndDeliveryUpdates) {
  PluginFolder folder{"test_echo"};
  ASSERT_TRUE(load(folder, {echoInstance("echo", {entry("greeting", "hi")})}).ok());
  auto result = handleWebhook(*registry.instance("echo"), WebhookCall{"POST", "http://x/webhooks/echo", {}, "msg-7"});
  EXPECT_EQ(result.outcome.status, SB_OK);
  EXPECT_EQ(result.http_status, 200);
  EXPECT_EQ(result.body, "ok");
  ASSERT_EQ(result.updates.size(), 1u);
  EXPECT_EQ(result.updates[0].provider_message_id, "msg-7");
  EXPECT_EQ(result.updates[0].status, "delivered");
}

TEST_F(PluginLoaderTest, APluginThatThrowsFromEveryCallIsDisabledAndTheHostCarriesOn) {
  PluginFolder folder{"test_throwing", "test_echo"};
  config::PluginInstanceSettings bad;
  bad.name = "bad";
  bad.plugin = "test_throwing";
  auto report = load(folder, {bad, echoInstance("echo", {entry("greeting", "hi")})});
  ASSERT_TRUE(report.ok()) << report.problems[0].format();
  auto instance = registry.instance("bad");
  OutboundMessage m;
  m.recipient = "anyone";
  for (int i = 0; i < 3; ++i) EXPECT_EQ(sendMessage(*instance, m).outcome.status, SB_INTERNAL);
  auto health = instance->health();
  EXPECT_EQ(health.state, InstanceState::Disabled);
  EXPECT_EQ(health.faults, 3u);
  EXPECT_NE(health.reason.find("consecutive faults"), std::string::npos);
  // Disabled: no further calls reach the plugin.
  EXPECT_EQ(sendMessage(*instance, m).outcome.status, SB_UNSUPPORTED);
  EXPECT_EQ(instance->health().calls, 3u);
  // Other instances are unaffected.
  m.recipient = "bob";
  EXPECT_EQ(sendMessage(*registry.instance("echo"), m).outcome.status, SB_OK);
}

TEST_F(PluginLoaderTest, InstancesKeepTheirLibraryLoadedAfterTheRegistryForgetsIt) {
  PluginFolder folder{"test_echo"};
  ASSERT_TRUE(load(folder, {echoInstance("echo", {entry("greeting", "hi")})}).ok());
  auto held = registry.instance("echo");
  config::PluginSettings empty;
  registry.load(empty);  // what a reload without the plugin does
  EXPECT_EQ(registry.instance("echo"), nullptr);
  OutboundMessage m;
  m.notification_id = "n-2";
  m.recipient = "carol";
  EXPECT_EQ(sendMessage(*held, m).provider_message_id, "echo-n-2");  // code still mapped
}

TEST_F(PluginLoaderTest, MissingFolderIsAWarningNotAFailure) {
  config::PluginSettings s;
  s.paths = {"/nonexistent/switchboard/plugins"};
  auto report = registry.load(s);
  EXPECT_TRUE(report.ok());
  ASSERT_EQ(report.warnings.size(), 1u);
}

}  // namespace
}  // namespace sb::plugin
