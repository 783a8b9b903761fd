#include "ConfigTestSupport.hpp"

namespace sb::config {
namespace {

using testing::load;
using testing::problemsOf;

TEST(NotificationSettingsConfig, ReadsRoutesInFailoverOrderAndCaps) {
  auto s = load(
      "notifications:\n"
      "  workers: 2\n"
      "  routes:\n"
      "    - channel: email\n"
      "      providers: [smtp-a, smtp-b]\n"
      "  caps:\n"
      "    - {channel: sms, scope: user, limit: 10, window: 1h, action: delay}\n");
  EXPECT_EQ(s.notifications.workers, 2);
  ASSERT_EQ(s.notifications.routes.size(), 1u);
  EXPECT_EQ(s.notifications.routes[0].channel, "email");
  EXPECT_EQ(s.notifications.routes[0].providers, (std::vector<std::string>{"smtp-a", "smtp-b"}));
  EXPECT_EQ(s.notifications.routes[0].mark.line, 4);
  ASSERT_EQ(s.notifications.caps.size(), 1u);
  EXPECT_EQ(s.notifications.caps[0].limit, 10);
  EXPECT_EQ(s.notifications.caps[0].window, std::chrono::hours(1));
  EXPECT_EQ(s.notifications.caps[0].action, "delay");
}

TEST(NotificationSettingsConfig, ReportsRouteProblemsWithPositions) {
  auto problems = problemsOf(
      "notifications:\n"
      "  routes:\n"
      "    - channel: email\n"
      "      providers: [a]\n"
      "    - channel: email\n"
      "      providers: [b]\n"
      "    - providers: [c]\n"
      "  caps:\n"
      "    - {channel: sms, scope: planet, limit: 0}\n");
  std::string all;
  for (const auto& p : problems) all += p.format() + "\n";
  EXPECT_NE(all.find("test.yaml:5:16: notifications.routes[1].channel: duplicate route for channel 'email'"),
            std::string::npos)
      << all;
  EXPECT_NE(all.find("notifications.routes[2].channel: missing required key 'channel'"), std::string::npos) << all;
  EXPECT_NE(all.find("notifications.caps[0].scope"), std::string::npos) << all;
  EXPECT_NE(all.find("notifications.caps[0].limit"), std::string::npos) << all;
}

}  // namespace
}  // namespace sb::config
