// SinglePluginHost: one bundled plugin library loaded through the host's own registry
// (dlopen, handshake, schema validation, create), from a private folder holding only that
// library, so that other plugins in the build's plugin folder cannot interfere.
#pragma once

#include "metrics/MetricsRegistry.hpp"
#include "plugin/PluginRegistry.hpp"
#include "support/TempDir.hpp"

#include <filesystem>
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
