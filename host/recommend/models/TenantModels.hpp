// TenantModels: one model per tenant and recommender. Each (tenant, recommender) is served
// by its own plugin instance (spawned from the configured one, same config), loaded with
// the active model version from the store on first use and whenever another instance of
// Switchboard activated a newer one (checked every few seconds). Training happens on a
// fresh instance beside it; the trained one is swapped in atomically, so serving never
// waits for training.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace sb::plugin {
class PluginInstance;
class PluginRegistry;
}  // namespace sb::plugin

namespace sb::recommend {

class ModelRepository;

class TenantModels {
 public:
  TenantModels(plugin::PluginRegistry& plugins, ModelRepository& models,
               std::chrono::milliseconds storeCheckInterval = std::chrono::seconds(10));

  struct Serving {
    std::shared_ptr<plugin::PluginInstance> instance;  // null when the recommender cannot be spawned
    int version = 0;                                   // 0: no trained model (recommend falls back)
  };
  // Throws store errors only from the first load; later store trouble keeps the model in hand.
  Serving serving(const std::string& tenant, const std::string& recommender);

  // A fresh instance to train on; throws std::runtime_error when it cannot be created.
  std::shared_ptr<plugin::PluginInstance> fresh(const std::string& tenant, const std::string& recommender);
  // Serves `instance` (holding model `version`) from now on.
  void install(const std::string& tenant, const std::string& recommender,
               std::shared_ptr<plugin::PluginInstance> instance, int version);
  // Loads a stored version into a fresh instance and serves it (rollback); false when
  // there is no such version or the plugin cannot read it.
  bool activate(const std::string& tenant, const std::string& recommender, int version, std::string* why = nullptr);

  struct Served {
    std::string tenant, recommender;
    int version = 0;
  };
  // What this process serves now (for metrics).
  std::vector<Served> served();
  // After a reload replaced the configured instance `recommender`: every tenant's instance is
  // re-spawned from the new one (and its active model loaded) on its next use, while the old
  // instance keeps serving until then.
  void respawn(const std::string& recommender);

 private:
  struct Entry {
    std::mutex mutex;  // one loader at a time per entry; readers copy `current`
    Serving current;
    std::chrono::steady_clock::time_point checked{};
    bool respawn = false;
  };
  std::shared_ptr<Entry> entry(const std::string& tenant, const std::string& recommender);
  Serving load(const std::string& tenant, const std::string& recommender, int version);

  plugin::PluginRegistry& plugins_;
  ModelRepository& models_;
  std::chrono::milliseconds check_interval_;
  std::mutex mutex_;
  std::map<std::pair<std::string, std::string>, std::shared_ptr<Entry>> entries_;
};

}  // namespace sb::recommend
