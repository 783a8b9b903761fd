#include "app/Reloader.hpp"

#include "config/ConfigLoader.hpp"
#include "config/EmbeddedConfig.hpp"
#include "log/Logging.hpp"
#include "notify/delivery/ProviderRouter.hpp"
#include "plugin/PluginRegistry.hpp"
#include "recommend/models/TenantModels.hpp"
#include "recommend/serving/RecommendationSetup.hpp"

#include <spdlog/spdlog.h>

namespace sb::app {
namespace {

// Sections read only at start-up, by name, and whether they differ.
std::vector<std::string> restartOnlyChanges(const config::Settings& a, const config::Settings& b) {
  std::vector<std::string> out;
  auto check = [&](const char* name, bool same) {
    if (!same) out.push_back(std::string(name) + " changed; it applies on restart (the running value is kept)");
  };
  check("server", a.server == b.server);
  check("store", a.store == b.store);
  check("auth", a.auth == b.auth);
  check("http_client", a.http_client == b.http_client);
  check("plugins.health_interval", a.plugins.health_interval == b.plugins.health_interval);
  check("plugins.faults_before_disable", a.plugins.faults_before_disable == b.plugins.faults_before_disable);
  auto notificationsBesidesRoutes = b.notifications;
  notificationsBesidesRoutes.routes = a.notifications.routes;  // routes apply live
  check("notifications (besides routes)", a.notifications == notificationsBesidesRoutes);
  check("redis", a.redis == b.redis);
  check("rate_limits", a.rate_limits == b.rate_limits);
  check("websocket", a.websocket == b.websocket);
  check("metrics", a.metrics == b.metrics);
  check("recommendations", a.recommendations == b.recommendations);
  return out;
}

void append(std::vector<config::ConfigProblem>& to, const std::vector<config::ConfigProblem>& from,
            const std::string& note = "") {
  for (auto p : from) {
    if (!note.empty()) p.message += note;
    to.push_back(std::move(p));
  }
}

}  // namespace

Reloader::Reloader(config::Settings running, Parts parts) : running_(std::move(running)), parts_(parts) {}

config::Settings Reloader::readConfig() const {
  if (running_.source_file == config::kEmbeddedConfigName) {
    return config::loadConfigString(std::string(config::embeddedDefaultConfig()),
                                    std::string(config::kEmbeddedConfigName));
  }
  return config::loadConfigFile(running_.source_file);
}

ReloadResult Reloader::reload() {
  std::lock_guard lock(mutex_);
  ReloadResult result;
  result.source = running_.source_file;
  config::Settings next;
  try {
    next = readConfig();
  } catch (const config::ConfigError& e) {
    result.problems = e.problems();
    return result;
  }

  plugin::LoadReport report;
  plugin::ReloadChanges changes;
  auto staged = parts_.plugins.stage(next.plugins, report, changes);
  for (const auto& r : report.rejected) result.changes.push_back("refused library " + r.file + ": " + r.reason);
  append(result.problems, report.problems);
  // Routes and pipelines must find their instances in the new plugin set. Notification
  // routes apply now, so the new ones; pipelines change only on restart, so the running ones
  // (they stay in force) and the new ones (so that the restart works).
  const std::string keptNote = " (in the running config, which stays in force until a restart)";
  append(result.problems, notify::ProviderRouter(next.notifications).validate(*staged));
  append(result.problems, recommend::RecommendationSetup(next.recommendations).validate(*staged));
  if (!(next.recommendations == running_.recommendations))
    append(result.problems, parts_.recommendations.validate(*staged), keptNote);
  if (!result.problems.empty()) return result;  // `staged` and what it started are released here

  parts_.plugins.adopt(std::move(*staged));
  for (const auto& name : changes.replaced_instances) parts_.models.respawn(name);
  result.changes.insert(result.changes.end(), changes.libraries.begin(), changes.libraries.end());
  result.changes.insert(result.changes.end(), changes.instances.begin(), changes.instances.end());
  if (!(next.notifications.routes == running_.notifications.routes)) {
    parts_.router.replaceRoutes(next.notifications.routes);
    result.changes.push_back("notifications.routes applied");
  }
  if (!(next.log == running_.log)) {
    log::configure(next.log);
    result.changes.push_back("log settings applied");
  }
  result.restart_required = restartOnlyChanges(running_, next);

  // What runs now: the applied sections from `next`, the rest as started.
  running_.plugins.paths = next.plugins.paths;
  running_.plugins.instances = next.plugins.instances;
  running_.notifications.routes = next.notifications.routes;
  running_.log = next.log;
  result.applied = true;
  return result;
}

void logReloadResult(const ReloadResult& result) {
  if (!result.applied) {
    spdlog::error("reload of {} refused; the running configuration is kept ({} problem(s))", result.source,
                  result.problems.size());
    for (const auto& p : result.problems) spdlog::error("  {}", p.format());
    return;
  }
  spdlog::info("reloaded {}: {}", result.source, result.changes.empty() ? "no changes" : "");
  for (const auto& c : result.changes) spdlog::info("  {}", c);
  for (const auto& r : result.restart_required) spdlog::warn("  {}", r);
}

}  // namespace sb::app
