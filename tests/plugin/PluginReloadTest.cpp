// Hot reload of the plugin set: stage() beside the live registry, adopt() at once, with real
// libraries from tests/fixtures/plugins. test_duplicate.so is test_echo under another
// version: copied over test_echo.so it is "a changed .so".
#include "metrics/MetricsRegistry.hpp"
#include "plugin/ChannelCalls.hpp"
#include "plugin/PluginRegistry.hpp"
#include "support/TempDir.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>

namespace sb::plugin {
namespace {

namespace fs = std::filesystem;

std::string fixture(const std::string& name) { return std::string(SB_TEST_PLUGIN_DIR) + "/" + name + ".so"; }

config::PluginInstanceSettings echo(const std::string& name, const std::string& greeting) {
  config::PluginInstanceSettings s;
  s.name = name;
  s.plugin = "test_echo";
  config::PluginConfigEntry e;
  e.key = "greeting";
  e.scalar = greeting;
  s.config = {e};
  return s;
}

bool mentions(const std::vector<std::string>& lines, const std::string& text) {
  return std::any_of(lines.begin(), lines.end(), [&](const auto& l) { return l.find(text) != std::string::npos; });
}

std::string sendThrough(PluginInstance& instance, const std::string& id) {
  OutboundMessage m;
  m.notification_id = id;
  m.recipient = "dana";
  return sendMessage(instance, m).provider_message_id;
}

class PluginReloadTest : public ::testing::Test {
 protected:
  void SetUp() override {
    fs::copy_file(fixture("test_echo"), dir.file("test_echo.so"));
    settings.paths = {dir.path()};
    settings.instances = {echo("a", "hello"), echo("b", "hi")};
    ASSERT_TRUE(registry.load(settings).ok());
  }
  // Stages `next`, adopts it when it has no problems; the changes made.
  ReloadChanges reload(const config::PluginSettings& next, LoadReport* out = nullptr) {
    LoadReport report;
    ReloadChanges changes;
    auto staged = registry.stage(next, report, changes);
    if (report.ok()) registry.adopt(std::move(*staged));
    if (out) *out = report;
    return changes;
  }
  // Replaces the file the way `install` or `cp new tmp && mv tmp old` does: a new inode.
  void replaceEchoWith(const std::string& fixtureName) {
    fs::copy_file(fixture(fixtureName), dir.file("incoming.tmp"));
    fs::rename(dir.file("incoming.tmp"), dir.file("test_echo.so"));
  }

  test::TempDir dir{"sb-reload-plugins"};
  metrics::MetricsRegistry metrics;
  PluginRegistry registry{metrics, HttpClientDefaults{}, 3};
  config::PluginSettings settings;
};

TEST_F(PluginReloadTest, NothingChangedKeepsEveryInstanceObject) {
  auto a = registry.instance("a"), b = registry.instance("b");
  auto changes = reload(settings);
  EXPECT_TRUE(changes.empty()) << (changes.instances.empty() ? changes.libraries[0] : changes.instances[0]);
  EXPECT_EQ(registry.instance("a"), a);
  EXPECT_EQ(registry.instance("b"), b);
}

TEST_F(PluginReloadTest, AChangedConfigReCreatesOnlyThatInstance) {
  auto a = registry.instance("a"), b = registry.instance("b");
  auto next = settings;
  next.instances[1] = echo("b", "changed");
  next.instances.push_back(echo("c", "new"));
  auto changes = reload(next);
  EXPECT_EQ(registry.instance("a"), a);
  EXPECT_NE(registry.instance("b"), b);
  ASSERT_NE(registry.instance("c"), nullptr);
  EXPECT_TRUE(mentions(changes.instances, "instance b: replaced (its config changed)"));
  EXPECT_TRUE(mentions(changes.instances, "instance c: created"));
  // The old b still answers for whoever holds it (an in-flight call).
  EXPECT_EQ(sendThrough(*b, "n-1"), "echo-n-1");
}

TEST_F(PluginReloadTest, AReplacedLibraryIsLoadedBesideTheOldOneAndItsInstancesSwapped) {
  auto held = registry.instance("a");
  replaceEchoWith("test_duplicate");
  auto changes = reload(settings);
  EXPECT_TRUE(mentions(changes.libraries, "replaced test_echo 1.2.3 with 9.9.9-duplicate")) << changes.libraries.size();
  EXPECT_TRUE(mentions(changes.instances, "instance a: replaced (its plugin's library changed)"));
  auto now = registry.instance("a");
  ASSERT_NE(now, held);
  EXPECT_EQ(now->plugin().version(), "9.9.9-duplicate");
  // Both copies are mapped: the old instance still runs the old code.
  EXPECT_EQ(held->plugin().version(), "1.2.3");
  EXPECT_EQ(sendThrough(*held, "n-2"), "echo-n-2");
  EXPECT_EQ(sendThrough(*now, "n-3"), "echo-n-3");
}

TEST_F(PluginReloadTest, OverwritingTheFileInPlaceDoesNotTouchTheRunningCode) {
  auto held = registry.instance("a");
  // `cp` over the file keeps its inode and rewrites the bytes the running copy came from.
  fs::copy_file(fixture("test_duplicate"), dir.file("test_echo.so"), fs::copy_options::overwrite_existing);
  EXPECT_EQ(sendThrough(*held, "n-4"), "echo-n-4");
  auto changes = reload(settings);
  EXPECT_EQ(registry.instance("a")->plugin().version(), "9.9.9-duplicate");
  EXPECT_EQ(sendThrough(*held, "n-5"), "echo-n-5");
}

TEST_F(PluginReloadTest, ARemovedInstanceRetiresAndAProblemLeavesEverythingAsItWas) {
  auto a = registry.instance("a");
  auto next = settings;
  next.instances.erase(next.instances.begin());
  auto changes = reload(next);
  EXPECT_EQ(registry.instance("a"), nullptr);
  EXPECT_TRUE(mentions(changes.instances, "instance a: retired"));
  EXPECT_EQ(sendThrough(*a, "n-6"), "echo-n-6");  // retired, but alive while held

  auto b = registry.instance("b");
  auto broken = next;
  broken.instances.push_back(echo("d", "x"));
  broken.instances.back().plugin = "no_such_plugin";
  LoadReport report;
  reload(broken, &report);
  EXPECT_FALSE(report.ok());
  EXPECT_EQ(registry.instance("b"), b);
  EXPECT_EQ(registry.instance("d"), nullptr);
}

}  // namespace
}  // namespace sb::plugin
