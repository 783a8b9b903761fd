// SinglePluginHost: one bundled plugin library loaded through the host's own registry
// (dlopen, handshake, schema validation, create), from a private folder holding only that
// library, so that other plugins in the build's plugin folder cannot interfere.
#pragma once

#include "metrics/MetricsRegistry.hpp"
#include "plugin/PluginRegistry.hpp"
#include "support/TempDir.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <stdexcept>
#include <memory>
#include <string>
#include <vector>

namespace sb::test {

// One `config:` entry: a scalar as written in YAML, or a map/list as JSON text.
struct ConfigValue {
  std::string key;
  std::string value;
  bool json = false;
};

inline config::PluginInstanceSettings instanceSettings(const std::string& name, const std::string& plugin,
                                                       const std::vector<ConfigValue>& values) {
  config::PluginInstanceSettings s;
  s.name = name;
  s.plugin = plugin;
  s.mark = {"test.yaml", 3, 7};
  int line = 4;
  for (const auto& v : values) {
    config::PluginConfigEntry e;
    e.key = v.key;
    if (v.json) {
      e.kind = config::PluginConfigEntry::Kind::Map;
      e.json = v.value;
    } else {
      e.scalar = v.value;
    }
    e.mark = {"test.yaml", line++, 9};
    s.config.push_back(std::move(e));
  }
  return s;
}

// `base` with every key of `extra` added or replaced: a working config, varied per test.
inline std::vector<ConfigValue> withOverrides(std::vector<ConfigValue> base, const std::vector<ConfigValue>& extra) {
  for (const auto& e : extra) {
    auto same = std::find_if(base.begin(), base.end(), [&](const ConfigValue& v) { return v.key == e.key; });
    if (same != base.end()) *same = e;
    else base.push_back(e);
  }
  return base;
}

class SinglePluginHost {
 public:
  // `public_url` plays server.public_url: instances get <public_url>/webhooks/<name>.
  SinglePluginHost(const std::string& library, const std::string& public_url)
      : registry_(metrics_, httpDefaults(public_url)) {
    std::filesystem::copy_file(std::string(SB_PLUGIN_OUTPUT_DIR) + "/" + library + ".so", dir_.file(library + ".so"));
  }

  plugin::LoadReport load(std::vector<config::PluginInstanceSettings> instances) {
    config::PluginSettings s;
    s.paths = {dir_.path()};
    s.instances = std::move(instances);
    return registry_.load(s);
  }

  std::shared_ptr<plugin::PluginInstance> instance(const std::string& name) const { return registry_.instance(name); }

  // Loads one instance and returns it; a failed expectation (and a throw) when it does not start.
  plugin::PluginInstance& start(const std::string& name, const std::string& plugin, const std::vector<ConfigValue>& values) {
    auto report = load({instanceSettings(name, plugin, values)});
    EXPECT_TRUE(report.rejected.empty()) << report.rejected[0].reason;
    EXPECT_TRUE(report.ok()) << report.problems[0].format();
    auto started = instance(name);
    if (!started) throw std::runtime_error(name + " did not start");
    return *started;
  }
  plugin::PluginRegistry& registry() { return registry_; }

 private:
  static plugin::HttpClientDefaults httpDefaults(const std::string& public_url) {
    plugin::HttpClientDefaults d;
    d.connect_timeout = std::chrono::milliseconds(2000);
    d.public_url = public_url;
    return d;
  }

  TempDir dir_{"sb-plugin"};
  metrics::MetricsRegistry metrics_;
  plugin::PluginRegistry registry_;
};

}  // namespace sb::test
