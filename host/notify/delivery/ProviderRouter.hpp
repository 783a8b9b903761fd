// ProviderRouter: for each channel, the provider instances in failover order, and one
// circuit breaker per provider instance (shared by every worker of this process).
#pragma once

#include "config/ConfigError.hpp"
#include "config/Settings.hpp"
#include "notify/delivery/CircuitBreaker.hpp"

#include <map>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <vector>

namespace sb::plugin { class PluginRegistry; }

namespace sb::notify {

class ProviderRouter {
 public:
  explicit ProviderRouter(const config::NotificationSettings& settings);

  // Problems (file:line:column) for routes naming instances that do not exist or are not
  // channel plugins.
  std::vector<config::ConfigProblem> validate(const plugin::PluginRegistry& registry) const;

  bool hasRoute(const std::string& channel) const;
  std::vector<std::string> providers(const std::string& channel) const;
  std::vector<std::string> channels() const;
  // A reload's new routes (validated by the caller first); breakers are kept, so a provider
  // that was failing stays open.
  void replaceRoutes(const std::vector<config::ChannelRouteSettings>& routes);
  CircuitBreaker& breaker(const std::string& provider);
  // provider -> breaker state, for metrics and the API.
  std::map<std::string, std::string> breakerStates();

 private:
  mutable std::shared_mutex routes_mutex_;  // routes_ and declared_ change on reload
  std::map<std::string, std::vector<std::string>> routes_;
  std::vector<config::ChannelRouteSettings> declared_;
  int breaker_failures_;
  std::chrono::milliseconds breaker_cool_down_;
  std::mutex mutex_;
  std::map<std::string, std::unique_ptr<CircuitBreaker>> breakers_;
};

}  // namespace sb::notify
