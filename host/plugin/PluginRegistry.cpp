#include "plugin/PluginRegistry.hpp"

#include <optional>

#include "plugin/PluginError.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <filesystem>
#include <sstream>

namespace sb::plugin {

namespace fs = std::filesystem;

PluginRegistry::PluginRegistry(metrics::MetricsRegistry& metrics, HttpClientDefaults httpDefaults,
                               int faultsBeforeDisable)
    : metrics_(metrics), http_defaults_(httpDefaults), faults_before_disable_(faultsBeforeDisable) {}

LoadReport PluginRegistry::load(const config::PluginSettings& settings) {
  LoadReport report;
  loadLibraries(settings, report);
  createInstances(settings, report);
  return report;
}

void PluginRegistry::loadLibraries(const config::PluginSettings& settings, LoadReport& report) {
  std::vector<std::shared_ptr<const Plugin>> loaded;
  std::vector<RejectedLibrary> rejected;
  for (const auto& dir : settings.paths) {
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) {
      report.warnings.push_back("plugin folder " + dir + " does not exist; skipped");
      continue;
    }
    std::vector<fs::path> files;
    for (const auto& entry : fs::directory_iterator(dir, ec))
      if (entry.path().extension() == ".so") files.push_back(entry.path());
    std::sort(files.begin(), files.end());  // deterministic: the first of two duplicate ids wins
    for (const auto& file : files) {
      try {
        auto library = PluginLibrary::open(file.string());
        std::vector<std::shared_ptr<const Plugin>> fromThis;
        for (size_t i = 0; i < library->library().plugin_count; ++i) {
          auto plugin = std::make_shared<const Plugin>(library, library->library().plugins[i]);
          auto clash = std::find_if(loaded.begin(), loaded.end(), [&](const auto& p) { return p->id() == plugin->id(); });
          if (clash != loaded.end()) {
            throw PluginLoadError(file.string(), "duplicate plugin id '" + plugin->id() + "', already provided by " +
                                                     (*clash)->file());
          }
          fromThis.push_back(plugin);
        }
        loaded.insert(loaded.end(), fromThis.begin(), fromThis.end());
        for (const auto& p : fromThis)
          spdlog::info("loaded plugin {} {} ({}, ABI {}) from {}", p->id(), p->version(), p->kind(), p->abiVersion(),
                       p->file());
      } catch (const PluginLoadError& e) {
        spdlog::error("plugin library refused: {}", e.what());
        rejected.push_back({e.file(), e.reason()});
      }
    }
  }
  std::unique_lock lock(mutex_);
  plugins_ = std::move(loaded);
  rejected_ = rejected;
  report.rejected = std::move(rejected);
}

void PluginRegistry::createInstances(const config::PluginSettings& settings, LoadReport& report) {
  std::vector<std::shared_ptr<PluginInstance>> created;
  std::vector<config::PluginInstanceSettings> createdSettings;
  auto knownPlugins = plugins();
  for (size_t i = 0; i < settings.instances.size(); ++i) {
    const auto& s = settings.instances[i];
    std::string path = "plugins.instances[" + std::to_string(i) + "]";
    if (!s.enabled) continue;
    auto plugin = std::find_if(knownPlugins.begin(), knownPlugins.end(), [&](const auto& p) { return p->id() == s.plugin; });
    if (plugin == knownPlugins.end()) {
      std::string why = "no loaded plugin has id '" + s.plugin + "'";
      for (const auto& r : rejected())
        if (r.file.find(s.plugin) != std::string::npos) why += " (" + r.file + " was refused: " + r.reason + ")";
      report.problems.push_back({s.mark.file, s.mark.line, s.mark.column, path + ".plugin", why});
      continue;
    }
    size_t before = report.problems.size();
    auto config = InstanceConfig::validate(**plugin, s, path, report.problems);
    if (report.problems.size() != before) continue;
    auto instance = std::make_shared<PluginInstance>(*plugin, s.name, std::move(config), metrics_, http_defaults_,
                                                     faults_before_disable_);
    auto outcome = instance->start();
    if (!outcome.ok()) {
      report.problems.push_back({s.mark.file, s.mark.line, s.mark.column, path,
                                 "instance '" + s.name + "' of plugin '" + s.plugin + "' refused to start (" +
                                     statusName(outcome.status) + "): " + outcome.error});
      continue;
    }
    spdlog::info("plugin instance {} ({}) started with config {}", s.name, s.plugin, [&] {
      std::ostringstream out;
      instance->config().redacted()->stringify(out);
      return out.str();
    }());
    created.push_back(std::move(instance));
    createdSettings.push_back(s);
  }
  std::unique_lock lock(mutex_);
  instances_ = std::move(created);
  instance_settings_ = std::move(createdSettings);
}

std::shared_ptr<PluginInstance> PluginRegistry::spawn(const std::string& name, const std::string& newName,
                                                      std::string* why) {
  std::shared_ptr<const Plugin> plugin;
  std::optional<config::PluginInstanceSettings> settings;
  {
    std::shared_lock lock(mutex_);
    for (size_t i = 0; i < instances_.size(); ++i) {
      if (instances_[i]->name() != name) continue;
      plugin = instances_[i]->pluginHandle();
      settings = instance_settings_[i];
    }
  }
  if (!plugin) {
    if (why) *why = "no plugin instance named '" + name + "'";
    return nullptr;
  }
  std::vector<config::ConfigProblem> problems;
  auto config = InstanceConfig::validate(*plugin, *settings, "plugins.instances." + name, problems);
  if (!problems.empty()) {
    if (why) *why = problems.front().message;
    return nullptr;
  }
  auto instance = std::make_shared<PluginInstance>(plugin, newName, std::move(config), metrics_, http_defaults_,
                                                   faults_before_disable_);
  auto outcome = instance->start();
  if (!outcome.ok()) {
    if (why) *why = "instance '" + newName + "' refused to start: " + outcome.error;
    return nullptr;
  }
  return instance;
}

std::vector<std::shared_ptr<const Plugin>> PluginRegistry::plugins() const {
  std::shared_lock lock(mutex_);
  return plugins_;
}

std::vector<std::shared_ptr<PluginInstance>> PluginRegistry::instances() const {
  std::shared_lock lock(mutex_);
  return instances_;
}

std::shared_ptr<PluginInstance> PluginRegistry::instance(const std::string& name) const {
  std::shared_lock lock(mutex_);
  for (const auto& i : instances_)
    if (i->name() == name) return i;
  return nullptr;
}

std::vector<RejectedLibrary> PluginRegistry::rejected() const {
  std::shared_lock lock(mutex_);
  return rejected_;
}

}  // namespace sb::plugin
