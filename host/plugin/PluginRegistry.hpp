// PluginRegistry: what the plugin folders hold and which instances the config names.
// Loads every *.so in the configured paths (refusing bad ones with a reason), then creates
// the configured instances. Hands out instances as shared handles, so a later reload can
// swap the registry's contents while calls in flight keep their old instance alive.
#pragma once

#include "config/ConfigError.hpp"
#include "config/Settings.hpp"
#include "plugin/PluginInstance.hpp"

#include <memory>
#include <shared_mutex>
#include <string>
#include <vector>

namespace sb::plugin {

struct RejectedLibrary {
  std::string file;
  std::string reason;
};

// What a reload changes, in words for the reply and the log ("instance sms-b: replaced").
struct ReloadChanges {
  std::vector<std::string> libraries;  // loaded, replaced (file changed), retired
  std::vector<std::string> instances;  // created, replaced (config or library changed), retired
  std::vector<std::string> replaced_instances;  // names whose instance object is new
  bool empty() const { return libraries.empty() && instances.empty(); }
};

struct LoadReport {
  std::vector<RejectedLibrary> rejected;          // libraries refused (bad ABI, no entry, duplicate id...)
  std::vector<config::ConfigProblem> problems;    // instance config errors, unknown plugins, create() refusals
  std::vector<std::string> warnings;              // missing plugin folders and the like
  bool ok() const { return problems.empty(); }
};

class PluginRegistry {
 public:
  PluginRegistry(metrics::MetricsRegistry& metrics, HttpClientDefaults httpDefaults, int faultsBeforeDisable = 5);

  // Loads libraries and creates instances. Problems are reported, never thrown; the caller
  // decides whether they are fatal (at start-up and in --check-config they are).
  LoadReport load(const config::PluginSettings& settings);

  std::vector<std::shared_ptr<const Plugin>> plugins() const;
  std::vector<std::shared_ptr<PluginInstance>> instances() const;
  std::shared_ptr<PluginInstance> instance(const std::string& name) const;
  // A new, started instance of the same plugin with the same config as the configured
  // instance `name`, owned by the caller and not listed by instances(): recommenders keep
  // one model per tenant, and train a new model beside the one that serves. Null (with
  // `why`) when `name` is unknown or create() refuses.
  std::shared_ptr<PluginInstance> spawn(const std::string& name, const std::string& newName, std::string* why = nullptr);
  std::vector<RejectedLibrary> rejected() const;

  // Hot reload, in two steps so nothing changes until everything is known to work:
  // stage() builds the next contents in a new registry beside this one — libraries whose
  // file is unchanged and instances whose plugin and config are unchanged are shared, not
  // reloaded; changed files are loaded beside the old copies; new and changed instances are
  // created and started. Problems land in `report` and the caller discards the stage.
  // adopt() then swaps the staged contents in at once. Retired instances and libraries
  // are released when the last call using them returns (callers hold shared handles).
  std::unique_ptr<PluginRegistry> stage(const config::PluginSettings& settings, LoadReport& report,
                                        ReloadChanges& changes) const;
  void adopt(PluginRegistry&& staged);

 private:
  // With `previous`, unchanged libraries and instances are taken over from it.
  void loadLibraries(const config::PluginSettings& settings, LoadReport& report,
                     const PluginRegistry* previous = nullptr, ReloadChanges* changes = nullptr);
  void createInstances(const config::PluginSettings& settings, LoadReport& report,
                       const PluginRegistry* previous = nullptr, ReloadChanges* changes = nullptr);

  metrics::MetricsRegistry& metrics_;
  HttpClientDefaults http_defaults_;
  int faults_before_disable_;
  mutable std::shared_mutex mutex_;
  std::vector<std::shared_ptr<const Plugin>> plugins_;
  std::vector<std::shared_ptr<PluginInstance>> instances_;
  std::vector<config::PluginInstanceSettings> instance_settings_;  // of instances_, for spawn()
  std::vector<RejectedLibrary> rejected_;
};

}  // namespace sb::plugin
