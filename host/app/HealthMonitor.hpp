// HealthMonitor: asks every plugin instance for its health on a fixed interval, so
// GET /api/v1/plugins and the logs show a provider going bad before a send fails.
#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

namespace sb::plugin { class PluginRegistry; }

namespace sb::app {

class HealthMonitor {
 public:
  HealthMonitor(plugin::PluginRegistry& registry, std::chrono::milliseconds interval);
  ~HealthMonitor();  // stops and joins
  HealthMonitor(const HealthMonitor&) = delete;
  HealthMonitor& operator=(const HealthMonitor&) = delete;

  void checkNow();

 private:
  void run();

  plugin::PluginRegistry& registry_;
  std::chrono::milliseconds interval_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace sb::app
