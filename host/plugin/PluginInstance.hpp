// PluginInstance: one configured instance of a plugin ("smtp-primary"), shared by handle.
// Every call goes through invoke(): it serialises calls for SERIALIZED plugins, builds
// the sb_call, collects the error and retry-after, counts outcomes, and disables an
// instance that keeps faulting instead of letting it take the host down.
#pragma once

#include "plugin/HostServices.hpp"
#include "plugin/InstanceConfig.hpp"
#include "plugin/Plugin.hpp"

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

namespace sb::plugin {

struct CallOutcome {
  sb_status status = SB_OK;
  std::string error;                      // set by the plugin for non-OK results
  std::optional<int64_t> retry_after_ms;  // set by the plugin with SB_RETRY
  double duration_ms = 0;
  bool ok() const { return status == SB_OK; }
};

const char* statusName(sb_status status);

enum class InstanceState { Running, Failed, Disabled };

struct InstanceHealth {
  InstanceState state = InstanceState::Running;
  std::string reason;       // why Failed / Disabled, or the last health error
  uint64_t calls = 0;
  uint64_t errors = 0;      // non-OK outcomes
  uint64_t faults = 0;      // SB_INTERNAL outcomes and escaped exceptions
  std::optional<sb_status> last_health;
};

class PluginInstance {
 public:
  using Call = std::function<sb_status(void* instance, sb_call* call)>;

  PluginInstance(std::shared_ptr<const Plugin> plugin, std::string name, std::unique_ptr<InstanceConfig> config,
                 metrics::MetricsRegistry& metrics, HttpClientDefaults httpDefaults, int faultsBeforeDisable);
  ~PluginInstance();
  PluginInstance(const PluginInstance&) = delete;
  PluginInstance& operator=(const PluginInstance&) = delete;

  // Calls the plugin's create(). On failure the instance stays Failed, with the reason.
  CallOutcome start();

  // Runs one call into the plugin (see the class comment). A disabled or failed instance
  // answers SB_UNSUPPORTED without calling the plugin.
  CallOutcome invoke(const char* operation, const Call& call,
                     std::chrono::milliseconds timeout = std::chrono::seconds(30));

  // The plugin's health() if it has one; otherwise the instance's own state.
  CallOutcome checkHealth();

  const std::string& name() const { return name_; }
  const Plugin& plugin() const { return *plugin_; }
  std::shared_ptr<const Plugin> pluginHandle() const { return plugin_; }
  const InstanceConfig& config() const { return *config_; }
  InstanceHealth health() const;
  bool usable() const;

 private:
  void recordOutcome(const char* operation, const CallOutcome& outcome);
  void disable(const std::string& reason);

  std::shared_ptr<const Plugin> plugin_;  // keeps the library loaded while this lives
  std::string name_;
  std::unique_ptr<InstanceConfig> config_;
  HostServices services_;
  metrics::MetricsRegistry& metrics_;
  int faults_before_disable_;
  void* handle_ = nullptr;
  std::mutex call_mutex_;           // serialises calls for SERIALIZED plugins
  mutable std::mutex state_mutex_;
  InstanceHealth health_;
  int consecutive_faults_ = 0;
};

}  // namespace sb::plugin
