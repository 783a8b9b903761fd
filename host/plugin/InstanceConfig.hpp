// InstanceConfig: a plugin instance's `config:` map validated against the plugin's declared
// schema (unknown keys, types, required keys, defaults), held in the C form the plugin
// receives, with a redacted view for logs and the API.
#pragma once

#include "config/ConfigError.hpp"
#include "config/Settings.hpp"
#include "plugin/Plugin.hpp"

#include <Poco/JSON/Object.h>

#include <deque>
#include <memory>
#include <string>
#include <vector>

namespace sb::plugin {

class InstanceConfig {
 public:
  // Appends a ConfigProblem (file, line, column, key path) to `problems` for each error.
  // `keyPrefix` is the instance's path, e.g. "plugins.instances[2]".
  static std::unique_ptr<InstanceConfig> validate(const Plugin& plugin, const config::PluginInstanceSettings& settings,
                                 const std::string& keyPrefix, std::vector<config::ConfigProblem>& problems);

  InstanceConfig() = default;
  InstanceConfig(const InstanceConfig&) = delete;
  InstanceConfig& operator=(const InstanceConfig&) = delete;

  // Valid while this object lives; pointers refer into its own storage (hence not movable).
  const sb_config& view() const { return view_; }
  // Every value with secret ones replaced by "***" (for GET /api/v1/plugins and logs).
  Poco::JSON::Object::Ptr redacted() const;

 private:
  struct Value {
    std::string key;
    int32_t type;
    std::string text;
    int64_t int_value = 0;
    double double_value = 0;
    bool secret = false;
  };
  void seal(const std::string& instanceName);

  std::string instance_name_;
  std::deque<Value> values_;  // deque: stable addresses for the sb_str views
  std::vector<sb_config_value> c_values_;
  sb_config view_{};
};

}  // namespace sb::plugin
