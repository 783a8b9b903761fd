#include "plugin/PluginRegistry.hpp"

#include <optional>

#include "plugin/PluginError.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <set>
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

void PluginRegistry::loadLibraries(const config::PluginSettings& settings, LoadReport& report,
                                   const PluginRegistry* previous, ReloadChanges* changes) {
  std::vector<std::shared_ptr<const Plugin>> loaded;
  std::vector<RejectedLibrary> rejected;
  auto before = previous ? previous->plugins() : std::vector<std::shared_ptr<const Plugin>>{};
  std::set<std::string> seenFiles;
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
      seenFiles.insert(file.string());
      try {
        // An unchanged file keeps its loaded copy (and every instance made from it).
        std::vector<std::shared_ptr<const Plugin>> fromThis;
        std::vector<std::shared_ptr<const Plugin>> older;
        FileStamp stamp = FileStamp::of(file.string());
        for (const auto& p : before) {
          if (p->file() != file.string()) continue;
          (p->stamp() == stamp ? fromThis : older).push_back(p);
        }
        bool reused = !fromThis.empty();
        if (!reused) {
          auto library = PluginLibrary::open(file.string());
          for (size_t i = 0; i < library->library().plugin_count; ++i)
            fromThis.push_back(std::make_shared<const Plugin>(library, library->library().plugins[i]));
        }
        for (const auto& plugin : fromThis) {
          auto clash = std::find_if(loaded.begin(), loaded.end(), [&](const auto& p) { return p->id() == plugin->id(); });
          if (clash != loaded.end()) {
            throw PluginLoadError(file.string(), "duplicate plugin id '" + plugin->id() + "', already provided by " +
                                                     (*clash)->file());
          }
        }
        loaded.insert(loaded.end(), fromThis.begin(), fromThis.end());
        if (reused) continue;
        for (const auto& p : fromThis) {
          spdlog::info("loaded plugin {} {} ({}, ABI {}) from {}", p->id(), p->version(), p->kind(), p->abiVersion(),
                       p->file());
          if (!changes) continue;
          auto old = std::find_if(older.begin(), older.end(), [&](const auto& o) { return o->id() == p->id(); });
          changes->libraries.push_back(old == older.end()
                                           ? "loaded " + p->id() + " " + p->version() + " from " + p->file()
                                           : "replaced " + p->id() + " " + (*old)->version() + " with " +
                                                 p->version() + " (" + p->file() + " changed)");
        }
      } catch (const PluginLoadError& e) {
        spdlog::error("plugin library refused: {}", e.what());
        rejected.push_back({e.file(), e.reason()});
      }
    }
  }
  if (changes) {
    for (const auto& p : before)
      if (!seenFiles.count(p->file())) changes->libraries.push_back("retired " + p->id() + " (" + p->file() + " is gone)");
  }
  std::unique_lock lock(mutex_);
  plugins_ = std::move(loaded);
  rejected_ = rejected;
  report.rejected = std::move(rejected);
}

void PluginRegistry::createInstances(const config::PluginSettings& settings, LoadReport& report,
                                     const PluginRegistry* previous, ReloadChanges* changes) {
  std::vector<std::shared_ptr<PluginInstance>> created;
  std::vector<config::PluginInstanceSettings> createdSettings;
  auto knownPlugins = plugins();
  std::vector<std::shared_ptr<PluginInstance>> oldInstances;
  std::vector<config::PluginInstanceSettings> oldSettings;
  if (previous) {
    std::shared_lock lock(previous->mutex_);
    oldInstances = previous->instances_;
    oldSettings = previous->instance_settings_;
  }
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
    // Same plugin code, same config, still healthy: the running instance carries on.
    std::string why = "created";
    for (size_t j = 0; j < oldInstances.size(); ++j) {
      if (oldInstances[j]->name() != s.name) continue;
      if (oldInstances[j]->pluginHandle() != *plugin) why = "replaced (its plugin's library changed)";
      else if (!(oldSettings[j] == s)) why = "replaced (its config changed)";
      else if (auto st = oldInstances[j]->health().state; st == InstanceState::Disabled || st == InstanceState::Failed)
        why = "replaced (it was disabled or failed)";
      else why.clear();
      if (why.empty()) {
        created.push_back(oldInstances[j]);
        createdSettings.push_back(s);
      }
      break;
    }
    if (why.empty()) continue;
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
    if (changes && previous) {
      changes->instances.push_back("instance " + s.name + ": " + why);
      if (why != "created") changes->replaced_instances.push_back(s.name);
    }
  }
  if (changes) {
    for (const auto& old : oldInstances) {
      bool stays = std::any_of(created.begin(), created.end(), [&](const auto& c) { return c->name() == old->name(); });
      if (!stays) {
        changes->instances.push_back("instance " + old->name() + ": retired");
        changes->replaced_instances.push_back(old->name());
      }
    }
  }
  std::unique_lock lock(mutex_);
  instances_ = std::move(created);
  instance_settings_ = std::move(createdSettings);
}

std::unique_ptr<PluginRegistry> PluginRegistry::stage(const config::PluginSettings& settings, LoadReport& report,
                                                      ReloadChanges& changes) const {
  auto staged = std::make_unique<PluginRegistry>(metrics_, http_defaults_, faults_before_disable_);
  staged->loadLibraries(settings, report, this, &changes);
  staged->createInstances(settings, report, this, &changes);
  return staged;
}

void PluginRegistry::adopt(PluginRegistry&& staged) {
  std::unique_lock stagedLock(staged.mutex_);
  std::unique_lock lock(mutex_);
  plugins_ = std::move(staged.plugins_);
  instances_ = std::move(staged.instances_);
  instance_settings_ = std::move(staged.instance_settings_);
  rejected_ = std::move(staged.rejected_);
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
