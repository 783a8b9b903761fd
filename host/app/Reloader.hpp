// Reloader: re-reads the config file and the plugin folders while serving (SIGHUP and
// POST /api/v1/admin/reload). All or nothing: the new config is validated and the new
// plugin set is staged and checked against every config section that names instances
// before anything is swapped in; a refused reload leaves the running server untouched.
//
// Applied live: plugins (new libraries load, changed files load beside the old copies,
// instances whose plugin or config changed are re-created, removed ones retire once their
// in-flight calls return), notification routes and the log section. Every other section is read at start-up
// only; a change there is reported as needing a restart and the running value is kept.
#pragma once

#include "config/ConfigError.hpp"
#include "config/ReloadResult.hpp"
#include "config/Settings.hpp"

#include <mutex>
#include <string>
#include <vector>

namespace sb::plugin { class PluginRegistry; }
namespace sb::notify { class ProviderRouter; }
namespace sb::recommend {
class RecommendationSetup;
class TenantModels;
}  // namespace sb::recommend

namespace sb::app {

using config::ReloadResult;

class Reloader {
 public:
  struct Parts {
    plugin::PluginRegistry& plugins;
    notify::ProviderRouter& router;
    recommend::RecommendationSetup& recommendations;
    recommend::TenantModels& models;
  };
  Reloader(config::Settings running, Parts parts);

  // Serialized: a second reload waits for the first.
  ReloadResult reload();

 private:
  config::Settings readConfig() const;

  std::mutex mutex_;
  config::Settings running_;
  Parts parts_;
};

// Logs a result: what changed at info, problems and restart-only changes at warn.
void logReloadResult(const ReloadResult& result);

}  // namespace sb::app
