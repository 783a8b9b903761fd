// The provider chain, failover, breakers and outcome rules, with real channel plugins
// (tests/fixtures/plugins/test_recorder) whose answers the test sets through files.
#include "metrics/MetricsRegistry.hpp"
#include "notify/delivery/DeliveryProcessor.hpp"
#include "plugin/PluginRegistry.hpp"
#include "support/TempDir.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <thread>

namespace sb::notify {
namespace {

struct RecordedFeedback final : RecipientFeedback {
  std::vector<std::string> events;
  void addressGone(const std::string& t, const std::string& u, const std::string& c, const std::string& a) override {
    events.push_back("gone " + t + "/" + u + " " + c + " " + a);
  }
  void optedOut(const std::string& t, const std::string& u, const std::string& c) override {
    events.push_back("optout " + t + "/" + u + " " + c);
  }
};

config::PluginConfigEntry entry(const std::string& key, const std::string& value) {
  config::PluginConfigEntry e;
  e.key = key;
  e.scalar = value;
  return e;
}

class DeliveryProcessorTest : public ::testing::Test {
 protected:
  DeliveryProcessorTest() {
    config::PluginSettings plugins;
    plugins.paths = {SB_TEST_PLUGIN_DIR};
    for (std::string name : {"primary", "backup"}) {
      config::PluginInstanceSettings s;
      s.name = name;
      s.plugin = "test_recorder";
      s.config = {entry("path", dir.file(name + ".log")), entry("mode_file", dir.file(name + ".mode"))};
      plugins.instances.push_back(s);
    }
    auto report = registry.load(plugins);
    EXPECT_TRUE(report.ok()) << (report.problems.empty() ? "" : report.problems[0].format());
    config::NotificationSettings settings;
    settings.breaker_failures = 2;
    settings.breaker_cool_down = std::chrono::milliseconds(60000);
    settings.routes = {{"email", {"primary", "backup"}, {}}};
    router = std::make_unique<ProviderRouter>(settings);
    processor = std::make_unique<DeliveryProcessor>(*router, registry, &feedback,
                                                    BackoffPolicy{std::chrono::milliseconds(1000), std::chrono::milliseconds(60000)},
                                                    3, metrics);
  }

  void mode(const std::string& provider, const std::string& m) { std::ofstream(dir.file(provider + ".mode")) << m; }
  int delivered(const std::string& provider) {
    std::ifstream in(dir.file(provider + ".log"));
    int n = 0;
    for (std::string line; std::getline(in, line);) ++n;
    return n;
  }
  ClaimedDelivery delivery(int attempts = 1) {
    ClaimedDelivery d;
    d.id = "dlv_1";
    d.tenant_id = "t";
    d.notification_id = "ntf_1";
    d.user_id = "u";
    d.channel = "email";
    d.recipient = "a@example.com";
    d.content.subject = "Hi";
    d.attempts = attempts;
    return d;
  }

