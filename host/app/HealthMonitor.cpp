#include "app/HealthMonitor.hpp"

#include "plugin/PluginRegistry.hpp"

#include <spdlog/spdlog.h>

namespace sb::app {

HealthMonitor::HealthMonitor(plugin::PluginRegistry& registry, std::chrono::milliseconds interval)
    : registry_(registry), interval_(interval), thread_([this] { run(); }) {}

HealthMonitor::~HealthMonitor() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

void HealthMonitor::checkNow() {
  for (const auto& instance : registry_.instances()) {
    bool wasHealthy = !instance->health().last_health || *instance->health().last_health == SB_OK;
    auto outcome = instance->checkHealth();
    if (!outcome.ok() && wasHealthy) {
      spdlog::warn("plugin instance {} reports unhealthy ({}): {}", instance->name(), plugin::statusName(outcome.status),
                   outcome.error);
    } else if (outcome.ok() && !wasHealthy) {
      spdlog::info("plugin instance {} is healthy again", instance->name());
    }
  }
}

void HealthMonitor::run() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    lock.unlock();
    checkNow();
    lock.lock();
    wake_.wait_for(lock, interval_, [this] { return stopping_; });
  }
}

}  // namespace sb::app
