// RecommenderSet: the recommender instances a config's `plugins:` section declares, loaded
// and started for evaluation. Only the instances being evaluated are created (a server
// config's channel instances are left alone); library and instance problems are config
// errors, as in the server.
#pragma once

#include "config/ConfigError.hpp"
#include "config/Settings.hpp"
#include "metrics/MetricsRegistry.hpp"
#include "plugin/PluginRegistry.hpp"

#include <memory>
#include <string>
#include <vector>

namespace sb::recommend::eval {

class RecommenderSet {
 public:
  // `only` empty: every enabled instance of a recommender plugin, in config order.
  // Otherwise exactly the named instances (even if disabled), in config order. Throws
  // config::ConfigError listing every problem (refused libraries, unknown or non-recommender
  // names, instance config errors, create() refusals, nothing to evaluate).
  RecommenderSet(const config::PluginSettings& settings, const std::vector<std::string>& only = {});

  const std::vector<std::shared_ptr<plugin::PluginInstance>>& instances() const { return instances_; }
  const std::vector<std::string>& warnings() const { return warnings_; }

 private:
  metrics::MetricsRegistry metrics_;
  std::unique_ptr<plugin::PluginRegistry> registry_;
  std::vector<std::shared_ptr<plugin::PluginInstance>> instances_;
  std::vector<std::string> warnings_;
};

}  // namespace sb::recommend::eval
