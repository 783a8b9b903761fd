// Shared by the webhook plugin's test files: a receiver and a host with the plugin loaded.
#pragma once

#include "plugins/channels/SinglePluginHost.hpp"
#include "WebhookReceiver.hpp"
#include "plugin/ChannelCalls.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <stdexcept>

namespace sb::test {

inline constexpr const char* kSecret = "whsec_5f2b1c9e8d7a6b5c4d3e2f1a0b9c8d7e";

class WebhookTest : public ::testing::Test {
 protected:
  // Config of a working instance posting to the receiver; `extra` adds or replaces keys.
  std::vector<ConfigValue> configWith(std::vector<ConfigValue> extra = {}) {
    return withOverrides({{"url", receiver.url()}, {"secret", kSecret}}, extra);
  }

  plugin::PluginInstance& start(std::vector<ConfigValue> extra = {}) {
    return host.start("hooks", "webhook", configWith(std::move(extra)));
  }

  // Why the instance refused to start ("" when it started).
  std::string refusal(std::vector<ConfigValue> config) {
    auto report = host.load({instanceSettings("hooks", "webhook", config)});
    EXPECT_EQ(host.instance("hooks"), nullptr);
    return report.problems.empty() ? std::string() : report.problems[0].format();
  }

  static plugin::OutboundMessage notification() {
    plugin::OutboundMessage m;
    m.notification_id = "ntf_01HZX3K9Q2";
    m.channel = "webhook";
    m.recipient = "user-42";
    m.subject = "Order shipped";
    m.text = "Your order #1001 is on its way.";
    m.html = "<p>Your order <b>#1001</b> is on its way.</p>";
    m.data_json = R"({"order_id":1001,"carrier":"DHL","items":["book","pen"]})";
    m.locale = "en-GB";
    m.category = "orders";
    m.priority = "high";
    return m;
  }

  WebhookReceiver receiver{kSecret};
  SinglePluginHost host{"webhook", "https://notify.example.com"};
};

}  // namespace sb::test
