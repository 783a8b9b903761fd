#include "FcmInstance.hpp"

#include "FakeGoogle.hpp"

#include <filesystem>

namespace sb::test::fcm {

ConfigEntries configFor(const FakeGoogle& google) {
  return {{"service_account_json", google.serviceAccountJson()}, {"base_url", google.fcmBaseUrl()}};
}

plugin::OutboundMessage pushTo(const std::string& recipient) {
  plugin::OutboundMessage m;
  m.notification_id = "n-1";
  m.channel = "push";
  m.recipient = recipient;
  m.subject = "Your order shipped";
  m.text = "It arrives on Tuesday.";
  m.data_json = R"({"order_id":"A-17"})";
  m.priority = "normal";
  return m;
}

FcmInstance::FcmInstance(const ConfigEntries& config) {
  // A copy alone in its folder: the build's plugin folder also holds other plugins.
  std::filesystem::copy_file(SB_FCM_PLUGIN, folder_.file("fcm.so"));
  config::PluginInstanceSettings instance;
  instance.name = "push";
  instance.plugin = "fcm";
  instance.mark = {"test.yaml", 8, 7};
  int line = 10;
  for (const auto& [key, value] : config) {
    config::PluginConfigEntry e;
    e.key = key;
    e.scalar = value;
    e.mark = {"test.yaml", line++, 9};
    instance.config.push_back(std::move(e));
  }
  config::PluginSettings settings;
  settings.paths = {folder_.path()};
  settings.instances = {instance};
  report_ = registry_.load(settings);
}

std::string FcmInstance::problems() const {
  std::string all;
  for (const auto& r : report_.rejected) all += r.file + ": " + r.reason + "\n";
  for (const auto& p : report_.problems) all += p.format() + "\n";
  return all;
}

}  // namespace sb::test::fcm
