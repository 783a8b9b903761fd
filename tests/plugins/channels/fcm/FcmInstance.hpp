// FcmInstance: the real fcm.so, loaded by the host's PluginRegistry from a folder holding
// only it, with one instance configured as an operator would in YAML.
#pragma once

#include "metrics/MetricsRegistry.hpp"
#include "plugin/ChannelCalls.hpp"
#include "plugin/PluginRegistry.hpp"
#include "support/TempDir.hpp"

#include <string>
#include <utility>
#include <vector>

namespace sb::test::fcm {

class FakeGoogle;

using ConfigEntries = std::vector<std::pair<std::string, std::string>>;

// The config that points an instance at `google`: the key inline, FCM at the fake.
ConfigEntries configFor(const FakeGoogle& google);

// A push of `recipient` with a title, a body and a little data.
plugin::OutboundMessage pushTo(const std::string& recipient);

class FcmInstance {
 public:
  explicit FcmInstance(const ConfigEntries& config);

  bool started() const { return report_.ok() && registry_.instance("push") != nullptr; }
  // Every problem of the load, one per line ("" when there were none).
  std::string problems() const;
  plugin::PluginInstance& instance() { return *registry_.instance("push"); }
  plugin::SendResult send(const plugin::OutboundMessage& message) { return plugin::sendMessage(instance(), message); }
  plugin::SendResult send(const std::string& recipient) { return send(pushTo(recipient)); }

 private:
  TempDir folder_{"sb-fcm-plugin"};
  metrics::MetricsRegistry metrics_;
  plugin::PluginRegistry registry_{metrics_, plugin::HttpClientDefaults{}, 5};
  plugin::LoadReport report_;
};

}  // namespace sb::test::fcm