  test::TempDir dir{"sb-processor"};
  metrics::MetricsRegistry metrics;
  plugin::PluginRegistry registry{metrics, plugin::HttpClientDefaults{}};
  RecordedFeedback feedback;
  std::unique_ptr<ProviderRouter> router;
  std::unique_ptr<DeliveryProcessor> processor;
};

TEST_F(DeliveryProcessorTest, SendsThroughTheFirstProvider) {
  auto out = processor->process(delivery(), 1000);
  EXPECT_EQ(out.kind, DeliveryOutcome::Kind::Sent);
  EXPECT_EQ(out.provider, "primary");
  EXPECT_EQ(out.provider_message_id, "rec-ntf_1");
  ASSERT_EQ(out.attempts.size(), 1u);
  EXPECT_EQ(out.attempts[0].result, "ok");
  EXPECT_EQ(delivered("primary"), 1);
}

TEST_F(DeliveryProcessorTest, FailsOverToTheNextProviderOnARetryableError) {
  mode("primary", "retry");
  auto out = processor->process(delivery(), 1000);
  EXPECT_EQ(out.kind, DeliveryOutcome::Kind::Sent);
  EXPECT_EQ(out.provider, "backup");
  ASSERT_EQ(out.attempts.size(), 2u);
  EXPECT_EQ(out.attempts[0].result, "retry");
  EXPECT_EQ(delivered("backup"), 1);
}

TEST_F(DeliveryProcessorTest, FailsOverOnAProviderSidePermanentFailure) {
  mode("primary", "permanent");
  auto out = processor->process(delivery(), 1000);
  EXPECT_EQ(out.kind, DeliveryOutcome::Kind::Sent);
  EXPECT_EQ(out.provider, "backup");
}

TEST_F(DeliveryProcessorTest, ARecipientSideFailureFailsAtOnceWithoutTryingOtherProviders) {
  mode("primary", "invalid");
  auto out = processor->process(delivery(), 1000);
  EXPECT_EQ(out.kind, DeliveryOutcome::Kind::Final);
  EXPECT_EQ(out.status, DeliveryStatus::Failed);
  EXPECT_EQ(out.reason, "invalid_recipient");
  EXPECT_EQ(out.attempts.size(), 1u);
  EXPECT_EQ(delivered("backup"), 0);
}

TEST_F(DeliveryProcessorTest, AGoneAddressIsReportedForRemoval) {
  mode("primary", "gone");
  auto out = processor->process(delivery(), 1000);
  EXPECT_EQ(out.reason, "recipient_gone");
  ASSERT_EQ(feedback.events.size(), 1u);
  EXPECT_EQ(feedback.events[0], "gone t/u email a@example.com");
  mode("primary", "optout");
  processor->process(delivery(), 1000);
  EXPECT_EQ(feedback.events.back(), "optout t/u email");
}

TEST_F(DeliveryProcessorTest, RetriesLaterWithBackoffWhenEveryProviderFails) {
  mode("primary", "retry_after:5000");
  mode("backup", "retry");
  auto out = processor->process(delivery(1), 1000);
  EXPECT_EQ(out.kind, DeliveryOutcome::Kind::Reschedule);
  EXPECT_GE(out.due_at, 1000 + 5000);  // the provider's retry-after is a floor
  EXPECT_TRUE(out.count_attempt);
}

TEST_F(DeliveryProcessorTest, IsDeadAfterMaxAttempts) {
  mode("primary", "retry");
  mode("backup", "retry");
  auto out = processor->process(delivery(3), 1000);
  EXPECT_EQ(out.kind, DeliveryOutcome::Kind::Final);
  EXPECT_EQ(out.status, DeliveryStatus::Dead);
  EXPECT_EQ(out.reason, "max_attempts");
}

TEST_F(DeliveryProcessorTest, FailsWhenEveryProviderRejectsUsPermanently) {
  mode("primary", "permanent");
  mode("backup", "permanent");
  auto out = processor->process(delivery(), 1000);
  EXPECT_EQ(out.kind, DeliveryOutcome::Kind::Final);
  EXPECT_EQ(out.reason, "providers_rejected");
}

TEST_F(DeliveryProcessorTest, ExpiredDeliveriesAreDeadWithoutBeingSent) {
  auto d = delivery();
  d.expires_at = 500;
  auto out = processor->process(d, 1000);
  EXPECT_EQ(out.status, DeliveryStatus::Dead);
  EXPECT_EQ(out.reason, "expired");
  EXPECT_EQ(delivered("primary"), 0);
}

TEST_F(DeliveryProcessorTest, AnOpenBreakerSkipsTheProviderUntilItsCoolDown) {
  mode("primary", "retry");
  processor->process(delivery(), 1000);
  processor->process(delivery(), 1000);  // two failures open primary's breaker
  EXPECT_EQ(router->breakerStates()["primary"], "open");
  mode("primary", "ok");
  auto out = processor->process(delivery(), 1000);
  EXPECT_EQ(out.provider, "backup");
  ASSERT_EQ(out.attempts.size(), 1u);  // primary was not called
}

TEST_F(DeliveryProcessorTest, WhenEveryBreakerIsOpenTheRoundIsGivenBack) {
  mode("primary", "retry");
  mode("backup", "retry");
  processor->process(delivery(1), 1000);
  processor->process(delivery(1), 1000);
  auto out = processor->process(delivery(2), 1000);
  EXPECT_EQ(out.kind, DeliveryOutcome::Kind::Reschedule);
  EXPECT_FALSE(out.count_attempt);
  EXPECT_TRUE(out.attempts.empty());
  EXPECT_GT(out.due_at, 1000 + 50000);  // when the cool-down ends
}

TEST_F(DeliveryProcessorTest, TheBreakerClosesAgainWhenTheProbeAfterTheCoolDownSucceeds) {
  config::NotificationSettings settings;
  settings.breaker_failures = 1;
  settings.breaker_cool_down = std::chrono::milliseconds(100);
  settings.routes = {{"email", {"primary", "backup"}, {}}};
  ProviderRouter shortRouter(settings);
  DeliveryProcessor p(shortRouter, registry, &feedback, BackoffPolicy{}, 3, metrics);
  mode("primary", "retry");
  EXPECT_EQ(p.process(delivery(), 1000).provider, "backup");  // primary failed once: open
  EXPECT_EQ(shortRouter.breakerStates()["primary"], "open");
  mode("primary", "ok");
  EXPECT_EQ(p.process(delivery(), 1000).provider, "backup");  // still cooling down: skipped
  std::this_thread::sleep_for(std::chrono::milliseconds(150));
  EXPECT_EQ(p.process(delivery(), 1000).provider, "primary");  // the probe succeeds
  EXPECT_EQ(shortRouter.breakerStates()["primary"], "closed");
}

}  // namespace
}  // namespace sb::notify
